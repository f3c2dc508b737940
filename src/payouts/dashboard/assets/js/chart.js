/* The stacked bar chart of payouts over time, drawn as SVG from /stats. */
import { $, s } from './dom.js';
import { formatDateTime, formatInt, pad } from './format.js';
import { STACK_ORDER, STATUSES, state } from './state.js';

function niceScale(max) {
  if (max <= 0) return { step: 1, top: 4 };
  const raw = max / 4;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const norm = raw / magnitude;
  let step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
  step = Math.max(1, Math.round(step));
  return { step, top: Math.ceil(max / step) * step };
}

function bucketLabel(date, bucketMinutes, hours) {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const hm = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (bucketMinutes >= 1440) return `${months[date.getMonth()]} ${date.getDate()}`;
  if (hours > 24) return `${days[date.getDay()]} ${hm}`;
  return hm;
}

function describeMinutes(minutes) {
  if (minutes % 1440 === 0) return minutes === 1440 ? '1 day' : `${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return `${minutes} min`;
}

export function renderChart(stats) {
  const host = $('#chart');
  const series = Array.isArray(stats.series) ? stats.series : [];
  const bucketMinutes = Number(stats.bucketMinutes) || 60;
  const width = Math.max(host.clientWidth || 0, 320);
  const height = 260;
  const m = { top: 14, right: 10, bottom: 46, left: 46 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const totals = series.map((b) => STATUSES.reduce((sum, st) => sum + (Number(b.counts && b.counts[st]) || 0), 0)
    + Object.keys(b.counts || {}).filter((st) => !STATUSES.includes(st)).reduce((sum, st) => sum + (Number(b.counts[st]) || 0), 0));
  const max = totals.length ? Math.max(...totals) : 0;
  const { step, top } = niceScale(max);
  const y = (v) => m.top + plotH - (v / top) * plotH;

  const svg = s('svg', {
    width, height, viewBox: `0 0 ${width} ${height}`, focusable: 'false', 'aria-hidden': 'true',
  });

  // Grid and y axis labels.
  for (let v = 0; v <= top; v += step) {
    svg.appendChild(s('line', { class: 'grid', x1: m.left, x2: width - m.right, y1: y(v), y2: y(v) }));
    svg.appendChild(s('text', { class: 'tick-label', x: m.left - 8, y: y(v) + 4, 'text-anchor': 'end' }, formatInt(v)));
  }
  svg.appendChild(s('text', {
    class: 'axis-title', transform: `translate(12 ${m.top + plotH / 2}) rotate(-90)`, 'text-anchor': 'middle',
  }, 'Payouts'));

  const n = series.length;
  const slot = n ? plotW / n : plotW;
  const barW = slot >= 4 ? Math.max(1, slot * 0.72) : Math.max(0.5, slot);
  const bars = s('g', { class: 'bars' });
  series.forEach((bucket, i) => {
    const from = new Date(bucket.from);
    const to = new Date(from.getTime() + bucketMinutes * 60000);
    const x = m.left + i * slot + (slot - barW) / 2;
    let acc = 0;
    const statuses = STACK_ORDER.concat(Object.keys(bucket.counts || {}).filter((st) => !STATUSES.includes(st)));
    for (const st of statuses) {
      const count = Number(bucket.counts && bucket.counts[st]) || 0;
      if (!count) continue;
      const y0 = y(acc);
      const y1 = y(acc + count);
      acc += count;
      const rect = s('rect', {
        class: `bar st-${STATUSES.includes(st) ? st : 'CREATED'}`,
        x: x.toFixed(2), y: y1.toFixed(2), width: barW.toFixed(2), height: Math.max(1, y0 - y1).toFixed(2),
        dataset: { status: st, count, from: bucket.from },
      });
      rect.appendChild(s('title', null, `${formatDateTime(from.toISOString())} – ${formatDateTime(to.toISOString()).slice(11)}: ${count} ${st.toLowerCase()}`));
      bars.appendChild(rect);
    }
  });
  svg.appendChild(bars);

  // X axis, ticks and labels spaced at least ~80 px apart.
  svg.appendChild(s('line', { class: 'axis', x1: m.left, x2: width - m.right, y1: m.top + plotH, y2: m.top + plotH }));
  const every = Math.max(1, Math.ceil(80 / Math.max(slot, 1)));
  series.forEach((bucket, i) => {
    if (i % every !== 0) return;
    const cx = m.left + i * slot + slot / 2;
    svg.appendChild(s('line', { class: 'axis', x1: cx, x2: cx, y1: m.top + plotH, y2: m.top + plotH + 4 }));
    svg.appendChild(s('text', { class: 'tick-label', x: cx, y: m.top + plotH + 17, 'text-anchor': 'middle' },
      bucketLabel(new Date(bucket.from), bucketMinutes, state.hours)));
  });
  svg.appendChild(s('text', { class: 'axis-title', x: m.left + plotW / 2, y: height - 6, 'text-anchor': 'middle' },
    `Created at (local time), ${describeMinutes(bucketMinutes)} per bar`));

  if (!max) {
    svg.appendChild(s('text', { class: 'empty-note', x: m.left + plotW / 2, y: m.top + plotH / 2, 'text-anchor': 'middle' },
      'No payouts in this window'));
  }

  host.replaceChildren(svg);
  $('#chart-caption').textContent = `${n} bars of ${describeMinutes(bucketMinutes)}, ${formatInt(max ? totals.reduce((a, b) => a + b, 0) : 0)} payouts`;
}
