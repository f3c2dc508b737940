/* The payout detail panel: opened from the URL hash (#payout/<id>), loaded, closed. */
import { api, showError } from './api.js';
import { $, h } from './dom.js';
import { renderDetail } from './history.js';
import { state } from './state.js';

export function navigateToPayout(id) {
  const hash = `#payout/${encodeURIComponent(id)}`;
  if (location.hash === hash) openDetail(id);
  else location.hash = hash;
}

export function routeFromHash() {
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

export function closeDetail() {
  if (location.hash) history.pushState(null, '', location.pathname + location.search);
  hideDetail();
}

export async function openDetail(id) {
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

/** Highlights the open payout in the list. */
export function markSelected() {
  for (const row of document.querySelectorAll('#payouts-table tbody tr')) {
    row.classList.toggle('selected', row.dataset.id === state.detail.id);
  }
}
