/*
 * Payouts operations dashboard, entry module: wires the controls and runs the refresh loop.
 * Plain ES2020 modules (./js/), no framework, no build step, no external requests.
 *
 * Every value that comes from the API is written with textContent or DOM attributes, never as
 * HTML: beneficiary names, remarks and gateway bodies are user or third-party input.
 */
import { loadMe, onActionDone } from './js/actions.js';
import { onKeySubmit } from './js/api.js';
import { loadApprovals } from './js/approvals.js';
import { loadAttention } from './js/attention.js';
import { loadBatches } from './js/batches.js';
import { loadDeadLetters } from './js/dead-letters.js';
import { loadBalances, loadChannels } from './js/channels.js';
import { renderChart } from './js/chart.js';
import { closeDetail, openDetail, routeFromHash } from './js/detail.js';
import { $, debounce, h } from './js/dom.js';
import { formatDateTime, statusLabel } from './js/format.js';
import { loadList } from './js/list.js';
import { loadStats } from './js/stats.js';
import { REFRESH_MS, STATUSES, state } from './js/state.js';

async function refreshAll() {
  if (state.refreshing) return;
  state.refreshing = true;
  try {
    if (!state.channelsLoaded) await loadChannels();
    await Promise.allSettled([loadStats(), loadAttention(), loadDeadLetters(), loadApprovals(), loadBalances(), loadBatches()]);
    if (!state.needKey) $('#last-updated').textContent = `Updated ${formatDateTime(new Date().toISOString()).slice(11)}`;
  } finally {
    state.refreshing = false;
  }
}

async function loadEverything() {
  await Promise.allSettled([loadChannels(), loadMe()]);
  await Promise.allSettled([refreshAll(), loadList(true)]);
  routeFromHash();
}

function tick() {
  if (!$('#auto-refresh').checked || document.hidden || state.needKey) return;
  refreshAll();
}

function start() {
  if (state.started) return;
  state.started = true;

  const statusSelect = $('#filter-status');
  for (const st of STATUSES) statusSelect.appendChild(h('option', { value: st }, statusLabel(st)));

  const windowSelect = $('#window-select');
  state.hours = Number(windowSelect.value) || 24;
  windowSelect.addEventListener('change', () => {
    state.hours = Number(windowSelect.value) || 24;
    loadStats();
  });

  $('#refresh-now').addEventListener('click', () => refreshAll());
  $('#auth-form').addEventListener('submit', (event) => onKeySubmit(event, loadEverything));
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
  // After an approve, reject, cancel or acknowledge (done or refused): the detail and every list again.
  onActionDone((id) => Promise.allSettled([openDetail(id), loadStats(), loadAttention(), loadApprovals(), loadList(true)]));
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
