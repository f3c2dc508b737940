/* How values read on the page: local times, grouped numbers and amounts, JSON, status chips. */
import { h } from './dom.js';
import { STATUSES } from './state.js';

export function pad(n) {
  return String(n).padStart(2, '0');
}

/** Local time, "2025-03-01 14:05:09". */
export function formatDateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function timeEl(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: iso, title: iso, class: 'nowrap' }, formatDateTime(iso));
}

/** Date above time, for narrow table columns. */
export function timeStacked(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const text = formatDateTime(iso);
  return h('time', { datetime: iso, title: iso, class: 'stacked' }, h('span', { class: 'nowrap' }, text.slice(11)), h('span', { class: 'sub nowrap' }, text.slice(0, 10)));
}

export function formatInt(n) {
  return Number(n || 0).toLocaleString('en-US');
}

/** Groups the integer part of a decimal string without going through floating point. */
export function groupDecimal(value) {
  const text = String(value);
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!match) return text;
  return match[1] + match[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (match[3] || '');
}

export function formatAmount(amount, currency) {
  if (amount === null || amount === undefined || amount === '') return '—';
  return currency ? `${groupDecimal(amount)} ${currency}` : groupDecimal(amount);
}

export function formatDuration(ms) {
  if (ms === null || ms === undefined) return '—';
  const n = Number(ms);
  if (!Number.isFinite(n)) return String(ms);
  return n >= 1000 ? `${(n / 1000).toFixed(n >= 10000 ? 0 : 1)} s` : `${Math.round(n)} ms`;
}

/** Pretty JSON for a value that may be a JSON string, an object, or plain text. */
export function prettyJson(value) {
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

export function statusChip(status) {
  const known = STATUSES.includes(status);
  return h('span', { class: known ? `chip st-${status}` : 'chip neutral', dataset: { status: String(status) } }, String(status || '—'));
}

/** "PENDING_APPROVAL" reads "Pending approval". */
export function statusLabel(status) {
  const text = String(status || '');
  return text.charAt(0) + text.slice(1).toLowerCase().replace(/_/g, ' ');
}
