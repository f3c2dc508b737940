/*
 * What the caller may do to the open payout: approve, reject, cancel, acknowledge. A button is shown
 * only to roles that may use it (GET /me) and only while the payout's state allows it; each opens an
 * inline confirmation with a note (a required reason to reject). The server has the last word: a
 * refusal (409) is shown with its reason, and the detail and the lists are reloaded after either answer.
 */
import { ApiError, api, apiPost } from './api.js';
import { $, h } from './dom.js';
import { state } from './state.js';

const NOTE_MAX = 255;
const pending = (p) => p.status === 'PENDING_APPROVAL';

const ACTIONS = [
  {
    name: 'approve', label: 'Approve', roles: ['approver'], when: pending, field: 'note', confirm: 'Confirm approval', done: 'Approved',
    question: (p, approval) => {
      const last = !approval || (approval.approvedBy || []).length + 1 >= approval.required;
      return `Approve ${p.merchantReference}? ${last ? `Yours is the last approval it needs: it is sent to ${p.channel} at once.` : 'It still needs another approval after yours.'}`;
    },
  },
  {
    name: 'reject', label: 'Reject', roles: ['approver'], when: pending, field: 'reason', confirm: 'Confirm rejection', done: 'Rejected', danger: true,
    question: (p) => `Reject ${p.merchantReference}? It is cancelled and never sent.`,
  },
  {
    name: 'cancel', label: 'Cancel payout', roles: ['operator'], when: (p) => pending(p) || p.status === 'QUEUED' || p.status === 'CREATED', field: 'note',
    confirm: 'Confirm cancellation', done: 'Cancelled', danger: true,
    question: (p) => `Cancel ${p.merchantReference}? Only a payout never sent to its gateway can be cancelled.`,
  },
  {
    name: 'acknowledge', label: 'Acknowledge', roles: ['operator'], when: (p) => Boolean(p.attention), field: 'note',
    confirm: 'Confirm acknowledgement', done: 'Acknowledged',
    question: (p) => `Clear the attention flag on ${p.merchantReference}? Your note goes into its audit trail.`,
  },
];

/** Called with the payout id after an action was answered, to reload the detail and the lists. */
let afterAction = () => {};
export function onActionDone(fn) {
  afterAction = fn;
}

/** Who the key belongs to. Without the endpoint (an older server) or on an error, no actions are offered. */
export async function loadMe() {
  try {
    const me = await api('/me');
    state.me = { id: me && me.id ? String(me.id) : null, roles: Array.isArray(me && me.roles) ? me.roles.map(String) : [] };
  } catch {
    state.me = { id: null, roles: [] };
  }
  const who = $('#whoami');
  if (who) who.textContent = state.me.id ? `${state.me.id} · ${state.me.roles.join(', ') || 'no roles'}` : '';
}

function allowed(action) {
  const roles = state.me.roles;
  return roles.includes('admin') || action.roles.some((role) => roles.includes(role));
}

/** Approvals by distinct principals, never the creator's: what keeps this caller from approving or rejecting. */
function approvalBlocked(approval) {
  const me = state.me.id;
  if (!approval || !me) return { approve: null, reject: null };
  const decided = [...(approval.approvedBy || []), ...(approval.rejectedBy || [])].includes(me)
    ? 'You have decided on this payout already; it waits for another approver.' : null;
  const created = approval.createdBy === me ? 'You created this payout: someone else must approve it.' : null;
  return { approve: decided || created, reject: decided };
}

/** The notice of the last action on this payout, shown once in the panel rendered after it. */
function takeNotice(id) {
  const notice = state.detail.notice;
  if (!notice || notice.id !== id) return null;
  state.detail.notice = null;
  return h('p', { class: `action-notice ${notice.kind}`, role: notice.kind === 'refused' ? 'alert' : 'status', dataset: { action: notice.action } }, notice.text);
}

/** The actions panel of a payout's detail, or null when the caller may do nothing to it. */
export function actionsPanel(history) {
  const p = history.payout || {};
  const approval = history.approval || null;
  const notice = takeNotice(p.id);
  const blocked = approvalBlocked(approval);
  const usable = ACTIONS.filter((a) => allowed(a) && a.when(p) && !blocked[a.name]);
  const hint = blocked.approve && pending(p) && allowed(ACTIONS[0]) ? h('p', { class: 'muted action-hint' }, blocked.approve) : null;
  if (!usable.length && !notice && !hint) return null;

  const slot = h('div', { class: 'action-confirm-slot' });
  const buttons = usable.map((action) => h('button', {
    type: 'button', class: `btn${action.danger ? ' btn-danger' : ''}`, dataset: { action: action.name },
    'aria-expanded': 'false',
    onclick: (event) => openConfirm(action, p, approval, slot, buttons, event.currentTarget),
  }, action.label));
  return h('section', { class: 'actions', id: 'detail-actions', 'aria-label': 'Actions' },
    notice,
    buttons.length ? h('div', { class: 'action-buttons' }, buttons) : null,
    hint,
    slot);
}

function openConfirm(action, p, approval, slot, buttons, button) {
  for (const b of buttons) b.setAttribute('aria-expanded', String(b === button));
  const inputId = `action-${action.name}-${action.field}`;
  const required = action.field === 'reason';
  const input = h('input', {
    type: 'text', id: inputId, name: action.field, maxlength: String(NOTE_MAX), autocomplete: 'off', required,
    placeholder: required ? 'Why it is rejected (kept in the audit trail)' : 'Optional, kept in the audit trail',
  });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: `btn ${action.danger ? 'btn-danger-solid' : 'btn-primary'}` }, action.confirm);
  const back = h('button', { type: 'button', class: 'btn btn-quiet' }, 'Back');
  const close = () => {
    slot.replaceChildren();
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };
  const form = h('form', {
    class: 'action-confirm', dataset: { action: action.name }, novalidate: true,
    onsubmit: (event) => {
      event.preventDefault();
      confirmAction(action, p, input, { error, submit, back, buttons });
    },
    onkeydown: (event) => {
      if (event.key === 'Escape') close();
    },
  },
  h('p', { class: 'action-question' }, action.question(p, approval)),
  h('div', { class: 'field' }, h('label', { for: inputId }, required ? 'Reason (required)' : 'Note'), input),
  error,
  h('div', { class: 'action-row' }, submit, back));
  back.addEventListener('click', close);
  slot.replaceChildren(form);
  input.focus();
}

async function confirmAction(action, p, input, ui) {
  const text = input.value.trim();
  if (action.field === 'reason' && !text) {
    ui.error.textContent = 'A reason is required to reject a payout.';
    ui.error.hidden = false;
    input.focus();
    return;
  }
  const body = text ? { [action.field]: text } : {};
  const controls = [ui.submit, ui.back, input, ...ui.buttons];
  for (const c of controls) c.disabled = true;
  ui.error.hidden = true;
  try {
    const payout = await apiPost(`/${encodeURIComponent(p.id)}/${action.name}`, body);
    const status = payout && payout.status ? payout.status : 'unknown';
    state.detail.notice = { id: p.id, action: action.name, kind: 'done', text: `${action.done} by ${state.me.id || 'you'}. The payout is now ${status}.` };
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      const reason = error.body && error.body.message ? error.body.message : error.message;
      state.detail.notice = { id: p.id, action: action.name, kind: 'refused', text: `Refused: ${reason}` };
    } else {
      for (const c of controls) c.disabled = false;
      ui.error.textContent = error instanceof ApiError && error.status === 0
        ? 'The payouts API could not be reached; nothing was done. Try again.'
        : error instanceof Error ? error.message : String(error);
      ui.error.hidden = false;
      return;
    }
  }
  afterAction(p.id);
}
