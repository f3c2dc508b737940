/* The REST API client, the API key it sends (kept for this tab only), and the error lines. */
import { $ } from './dom.js';
import { state } from './state.js';

const KEY_STORAGE = 'payouts-dashboard.api-key';
const API_BASE = readApiBase();

function readApiBase() {
  const meta = document.querySelector('meta[name="payouts-api-base"]');
  const value = meta ? (meta.getAttribute('content') || '').trim() : '';
  // An unreplaced placeholder (page opened straight from disk): fall back to the default prefix.
  if (!value || value.includes('{{')) return '/payouts';
  return value.replace(/\/+$/, '');
}

export class ApiError extends Error {
  constructor(status, body, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

function storedKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE) || '';
  } catch {
    return '';
  }
}

function storeKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    /* storage disabled: the key lasts until the page is left */
  }
  memoryKey = key;
}

let memoryKey = storedKey();

function describeError(status, body) {
  if (body && typeof body === 'object') {
    const head = [body.statusCode || status, body.error].filter(Boolean).join(' ');
    let text = body.message ? `${head}: ${body.message}` : head;
    const problems = Array.isArray(body.problems) ? body.problems : Array.isArray(body.details) ? body.details : [];
    if (problems.length) {
      const listed = problems.map((p) => (p && typeof p === 'object' ? [p.field, p.problem || p.message].filter(Boolean).join(': ') : String(p)));
      text += ` (${listed.join('; ')})`;
    }
    return text;
  }
  return `The server answered ${status}`;
}

export async function api(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === undefined || value === null || value === '') continue;
    query.set(key, String(value));
  }
  const qs = query.toString();
  return send(`${API_BASE}${path}${qs ? `?${qs}` : ''}`, {});
}

/** A POST with a JSON body (the operator actions), answered like api(). */
export function apiPost(path, body) {
  return send(`${API_BASE}${path}`, { method: 'POST', body: JSON.stringify(body || {}) });
}

async function send(url, init) {
  const headers = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const sentKey = memoryKey;
  if (sentKey) headers['x-api-key'] = sentKey;
  let response;
  try {
    response = await fetch(url, { ...init, headers, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, null, 'The payouts API could not be reached; retrying on the next refresh');
  }
  const text = await response.text().catch(() => '');
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (response.status === 401) {
    // A late answer to a key that was replaced meanwhile must not drop the new one.
    if (sentKey === memoryKey) requireKey();
    throw new ApiError(401, body, 'An API key is required');
  }
  if (!response.ok) throw new ApiError(response.status, body, describeError(response.status, body));
  if (body === null) throw new ApiError(response.status, null, 'The server sent an answer that is not JSON');
  return body;
}

function requireKey() {
  const hadKey = Boolean(memoryKey);
  if (hadKey) storeKey('');
  state.needKey = true;
  const form = $('#auth-form');
  if (form.hidden) {
    form.hidden = false;
    const error = $('#auth-error');
    error.textContent = hadKey ? 'That key was not accepted. Check it and try again.' : '';
    error.hidden = !hadKey;
    $('#api-key-input').focus();
  }
}

/** The key form's submit. `reload` comes from the caller, so this module needs none of the views. */
export function onKeySubmit(event, reload) {
  event.preventDefault();
  const input = $('#api-key-input');
  const key = input.value.trim();
  if (!key) return;
  storeKey(key);
  input.value = '';
  state.needKey = false;
  $('#auth-form').hidden = true;
  $('#auth-error').hidden = true;
  reload();
}

/** Shows an error in the line with this id, or clears it; a 401 is the key form's to show. */
export function showError(id, error) {
  const node = document.getElementById(id);
  if (!node) return;
  if (!error || (error instanceof ApiError && error.status === 401)) {
    node.hidden = true;
    node.textContent = '';
    return;
  }
  node.textContent = error instanceof ApiError ? error.message : `Something went wrong: ${error && error.message ? error.message : error}`;
  node.hidden = false;
}
