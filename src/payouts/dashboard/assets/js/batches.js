/* Batches: newest first with their progress; a batch's items open under its row, each linking to its payout. */
import { api, showError } from './api.js';
import { $, h, show } from './dom.js';
import { formatInt, statusChip, timeStacked } from './format.js';
import { unchanged } from './state.js';

/** The batch whose items are shown, kept across refreshes, and the list last drawn. */
let openBatch = null;
let shown = [];

export async function loadBatches() {
  try {
    const page = await api('/batches', { limit: 20 });
    const items = page && Array.isArray(page.items) ? page.items : [];
    if (!unchanged('batches', items)) await renderBatches(items);
    showError('batches-error', null);
  } catch (error) {
    showError('batches-error', error);
  }
}

function progressCell(batch) {
  const { final, total, percent } = batch.progress;
  return h('td', null,
    h('progress', { class: 'batch-progress', max: String(Math.max(total, 1)), value: String(final), 'aria-label': `${batch.batchReference}: ${final} of ${total} final` }),
    h('span', { class: 'muted' }, ` ${percent}% (${formatInt(final)} / ${formatInt(total)})`));
}

async function itemsRow(batch) {
  const cell = h('td', { colspan: '5' });
  try {
    const page = await api(`/batches/${encodeURIComponent(batch.id)}/items`, { limit: 50 });
    const items = Array.isArray(page.items) ? page.items : [];
    cell.appendChild(h('table', { class: 'data' },
      h('caption', { class: 'visually-hidden' }, `The first items of batch ${batch.batchReference}`),
      h('tbody', null, ...items.map((p) =>
        h('tr', null,
          h('td', null, h('a', { href: `#payout/${encodeURIComponent(p.id)}`, class: 'ref mono' }, p.merchantReference)),
          h('td', null, statusChip(p.status)),
          h('td', { class: 'num' }, `${p.amount} ${p.currency}`),
          h('td', { class: 'wrap' }, p.failure ? p.failure.code : ''))))));
    if (page.nextCursor) cell.appendChild(h('p', { class: 'muted' }, `First 50 of ${formatInt(batch.items)}; GET /payouts/batches/${batch.id}/items pages through the rest`));
  } catch (error) {
    cell.appendChild(h('p', { class: 'error' }, error && error.message ? error.message : String(error)));
  }
  return h('tr', { class: 'batch-items' }, cell);
}

function toggle(batch) {
  openBatch = openBatch === batch.id ? null : batch.id;
  renderBatches(shown);
}

async function renderBatches(batches) {
  shown = batches;
  const rows = [];
  for (const batch of batches) {
    const button = h('button', { type: 'button', class: 'secondary', 'aria-expanded': String(openBatch === batch.id) }, openBatch === batch.id ? 'Hide items' : 'Items');
    button.addEventListener('click', () => toggle(batch));
    rows.push(h('tr', null,
      h('td', null, timeStacked(batch.createdAt)),
      h('td', { class: 'wrap' }, h('span', { class: 'ref mono' }, batch.batchReference)),
      progressCell(batch),
      h('td', null, batch.completedAt ? h('span', { class: 'chip neutral' }, 'Completed') : h('span', { class: 'muted' }, 'Sending')),
      h('td', null, button)));
    if (openBatch === batch.id) rows.push(await itemsRow(batch));
  }
  $('#batches-table tbody').replaceChildren(...rows);
  show($('#batches-table'), batches.length > 0);
  show($('#batches-empty'), batches.length === 0);
}
