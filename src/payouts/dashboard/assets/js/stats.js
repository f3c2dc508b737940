/* The overview: KPIs, the status-by-channel table, the chart's legend and the attention badge. */
import { api, showError } from './api.js';
import { renderChart } from './chart.js';
import { $, h } from './dom.js';
import { formatDateTime, formatInt, statusChip, statusLabel } from './format.js';
import { IN_PROGRESS, STACK_ORDER, STATUSES, state, unchanged } from './state.js';

export async function loadStats() {
  try {
    const stats = await api('/stats', { hours: state.hours });
    state.lastStats = stats;
    if (!unchanged('stats', stats)) {
      renderCounts(stats);
      renderChart(stats);
    }
    showError('stats-error', null);
  } catch (error) {
    showError('stats-error', error);
  }
}

function countsFrom(stats) {
  const byCell = new Map();
  const byStatus = Object.fromEntries(STATUSES.map((st) => [st, 0]));
  const byChannel = {};
  const channelSet = new Set(state.channels.map((c) => c.code));
  const statusList = STATUSES.slice();
  let total = 0;
  for (const row of Array.isArray(stats.totals) ? stats.totals : []) {
    const count = Number(row.count) || 0;
    channelSet.add(row.channel);
    if (!statusList.includes(row.status)) {
      statusList.push(row.status);
      byStatus[row.status] = 0;
    }
    byCell.set(`${row.status}\u0000${row.channel}`, (byCell.get(`${row.status}\u0000${row.channel}`) || 0) + count);
    byStatus[row.status] += count;
    byChannel[row.channel] = (byChannel[row.channel] || 0) + count;
    total += count;
  }
  return { byCell, byStatus, byChannel, total, channels: [...channelSet], statuses: statusList };
}

function renderCounts(stats) {
  const c = countsFrom(stats);
  $('#stats-window').textContent = `${formatDateTime(stats.from)} – ${formatDateTime(stats.to)}`;

  const inProgress = IN_PROGRESS.reduce((sum, st) => sum + (c.byStatus[st] || 0), 0);
  const failed = (c.byStatus.FAILED || 0) + (c.byStatus.CANCELLED || 0);
  const settled = (c.byStatus.SUCCEEDED || 0) + failed + (c.byStatus.REVERSED || 0);
  const rate = settled ? `${Math.round(((c.byStatus.SUCCEEDED || 0) / settled) * 100)}% of settled` : null;
  const attention = Number(stats.attention) || 0;
  const kpi = (id, label, value, swatchClass, note, extraClass) =>
    h('div', { class: `kpi${extraClass ? ` ${extraClass}` : ''}`, dataset: { kpi: id } },
      h('div', { class: 'kpi-label' }, swatchClass ? h('span', { class: `swatch ${swatchClass}`, 'aria-hidden': 'true' }) : null, label),
      h('div', { class: 'kpi-value' }, formatInt(value)),
      note ? h('div', { class: 'sub' }, note) : null);
  $('#kpis').replaceChildren(
    kpi('total', 'Payouts', c.total, null, `${c.channels.length} channels`),
    kpi('succeeded', 'Succeeded', c.byStatus.SUCCEEDED || 0, 'st-bg-SUCCEEDED', rate),
    kpi('failed', 'Failed', failed, 'st-bg-FAILED', 'or cancelled'),
    kpi('in-progress', 'In progress', inProgress, 'st-bg-PROCESSING', 'not final yet'),
    kpi('attention', 'Needs attention', attention, 'st-bg-UNKNOWN', 'all time', attention ? 'alert' : null),
  );

  const table = $('#counts-table');
  table.tHead.replaceChildren(
    h('tr', null,
      h('th', { scope: 'col' }, 'Status'),
      c.channels.map((code) => h('th', { scope: 'col', class: 'num' }, code)),
      h('th', { scope: 'col', class: 'num total' }, 'Total')));
  table.tBodies[0].replaceChildren(
    ...c.statuses.map((st) =>
      h('tr', { dataset: { status: st } },
        h('th', { scope: 'row' }, statusChip(st)),
        c.channels.map((code) => {
          const n = c.byCell.get(`${st}\u0000${code}`) || 0;
          return h('td', { class: n ? 'num' : 'num zero', dataset: { channel: code } }, formatInt(n));
        }),
        h('td', { class: 'num total', dataset: { total: 'status' } }, formatInt(c.byStatus[st] || 0)))));
  table.tFoot.replaceChildren(
    h('tr', null,
      h('th', { scope: 'row' }, 'All statuses'),
      c.channels.map((code) => h('td', { class: 'num', dataset: { channel: code } }, formatInt(c.byChannel[code] || 0))),
      h('td', { class: 'num total', dataset: { total: 'all' } }, formatInt(c.total))));

  const legend = $('#chart-legend');
  legend.replaceChildren(
    ...STACK_ORDER.map((st) =>
      h('li', { dataset: { status: st } },
        h('span', { class: `swatch st-bg-${st}`, 'aria-hidden': 'true' }),
        statusLabel(st),
        h('span', { class: 'count' }, formatInt(c.byStatus[st] || 0)))));

  const attentionBadge = $('#attention-count');
  attentionBadge.textContent = formatInt(attention);
  attentionBadge.className = attention ? 'badge hot' : 'badge';
  document.title = attention ? `(${attention}) Payouts · Operations` : 'Payouts · Operations';
}
