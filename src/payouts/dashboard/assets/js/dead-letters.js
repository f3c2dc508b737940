/* Dead-lettered events: attempts used up, waiting for an operator's replay (their payout's later events wait too). */
import { api, apiPost, showError } from './api.js';
import { $, h, show } from './dom.js';
import { statusChip, timeStacked } from './format.js';
import { unchanged } from './state.js';

export async function loadDeadLetters() {
  try {
    const items = await api('/events/dead-letters');
    if (!unchanged('dead-letters', items)) renderDeadLetters(Array.isArray(items) ? items : []);
    showError('dead-letters-error', null);
  } catch (error) {
    showError('dead-letters-error', error);
  }
}

async function replay(eventId, button) {
  button.disabled = true;
  try {
    await apiPost(`/events/${encodeURIComponent(eventId)}/replay`);
    button.textContent = 'Queued';
    showError('dead-letters-error', null);
  } catch (error) {
    button.disabled = false;
    showError('dead-letters-error', error);
  }
}

function replayButton(item) {
  const button = h('button', { type: 'button', class: 'secondary', 'aria-label': `Replay event ${item.eventId}` }, 'Replay');
  button.addEventListener('click', () => replay(item.eventId, button));
  return button;
}

function renderDeadLetters(items) {
  $('#dead-letters-count').textContent = items.length ? String(items.length) : '';
  $('#dead-letters-table tbody').replaceChildren(
    ...items.map((item) =>
      h('tr', null,
        h('td', null, timeStacked(item.deadLetteredAt)),
        h('td', { class: 'wrap' },
          h('a', { href: `#payout/${encodeURIComponent(item.payoutId)}`, class: 'ref mono' }, item.eventId)),
        h('td', null, item.to ? statusChip(item.to) : h('span', { class: 'mono' }, item.name)),
        h('td', { class: 'num' }, String(item.attempts)),
        h('td', { class: 'wrap' }, item.lastError ? h('span', { class: 'reason' }, item.lastError) : h('span', { class: 'muted' }, 'No error recorded')),
        h('td', null, replayButton(item)))));
  show($('#dead-letters-table'), items.length > 0);
  show($('#dead-letters-empty'), items.length === 0);
}
