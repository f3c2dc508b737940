/* The configured channels: the list filter's options, and a balance card for each. */
import { ApiError, api, showError } from './api.js';
import { $, h, show } from './dom.js';
import { formatAmount, groupDecimal } from './format.js';
import { state, unchanged } from './state.js';

export async function loadChannels() {
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

export async function loadBalances() {
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
        h('dt', null, 'Unsettled'), h('dd', { class: 'unsettled' }, formatAmount(b.unsettled, currency)),
        h('dt', null, 'Waiting for funds'),
        h('dd', { class: b.queuedCount ? 'queued bad' : 'queued' },
          b.queuedCount ? `${b.queuedCount} · ${formatAmount(b.queuedAmount, currency)}` : (b.holdsWhenShort ? 'none' : 'not held'))));
  }
  const error = result.reason;
  const status = error instanceof ApiError ? error.status : 0;
  let note;
  if (status === 501) note = h('p', { class: 'note' }, 'Not offered by this gateway');
  else if (status === 502) note = h('p', { class: 'note bad', title: error.message }, 'Gateway unavailable');
  else note = h('p', { class: 'note bad' }, error instanceof Error ? error.message : 'Could not load the balance');
  return h('article', { class: 'balance unavailable', dataset: { channel: channel.code, state: String(status || 'error') } }, head, meta, note);
}
