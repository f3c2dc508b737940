/* One payout's history view: its actions, fields, approval, transitions, gateway attempts, callbacks and audit trail (masked by the API). */
import { actionsPanel } from './actions.js';
import { $, h } from './dom.js';
import { formatAmount, formatDuration, formatInt, prettyJson, statusChip, timeEl } from './format.js';

function field(label, value) {
  const content = value === null || value === undefined || value === '' ? h('span', { class: 'muted' }, '—') : value;
  return [h('dt', null, label), h('dd', null, content)];
}

function sectionTitle(text, count) {
  return h('h3', null, text, h('span', { class: 'badge' }, formatInt(count)));
}

function jsonDetails(summary, parts) {
  return h('details', null,
    h('summary', null, summary),
    parts.map(([label, value]) => [h('span', { class: 'pre-label' }, label), h('pre', null, prettyJson(value))]));
}

export function renderDetail(history) {
  const p = history.payout || {};
  const transitions = Array.isArray(history.transitions) ? history.transitions : [];
  const attempts = Array.isArray(history.attempts) ? history.attempts : [];
  const callbacks = Array.isArray(history.callbacks) ? history.callbacks : [];
  const audit = Array.isArray(history.audit) ? history.audit : [];
  const b = p.beneficiary || {};

  $('#detail-title').textContent = p.merchantReference || p.id || 'Payout';
  const body = $('#detail-body');
  const nodes = [];

  nodes.push(h('div', { class: 'detail-status' },
    statusChip(p.status),
    h('span', { class: 'detail-amount' }, formatAmount(p.amount, p.currency)),
    h('span', { class: 'muted' }, `via ${p.channel}`)));
  if (p.attention) {
    nodes.push(h('p', { class: 'attention-note', role: 'note' },
      h('strong', null, 'Needs attention: '), p.attentionReason || 'no reason recorded'));
  }
  if (p.failure) {
    nodes.push(h('p', { class: 'failure-note' },
      h('strong', null, `${p.failure.code}`), p.failure.message ? ` — ${p.failure.message}` : ''));
  }
  nodes.push(actionsPanel(history));

  nodes.push(h('dl', { class: 'fields' },
    field('ID', h('span', { class: 'mono' }, p.id)),
    field('Merchant reference', p.merchantReference),
    field('Channel', p.channel),
    field('Trade no.', p.tradeNo ? h('span', { class: 'mono' }, p.tradeNo) : null),
    field('Provider reference', p.providerReference ? h('span', { class: 'mono' }, p.providerReference) : null),
    field('Amount', formatAmount(p.amount, p.currency)),
    field('Fee', p.fee === null || p.fee === undefined ? null : formatAmount(p.fee, p.currency)),
    field('Beneficiary', b.name),
    field('Account number', b.accountNumber ? h('span', { class: 'mono', dataset: { field: 'accountNumber' } }, b.accountNumber) : null),
    field('Bank code', b.bankCode),
    field('Remark', p.remark === null || p.remark === undefined ? null : h('span', { dataset: { field: 'remark' } }, p.remark)),
    field('Metadata', p.metadata && Object.keys(p.metadata).length ? h('pre', null, prettyJson(p.metadata)) : null),
    field('Created', timeEl(p.createdAt)),
    field('Updated', timeEl(p.updatedAt)),
    field('Completed', p.completedAt ? timeEl(p.completedAt) : null)));
  if (history.approval) nodes.push(...approvalState(history.approval));

  const dash = () => h('span', { class: 'muted' }, '—');
  historySection(nodes, 'Transitions', transitions, {
    id: 'detail-transitions',
    empty: 'No transitions recorded.',
    columns: [['At'], ['From'], ['To']],
    rows: (t) => [h('tr', null,
      h('td', null, timeEl(t.at)),
      h('td', null, t.from ? statusChip(t.from) : dash()),
      h('td', null, statusChip(t.to)))],
  });
  historySection(nodes, 'Gateway attempts', attempts, {
    id: 'detail-attempts',
    empty: 'No gateway calls recorded.',
    columns: [['Time'], ['Operation'], ['Outcome'], ['HTTP', 'num'], ['Duration', 'num'], ['Error']],
    rows: (a) => [
      h('tr', { class: 'attempt' },
        h('td', null, timeEl(a.at)),
        h('td', null, a.operation),
        h('td', null, outcomeChip(a.outcome)),
        h('td', { class: 'num' }, a.httpStatus === null || a.httpStatus === undefined ? '—' : String(a.httpStatus)),
        h('td', { class: 'num' }, formatDuration(a.durationMs)),
        h('td', { class: 'wrap' }, a.error || dash())),
      h('tr', { class: 'attempt-bodies' }, h('td', { colspan: 6 },
        jsonDetails('Request and response (masked)', [['Request', a.request], ['Response', a.response]]))),
    ],
  });
  historySection(nodes, 'Callbacks', callbacks, {
    id: 'detail-callbacks',
    empty: 'No callbacks received.',
    columns: [['Received'], ['Outcome'], ['Detail'], ['Signature']],
    rows: (c) => [
      h('tr', { class: 'callback' },
        h('td', null, timeEl(c.receivedAt)),
        h('td', null, outcomeChip(c.outcome)),
        h('td', { class: 'wrap' }, c.detail || dash()),
        h('td', null, c.signatureOk
          ? h('span', { class: 'chip ok', dataset: { signature: 'ok' } }, 'valid')
          : h('span', { class: 'chip bad', dataset: { signature: 'bad' } }, 'invalid'))),
      h('tr', { class: 'callback-body' }, h('td', { colspan: 4 }, jsonDetails('Body (masked)', [['Body', c.body]]))),
    ],
  });

  historySection(nodes, 'Audit trail', audit, {
    id: 'detail-audit',
    empty: 'No actions recorded.',
    columns: [['Time'], ['Action'], ['By'], ['Note']],
    rows: (a) => [h('tr', { class: 'audit', dataset: { action: String(a.action) } },
      h('td', null, timeEl(a.at)),
      h('td', null, h('span', { class: 'chip neutral' }, a.action)),
      h('td', { class: 'wrap', title: a.address ? `from ${a.address}` : null }, a.principal),
      h('td', { class: 'wrap' }, a.note || dash()))],
  });

  body.replaceChildren(...nodes.filter(Boolean));
}

/** Where a payout that needs approval stands: how many approvals, who created it, who decided. */
function approvalState(a) {
  const names = (list) => (Array.isArray(list) && list.length ? list.join(', ') : h('span', { class: 'muted' }, 'nobody yet'));
  const approved = Array.isArray(a.approvedBy) ? a.approvedBy.length : 0;
  return [
    h('h3', null, 'Approval', h('span', { class: 'badge' }, `${formatInt(approved)} of ${formatInt(a.required)}`)),
    h('dl', { class: 'approval-fields', id: 'detail-approval' },
      field('Needs', `${a.required} ${a.required === 1 ? 'approval' : 'approvals'} by someone other than its creator`),
      field('Created by', a.createdBy),
      field('Approved by', names(a.approvedBy)),
      field('Rejected by', names(a.rejectedBy))),
  ];
}

/** One history section: its title, then a table of its rows, or a line saying there are none. */
function historySection(nodes, title, items, table) {
  nodes.push(sectionTitle(title, items.length));
  if (!items.length) {
    nodes.push(h('p', { class: 'empty' }, table.empty));
    return;
  }
  nodes.push(h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: table.id },
    h('thead', null, h('tr', null, table.columns.map(([label, cls]) => h('th', { scope: 'col', class: cls }, label)))),
    h('tbody', null, items.flatMap(table.rows)))));
}

const GOOD_OUTCOMES = ['accepted', 'found', 'applied', 'verified', 'ok', 'success', 'succeeded'];
const BAD_OUTCOMES = ['refused', 'rejected', 'unknown', 'error', 'failed', 'not_sent', 'invalid'];

function outcomeChip(outcome) {
  const text = outcome === null || outcome === undefined ? '—' : String(outcome);
  const lower = text.toLowerCase();
  const kind = GOOD_OUTCOMES.includes(lower) ? 'ok' : BAD_OUTCOMES.includes(lower) ? 'bad' : 'neutral';
  return h('span', { class: `chip ${kind}` }, text);
}
