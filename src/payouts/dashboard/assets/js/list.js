/* The payouts list: search and filters, pages of rows, "More". */
import { api, showError } from './api.js';
import { markSelected, navigateToPayout } from './detail.js';
import { $, append, h, show } from './dom.js';
import { formatAmount, formatDateTime, formatInt, statusChip, timeStacked } from './format.js';
import { PAGE_SIZE, state } from './state.js';

function readFilters() {
  state.list.q = $('#search-q').value.trim();
  state.list.status = $('#filter-status').value;
  state.list.channel = $('#filter-channel').value;
}

export async function loadList(reset) {
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
