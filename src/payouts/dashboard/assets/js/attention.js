/* The attention queue: flagged payouts, newest first, each linking to its detail. */
import { api, showError } from './api.js';
import { $, h, show } from './dom.js';
import { formatAmount, statusChip, timeStacked } from './format.js';
import { PAGE_SIZE, unchanged } from './state.js';

export async function loadAttention() {
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
