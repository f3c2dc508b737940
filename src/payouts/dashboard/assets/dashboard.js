/*
 * Payouts operations dashboard: plain ES2020, no framework, no external requests.
 *
 * Every value that comes from the API is written with textContent or DOM attributes, never as
 * HTML: beneficiary names, remarks and gateway bodies are user or third-party input.
 */
(() => {
  'use strict';

  const STATUSES = ['CREATED', 'PROCESSING', 'UNKNOWN', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'REVERSED'];
  /** Bottom to top in the chart: settled outcomes first, work in progress on top. */
  const STACK_ORDER = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'REVERSED', 'UNKNOWN', 'PROCESSING', 'CREATED'];
  const IN_PROGRESS = ['CREATED', 'PROCESSING', 'UNKNOWN'];
  const REFRESH_MS = 10000;
  const PAGE_SIZE = 50;
  const KEY_STORAGE = 'payouts-dashboard.api-key';
  const SVG_NS = 'http://www.w3.org/2000/svg';

  const API_BASE = readApiBase();

  const state = {
    hours: 24,
    channels: [],
    channelsLoaded: false,
    lastStats: null,
    list: { q: '', status: '', channel: '', cursor: null, count: 0, token: 0 },
    detail: { id: null, token: 0 },
    refreshing: false,
    needKey: false,
    started: false,
  };

  // ---------------------------------------------------------------- helpers

  function readApiBase() {
    const meta = document.querySelector('meta[name="payouts-api-base"]');
    const value = meta ? (meta.getAttribute('content') || '').trim() : '';
    // An unreplaced placeholder (page opened straight from disk): fall back to the default prefix.
    if (!value || value.includes('{{')) return '/payouts';
    return value.replace(/\/+$/, '');
  }

  function $(selector) {
    return document.querySelector(selector);
  }

  /** Appends children: strings and numbers become text nodes; null, undefined and false are skipped. */
  function append(node, children) {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) append(node, child);
      else if (child instanceof Node) node.appendChild(child);
      else node.appendChild(document.createTextNode(String(child)));
    }
    return node;
  }

  function setProps(node, props) {
    if (!props) return;
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.setAttribute('class', value);
      else if (key === 'text') node.textContent = String(value);
      else if (key === 'dataset') for (const [k, v] of Object.entries(value)) node.dataset[k] = String(v);
      else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
  }

  /** Creates an HTML element. */
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    setProps(node, props);
    return append(node, children);
  }

  /** Creates an SVG element. */
  function s(tag, props, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setProps(node, props);
    return append(node, children);
  }

  function pad(n) {
    return String(n).padStart(2, '0');
  }

  /** Local time, "2025-03-01 14:05:09". */
  function formatDateTime(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  function timeEl(iso) {
    if (!iso) return h('span', { class: 'muted' }, '—');
    return h('time', { datetime: iso, title: iso, class: 'nowrap' }, formatDateTime(iso));
  }

  /** Date above time, for narrow table columns. */
  function timeStacked(iso) {
    if (!iso) return h('span', { class: 'muted' }, '—');
    const text = formatDateTime(iso);
    return h('time', { datetime: iso, title: iso, class: 'stacked' }, h('span', { class: 'nowrap' }, text.slice(11)), h('span', { class: 'sub nowrap' }, text.slice(0, 10)));
  }

  function formatInt(n) {
    return Number(n || 0).toLocaleString('en-US');
  }

  /** Groups the integer part of a decimal string without going through floating point. */
  function groupDecimal(value) {
    const text = String(value);
    const match = /^(-?)(\d+)(\.\d+)?$/.exec(text);
    if (!match) return text;
    return match[1] + match[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (match[3] || '');
  }

  function formatAmount(amount, currency) {
    if (amount === null || amount === undefined || amount === '') return '—';
    return currency ? `${groupDecimal(amount)} ${currency}` : groupDecimal(amount);
  }

  function formatDuration(ms) {
    if (ms === null || ms === undefined) return '—';
    const n = Number(ms);
    if (!Number.isFinite(n)) return String(ms);
    return n >= 1000 ? `${(n / 1000).toFixed(n >= 10000 ? 0 : 1)} s` : `${Math.round(n)} ms`;
  }

  /** Pretty JSON for a value that may be a JSON string, an object, or plain text. */
  function prettyJson(value) {
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value === 'string') {
      try {
        return JSON.stringify(JSON.parse(value), null, 2);
      } catch {
        return value;
      }
    }
    try {
      return JSON.stringify(value, null, 2);
    } catch {
      return String(value);
    }
  }

  function statusChip(status) {
    const known = STATUSES.includes(status);
    return h('span', { class: known ? `chip st-${status}` : 'chip neutral', dataset: { status: String(status) } }, String(status || '—'));
  }

  function show(node, visible) {
    if (node) node.hidden = !visible;
  }

  function showError(id, error) {
    const node = document.getElementById(id);
    if (!node) return;
    if (!error || (error instanceof ApiError && error.status === 401)) {
      node.hidden = true;
      node.textContent = '';
      return;
    }
    node.textContent = error instanceof ApiError ? error.message : `Something went wrong: ${error && error.message ? error.message : error}`;
    node.hidden = false;
  }

  /**
   * True when `data` is what was last rendered under `key`: auto-refresh then leaves the section
   * alone, so that focus, hover titles and open <details> survive a refresh that changed nothing.
   */
  const lastRendered = new Map();
  function unchanged(key, data) {
    const json = JSON.stringify(data);
    if (lastRendered.get(key) === json) return true;
    lastRendered.set(key, json);
    return false;
  }

  function debounce(fn, ms) {
    let timer = null;
    const debounced = (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
    debounced.cancel = () => clearTimeout(timer);
    return debounced;
  }

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, body, message) {
      super(message);
      this.name = 'ApiError';
      this.status = status;
      this.body = body;
    }
  }

  function storedKey() {
    try {
      return sessionStorage.getItem(KEY_STORAGE) || '';
    } catch {
      return '';
    }
  }

  function storeKey(key) {
    try {
      if (key) sessionStorage.setItem(KEY_STORAGE, key);
      else sessionStorage.removeItem(KEY_STORAGE);
    } catch {
      /* storage disabled: the key lasts until the page is left */
    }
    memoryKey = key;
  }

  let memoryKey = storedKey();

  function describeError(status, body) {
    if (body && typeof body === 'object') {
      const head = [body.statusCode || status, body.error].filter(Boolean).join(' ');
      let text = body.message ? `${head}: ${body.message}` : head;
      const problems = Array.isArray(body.problems) ? body.problems : Array.isArray(body.details) ? body.details : [];
      if (problems.length) {
        const listed = problems.map((p) => (p && typeof p === 'object' ? [p.field, p.problem || p.message].filter(Boolean).join(': ') : String(p)));
        text += ` (${listed.join('; ')})`;
      }
      return text;
    }
    return `The server answered ${status}`;
  }

  async function api(path, params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (value === undefined || value === null || value === '') continue;
      query.set(key, String(value));
    }
    const qs = query.toString();
    const url = `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
    const headers = { accept: 'application/json' };
    if (memoryKey) headers['x-api-key'] = memoryKey;
    let response;
    try {
      response = await fetch(url, { headers, credentials: 'same-origin', cache: 'no-store' });
    } catch {
      throw new ApiError(0, null, 'The payouts API could not be reached; retrying on the next refresh');
    }
    const text = await response.text().catch(() => '');
    let body = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    if (response.status === 401) {
      requireKey();
      throw new ApiError(401, body, 'An API key is required');
    }
    if (!response.ok) throw new ApiError(response.status, body, describeError(response.status, body));
    if (body === null) throw new ApiError(response.status, null, 'The server sent an answer that is not JSON');
    return body;
  }

  // ---------------------------------------------------------------- API key

  function requireKey() {
    const hadKey = Boolean(memoryKey);
    if (hadKey) storeKey('');
    state.needKey = true;
    const form = $('#auth-form');
    if (form.hidden) {
      form.hidden = false;
      const error = $('#auth-error');
      error.textContent = hadKey ? 'That key was not accepted. Check it and try again.' : '';
      error.hidden = !hadKey;
      $('#api-key-input').focus();
    }
  }

  function onKeySubmit(event) {
    event.preventDefault();
    const input = $('#api-key-input');
    const key = input.value.trim();
    if (!key) return;
    storeKey(key);
    input.value = '';
    state.needKey = false;
    $('#auth-form').hidden = true;
    $('#auth-error').hidden = true;
    loadEverything();
  }

  // ---------------------------------------------------------------- channels

  async function loadChannels() {
    try {
      const channels = await api('/channels');
      state.channels = Array.isArray(channels) ? channels : [];
      state.channelsLoaded = true;
      showError('global-error', null);
      const select = $('#filter-channel');
      const current = select.value;
      select.replaceChildren(h('option', { value: '' }, 'All channels'));
      for (const c of state.channels) select.appendChild(h('option', { value: c.code }, c.code));
      select.value = current;
    } catch (error) {
      if (error instanceof ApiError && error.status !== 401) {
        showError('global-error', new ApiError(error.status, error.body, `Could not load the channels: ${error.message}`));
      } else if (!(error instanceof ApiError)) {
        showError('global-error', error);
      }
    }
  }

  // ---------------------------------------------------------------- stats: counts and chart

  async function loadStats() {
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
          st.charAt(0) + st.slice(1).toLowerCase(),
          h('span', { class: 'count' }, formatInt(c.byStatus[st] || 0)))));

    const attentionBadge = $('#attention-count');
    attentionBadge.textContent = formatInt(attention);
    attentionBadge.className = attention ? 'badge hot' : 'badge';
    document.title = attention ? `(${attention}) Payouts · Operations` : 'Payouts · Operations';
  }

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

  function renderChart(stats) {
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

  // ---------------------------------------------------------------- attention queue

  async function loadAttention() {
    try {
      const page = await api('', { attention: 'true', limit: PAGE_SIZE });
      const items = (Array.isArray(page.items) ? page.items : [])
        .slice()
        .sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
      if (!unchanged('attention', page)) renderAttention(items, Boolean(page.nextCursor));
      showError('attention-error', null);
    } catch (error) {
      showError('attention-error', error);
    }
  }

  function detailLink(p) {
    return h('a', {
      href: `#payout/${encodeURIComponent(p.id)}`, class: 'ref',
      'aria-label': `Open payout ${p.merchantReference}`,
    }, p.merchantReference);
  }

  function renderAttention(items, more) {
    const tbody = $('#attention-table tbody');
    tbody.replaceChildren(
      ...items.map((p) =>
        h('tr', { dataset: { id: p.id } },
          h('td', null, timeStacked(p.createdAt)),
          h('td', { class: 'wrap' }, detailLink(p), h('span', { class: 'sub mono' }, p.id)),
          h('td', { class: 'nowrap' }, p.channel),
          h('td', null, statusChip(p.status)),
          h('td', { class: 'num' }, formatAmount(p.amount, p.currency)),
          h('td', { class: 'wrap' }, p.attentionReason ? h('span', { class: 'reason' }, p.attentionReason) : h('span', { class: 'muted' }, 'No reason recorded')))));
    show($('#attention-table'), items.length > 0);
    show($('#attention-empty'), items.length === 0);
    if (more) {
      tbody.appendChild(h('tr', null, h('td', { colspan: 6, class: 'muted' }, `Showing the newest ${items.length}; filter the payouts list for the rest.`)));
    }
  }

  // ---------------------------------------------------------------- payouts list

  function readFilters() {
    state.list.q = $('#search-q').value.trim();
    state.list.status = $('#filter-status').value;
    state.list.channel = $('#filter-channel').value;
  }

  async function loadList(reset) {
    const list = state.list;
    if (reset) {
      readFilters();
      list.cursor = null;
    }
    const token = ++list.token;
    const more = $('#list-more');
    more.disabled = true;
    try {
      const page = await api('', {
        q: list.q, status: list.status, channel: list.channel, limit: PAGE_SIZE, cursor: reset ? '' : list.cursor,
      });
      if (token !== list.token) return; // a newer search has started
      const items = Array.isArray(page.items) ? page.items : [];
      const tbody = $('#payouts-table tbody');
      const rows = items.map(listRow);
      if (reset) {
        tbody.replaceChildren(...rows);
        list.count = 0;
      } else {
        append(tbody, rows);
      }
      list.count += items.length;
      list.cursor = page.nextCursor || null;
      show(more, Boolean(list.cursor));
      show($('#list-empty'), list.count === 0);
      const filtered = list.q || list.status || list.channel;
      $('#list-summary').textContent = `${formatInt(list.count)} ${list.count === 1 ? 'payout' : 'payouts'}${filtered ? ' matching' : ''}${list.cursor ? ', more available' : ''} · as of ${formatDateTime(new Date().toISOString()).slice(11)}`;
      markSelected();
      showError('list-error', null);
    } catch (error) {
      if (token === list.token) showError('list-error', error);
    } finally {
      if (token === list.token) more.disabled = false;
    }
  }

  function listRow(p) {
    const open = () => navigateToPayout(p.id);
    return h('tr', {
      tabindex: '0', dataset: { id: p.id }, 'aria-label': `Payout ${p.merchantReference}, ${p.status}`,
      onclick: open,
      onkeydown: (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open();
        }
      },
    },
    h('td', null, timeStacked(p.createdAt)),
    h('td', { class: 'wrap' },
      h('span', { class: 'ref' }, p.merchantReference),
      h('span', { class: 'sub mono' }, p.tradeNo || p.id)),
    h('td', { class: 'nowrap' }, p.channel),
    h('td', { class: 'wrap col-beneficiary' }, p.beneficiary ? p.beneficiary.name : '—'),
    h('td', { class: 'num' }, formatAmount(p.amount, p.currency)),
    h('td', null, statusChip(p.status), p.attention ? h('span', { class: 'sub', title: p.attentionReason || 'Needs attention' }, '⚑ attention') : null));
  }

  function markSelected() {
    for (const row of document.querySelectorAll('#payouts-table tbody tr')) {
      row.classList.toggle('selected', row.dataset.id === state.detail.id);
    }
  }

  // ---------------------------------------------------------------- detail

  function navigateToPayout(id) {
    const hash = `#payout/${encodeURIComponent(id)}`;
    if (location.hash === hash) openDetail(id);
    else location.hash = hash;
  }

  function routeFromHash() {
    const match = /^#payout\/(.+)$/.exec(location.hash);
    if (match) {
      let id;
      try {
        id = decodeURIComponent(match[1]);
      } catch {
        return;
      }
      openDetail(id);
    } else if (state.detail.id) {
      hideDetail();
    }
  }

  function hideDetail() {
    state.detail.id = null;
    state.detail.token++;
    $('#detail').hidden = true;
    $('#browse').classList.remove('with-detail');
    markSelected();
  }

  function closeDetail() {
    if (location.hash) history.pushState(null, '', location.pathname + location.search);
    hideDetail();
  }

  async function openDetail(id) {
    const detail = state.detail;
    detail.id = id;
    const token = ++detail.token;
    const section = $('#detail');
    const body = $('#detail-body');
    section.hidden = false;
    $('#browse').classList.add('with-detail');
    markSelected();
    $('#detail-title').textContent = 'Payout';
    body.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    showError('detail-error', null);
    section.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    try {
      const data = await api(`/${encodeURIComponent(id)}/history`);
      if (token !== detail.token) return;
      renderDetail(data);
    } catch (error) {
      if (token !== detail.token) return;
      body.replaceChildren();
      showError('detail-error', error);
    }
  }

  function field(label, value) {
    const content = value === null || value === undefined || value === '' ? h('span', { class: 'muted' }, '—') : value;
    return [h('dt', null, label), h('dd', null, content)];
  }

  function sectionTitle(text, count) {
    return h('h3', null, text, h('span', { class: 'badge' }, formatInt(count)));
  }

  function jsonDetails(summary, parts) {
    return h('details', null,
      h('summary', null, summary),
      parts.map(([label, value]) => [h('span', { class: 'pre-label' }, label), h('pre', null, prettyJson(value))]));
  }

  function renderDetail(history) {
    const p = history.payout || {};
    const transitions = Array.isArray(history.transitions) ? history.transitions : [];
    const attempts = Array.isArray(history.attempts) ? history.attempts : [];
    const callbacks = Array.isArray(history.callbacks) ? history.callbacks : [];
    const b = p.beneficiary || {};

    $('#detail-title').textContent = p.merchantReference || p.id || 'Payout';
    const body = $('#detail-body');
    const nodes = [];

    nodes.push(h('div', { class: 'detail-status' },
      statusChip(p.status),
      h('span', { class: 'detail-amount' }, formatAmount(p.amount, p.currency)),
      h('span', { class: 'muted' }, `via ${p.channel}`)));
    if (p.attention) {
      nodes.push(h('p', { class: 'attention-note', role: 'note' },
        h('strong', null, 'Needs attention: '), p.attentionReason || 'no reason recorded'));
    }
    if (p.failure) {
      nodes.push(h('p', { class: 'failure-note' },
        h('strong', null, `${p.failure.code}`), p.failure.message ? ` — ${p.failure.message}` : ''));
    }

    nodes.push(h('dl', { class: 'fields' },
      field('ID', h('span', { class: 'mono' }, p.id)),
      field('Merchant reference', p.merchantReference),
      field('Channel', p.channel),
      field('Trade no.', p.tradeNo ? h('span', { class: 'mono' }, p.tradeNo) : null),
      field('Provider reference', p.providerReference ? h('span', { class: 'mono' }, p.providerReference) : null),
      field('Amount', formatAmount(p.amount, p.currency)),
      field('Fee', p.fee === null || p.fee === undefined ? null : formatAmount(p.fee, p.currency)),
      field('Beneficiary', b.name),
      field('Account number', b.accountNumber ? h('span', { class: 'mono', dataset: { field: 'accountNumber' } }, b.accountNumber) : null),
      field('Bank code', b.bankCode),
      field('Remark', p.remark === null || p.remark === undefined ? null : h('span', { dataset: { field: 'remark' } }, p.remark)),
      field('Metadata', p.metadata && Object.keys(p.metadata).length ? h('pre', null, prettyJson(p.metadata)) : null),
      field('Created', timeEl(p.createdAt)),
      field('Updated', timeEl(p.updatedAt)),
      field('Completed', p.completedAt ? timeEl(p.completedAt) : null)));

    const dash = () => h('span', { class: 'muted' }, '—');
    historySection(nodes, 'Transitions', transitions, {
      id: 'detail-transitions',
      empty: 'No transitions recorded.',
      columns: [['At'], ['From'], ['To']],
      rows: (t) => [h('tr', null,
        h('td', null, timeEl(t.at)),
        h('td', null, t.from ? statusChip(t.from) : dash()),
        h('td', null, statusChip(t.to)))],
    });
    historySection(nodes, 'Gateway attempts', attempts, {
      id: 'detail-attempts',
      empty: 'No gateway calls recorded.',
      columns: [['Time'], ['Operation'], ['Outcome'], ['HTTP', 'num'], ['Duration', 'num'], ['Error']],
      rows: (a) => [
        h('tr', { class: 'attempt' },
          h('td', null, timeEl(a.at)),
          h('td', null, a.operation),
          h('td', null, outcomeChip(a.outcome)),
          h('td', { class: 'num' }, a.httpStatus === null || a.httpStatus === undefined ? '—' : String(a.httpStatus)),
          h('td', { class: 'num' }, formatDuration(a.durationMs)),
          h('td', { class: 'wrap' }, a.error || dash())),
        h('tr', { class: 'attempt-bodies' }, h('td', { colspan: 6 },
          jsonDetails('Request and response (masked)', [['Request', a.request], ['Response', a.response]]))),
      ],
    });
    historySection(nodes, 'Callbacks', callbacks, {
      id: 'detail-callbacks',
      empty: 'No callbacks received.',
      columns: [['Received'], ['Outcome'], ['Detail'], ['Signature']],
      rows: (c) => [
        h('tr', { class: 'callback' },
          h('td', null, timeEl(c.receivedAt)),
          h('td', null, outcomeChip(c.outcome)),
          h('td', { class: 'wrap' }, c.detail || dash()),
          h('td', null, c.signatureOk
            ? h('span', { class: 'chip ok', dataset: { signature: 'ok' } }, 'valid')
            : h('span', { class: 'chip bad', dataset: { signature: 'bad' } }, 'invalid'))),
        h('tr', { class: 'callback-body' }, h('td', { colspan: 4 }, jsonDetails('Body (masked)', [['Body', c.body]]))),
      ],
    });

    body.replaceChildren(...nodes);
  }

  /** One history section: its title, then a table of its rows, or a line saying there are none. */
  function historySection(nodes, title, items, table) {
    nodes.push(sectionTitle(title, items.length));
    if (!items.length) {
      nodes.push(h('p', { class: 'empty' }, table.empty));
      return;
    }
    nodes.push(h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: table.id },
      h('thead', null, h('tr', null, table.columns.map(([label, cls]) => h('th', { scope: 'col', class: cls }, label)))),
      h('tbody', null, items.flatMap(table.rows)))));
  }

  const GOOD_OUTCOMES = ['accepted', 'found', 'applied', 'verified', 'ok', 'success', 'succeeded'];
  const BAD_OUTCOMES = ['refused', 'rejected', 'unknown', 'error', 'failed', 'not_sent', 'invalid'];

  function outcomeChip(outcome) {
    const text = outcome === null || outcome === undefined ? '—' : String(outcome);
    const lower = text.toLowerCase();
    const kind = GOOD_OUTCOMES.includes(lower) ? 'ok' : BAD_OUTCOMES.includes(lower) ? 'bad' : 'neutral';
    return h('span', { class: `chip ${kind}` }, text);
  }

  // ---------------------------------------------------------------- balances

  async function loadBalances() {
    if (!state.channelsLoaded) return;
    const results = await Promise.allSettled(
      state.channels.map((c) => api(`/channels/${encodeURIComponent(c.code)}/balance`)));
    if (state.needKey) return;
    const seen = results.map((r) => (r.status === 'fulfilled' ? r.value : { failed: r.reason instanceof ApiError ? r.reason.status : 0, message: String(r.reason && r.reason.message) }));
    if (unchanged('balances', { channels: state.channels, seen })) return;
    const cards = state.channels.map((c, i) => balanceCard(c, results[i]));
    $('#balance-cards').replaceChildren(...cards);
    show($('#balance-cards'), cards.length > 0);
    if (!cards.length) showError('balances-error', new ApiError(0, null, 'No channels are configured'));
    else showError('balances-error', null);
  }

  function balanceCard(channel, result) {
    const head = h('h3', null, channel.code, h('span', { class: 'chip neutral' }, channel.currency));
    const meta = h('div', { class: 'meta' }, [channel.protocol, channel.variant].filter(Boolean).join(' · '));
    if (result.status === 'fulfilled') {
      const b = result.value || {};
      const currency = b.currency || channel.currency;
      return h('article', { class: 'balance', dataset: { channel: channel.code, state: 'ok' } },
        head, meta,
        h('div', { class: 'label' }, 'Available'),
        h('div', { class: 'available' },
          b.available === null || b.available === undefined ? '—' : groupDecimal(b.available),
          h('span', { class: 'currency' }, currency)),
        h('dl', null,
          h('dt', null, 'Frozen'), h('dd', { class: 'frozen' }, formatAmount(b.frozen, currency)),
          h('dt', null, 'Unsettled'), h('dd', { class: 'unsettled' }, formatAmount(b.unsettled, currency))));
    }
    const error = result.reason;
    const status = error instanceof ApiError ? error.status : 0;
    let note;
    if (status === 501) note = h('p', { class: 'note' }, 'Not offered by this gateway');
    else if (status === 502) note = h('p', { class: 'note bad', title: error.message }, 'Gateway unavailable');
    else note = h('p', { class: 'note bad' }, error instanceof Error ? error.message : 'Could not load the balance');
    return h('article', { class: 'balance unavailable', dataset: { channel: channel.code, state: String(status || 'error') } }, head, meta, note);
  }

  // ---------------------------------------------------------------- refresh

  async function refreshAll() {
    if (state.refreshing) return;
    state.refreshing = true;
    try {
      if (!state.channelsLoaded) await loadChannels();
      await Promise.allSettled([loadStats(), loadAttention(), loadBalances()]);
      if (!state.needKey) $('#last-updated').textContent = `Updated ${formatDateTime(new Date().toISOString()).slice(11)}`;
    } finally {
      state.refreshing = false;
    }
  }

  async function loadEverything() {
    await loadChannels();
    await Promise.allSettled([refreshAll(), loadList(true)]);
    routeFromHash();
  }

  function tick() {
    if (!$('#auto-refresh').checked || document.hidden || state.needKey) return;
    refreshAll();
  }

  // ---------------------------------------------------------------- start

  function start() {
    if (state.started) return;
    state.started = true;

    const statusSelect = $('#filter-status');
    for (const st of STATUSES) statusSelect.appendChild(h('option', { value: st }, st.charAt(0) + st.slice(1).toLowerCase()));

    const windowSelect = $('#window-select');
    state.hours = Number(windowSelect.value) || 24;
    windowSelect.addEventListener('change', () => {
      state.hours = Number(windowSelect.value) || 24;
      loadStats();
    });

    $('#refresh-now').addEventListener('click', () => refreshAll());
    $('#auth-form').addEventListener('submit', onKeySubmit);
    // Typing searches after a pause; Enter searches now. Either way, the same text is not searched twice in a row.
    const searchLater = debounce(() => {
      if ($('#search-q').value.trim() !== state.list.q) loadList(true);
    }, 350);
    $('#search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      searchLater.cancel();
      loadList(true);
    });
    $('#search-q').addEventListener('input', searchLater);
    $('#filter-status').addEventListener('change', () => loadList(true));
    $('#filter-channel').addEventListener('change', () => loadList(true));
    $('#list-more').addEventListener('click', () => loadList(false));
    $('#detail-close').addEventListener('click', closeDetail);
    $('#detail-reload').addEventListener('click', () => {
      if (state.detail.id) openDetail(state.detail.id);
    });
    window.addEventListener('hashchange', routeFromHash);
    window.addEventListener('resize', debounce(() => {
      if (state.lastStats) renderChart(state.lastStats);
    }, 150));
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) tick();
    });

    loadEverything();
    setInterval(tick, REFRESH_MS);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
