/* The approval queue: payouts waiting for approval, oldest first (the first to expire), each opening its detail. */
import { api, showError } from './api.js';
import { navigateToPayout } from './detail.js';
import { $, h, show } from './dom.js';
import { formatAmount, formatInt, timeStacked } from './format.js';
import { PAGE_SIZE, unchanged } from './state.js';

export async function loadApprovals() {
  try {
    const page = await api('', { status: 'PENDING_APPROVAL', limit: PAGE_SIZE });
    const items = (Array.isArray(page.items) ? page.items : [])
      .slice()
      .sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
    if (!unchanged('approvals', page)) renderApprovals(items, Boolean(page.nextCursor));
    showError('approvals-error', null);
  } catch (error) {
    showError('approvals-error', error);
  }
}

function approvalRow(p) {
  const open = (event) => {
    if (event.target instanceof Element && event.target.closest('a')) return; // the link navigates itself
    navigateToPayout(p.id);
  };
  return h('tr', {
    tabindex: '0', dataset: { id: p.id }, 'aria-label': `Payout ${p.merchantReference}, waiting for approval`,
    onclick: open,
    onkeydown: (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        navigateToPayout(p.id);
      }
    },
  },
  h('td', null, timeStacked(p.createdAt)),
  h('td', { class: 'wrap' },
    h('a', { href: `#payout/${encodeURIComponent(p.id)}`, class: 'ref', 'aria-label': `Open payout ${p.merchantReference}` }, p.merchantReference),
    h('span', { class: 'sub mono' }, p.id)),
  h('td', { class: 'nowrap' }, p.channel),
  h('td', { class: 'wrap' }, p.beneficiary ? p.beneficiary.name : '—'),
  h('td', { class: 'num' }, formatAmount(p.amount, p.currency)));
}

function renderApprovals(items, more) {
  const tbody = $('#approvals-table tbody');
  tbody.replaceChildren(...items.map(approvalRow));
  if (more) {
    tbody.appendChild(h('tr', null, h('td', { colspan: 5, class: 'muted' }, `Showing ${items.length}; filter the payouts list by status for the rest.`)));
  }
  const badge = $('#approvals-count');
  badge.textContent = more ? `${formatInt(items.length)}+` : formatInt(items.length);
  badge.className = items.length ? 'badge hot' : 'badge';
  show($('#approvals-table'), items.length > 0);
  show($('#approvals-empty'), items.length === 0);
}
