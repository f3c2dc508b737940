/* What every part of the page shares: the fixed lists, the timings, and the one state object. */

export const STATUSES = ['PENDING_APPROVAL', 'QUEUED', 'CREATED', 'PROCESSING', 'UNKNOWN', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'REVERSED'];
/** Bottom to top in the chart: settled outcomes first, work in progress on top. */
export const STACK_ORDER = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'REVERSED', 'UNKNOWN', 'PROCESSING', 'CREATED', 'QUEUED', 'PENDING_APPROVAL'];
export const IN_PROGRESS = ['PENDING_APPROVAL', 'QUEUED', 'CREATED', 'PROCESSING', 'UNKNOWN'];
export const REFRESH_MS = 10000;
export const PAGE_SIZE = 50;

export const state = {
  hours: 24,
  channels: [],
  channelsLoaded: false,
  lastStats: null,
  list: { q: '', status: '', channel: '', cursor: null, count: 0, token: 0 },
  detail: { id: null, token: 0 },
  /** Who the key belongs to (GET /me): the detail offers only the actions these roles allow. */
  me: { id: null, roles: [] },
  refreshing: false,
  needKey: false,
  started: false,
};

/**
 * True when `data` is what was last rendered under `key`: auto-refresh then leaves the section
 * alone, so that focus, hover titles and open <details> survive a refresh that changed nothing.
 */
const lastRendered = new Map();
export function unchanged(key, data) {
  const json = JSON.stringify(data);
  if (lastRendered.get(key) === json) return true;
  lastRendered.set(key, json);
  return false;
}
