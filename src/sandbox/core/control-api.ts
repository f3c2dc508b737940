import * as http from 'node:http';
import { centsOf, centsToText } from './decimal';
import { FaultSettings, checkFaultSettings } from './faults';
import { sendJson } from './http-io';
import { OutcomePlan } from './ledger';
import { OrderEngine } from './order-engine';

/** Path prefix of the control endpoints, on every simulator (with or without its path prefix). */
export const CONTROL_PREFIX = '/__sandbox/';

const OUTCOMES: readonly string[] = ['success', 'failure', 'cancel', 'hold'];

/** Every problem with an outcome plan; reserved codes are those that would not read as a failure. */
export function checkOutcomePlan(value: unknown, reservedCodes: readonly string[]): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['the body must be a JSON object'];
  const plan = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof plan.outcome !== 'string' || !OUTCOMES.includes(plan.outcome)) problems.push(`outcome must be one of ${OUTCOMES.join(', ')}`);
  if (plan.code !== undefined) {
    if (typeof plan.code !== 'string' || plan.code === '') problems.push('code must be a non-empty string');
    else if (reservedCodes.includes(plan.code)) problems.push(`code ${plan.code} does not mean failure in this protocol`);
  }
  if (plan.message !== undefined && typeof plan.message !== 'string') problems.push('message must be a string');
  if (plan.afterMs !== undefined && (typeof plan.afterMs !== 'number' || !(plan.afterMs >= 0))) problems.push('afterMs must be a number >= 0');
  const known = ['outcome', 'code', 'message', 'afterMs'];
  for (const key of Object.keys(plan)) if (!known.includes(key)) problems.push(`${key} is not an outcome field`);
  return problems;
}

/**
 * GET  ledger | counters | faults | balance | orders/:tradeNo
 * POST faults | reset | balance | orders/:tradeNo/outcome | orders/:tradeNo/complete | orders/:tradeNo/return
 */
export function handleControl(engine: OrderEngine, method: string, route: string, rawBody: string, res: http.ServerResponse): void {
  const body = parseBody(rawBody);
  if (body === INVALID) return sendJson(res, 400, { error: 'the body must be JSON' });
  const [head, encodedTradeNo, action] = route.split('/');

  if (method === 'GET' && route === 'ledger') return sendJson(res, 200, engine.ledger.snapshot());
  if (method === 'GET' && route === 'counters') return sendJson(res, 200, engine.ledger.counters);
  if (method === 'GET' && route === 'faults') return sendJson(res, 200, engine.dice.settings);
  if (method === 'POST' && route === 'faults') {
    const problems = checkFaultSettings(body ?? {});
    if (problems.length > 0) return sendJson(res, 400, { error: 'invalid faults', problems });
    engine.setFaults((body ?? {}) as FaultSettings);
    return sendJson(res, 200, engine.dice.settings);
  }
  if (method === 'GET' && route === 'balance') return sendJson(res, 200, { available: centsToText(engine.funds.availableCents) });
  if (method === 'POST' && route === 'balance') {
    const problems = checkBalanceChange(body);
    if (problems.length > 0) return sendJson(res, 400, { error: 'invalid balance change', problems });
    const change = body as { available?: string; add?: string };
    if (change.available !== undefined) engine.funds.set(centsOf(change.available) as number);
    if (change.add !== undefined) engine.funds.give(centsOf(change.add) as number);
    return sendJson(res, 200, { available: centsToText(engine.funds.availableCents) });
  }
  if (method === 'POST' && route === 'reset') {
    engine.reset();
    return sendJson(res, 200, { reset: true });
  }
  if (head !== 'orders' || !encodedTradeNo) return sendJson(res, 404, { error: `no control endpoint ${method} ${CONTROL_PREFIX}${route}` });

  const tradeNo = decodeURIComponent(encodedTradeNo);
  if (method === 'GET' && action === undefined) {
    const order = engine.ledger.order(tradeNo);
    if (!order) return sendJson(res, 404, { error: `no order ${tradeNo}`, stats: engine.ledger.peekStats(tradeNo) ?? null });
    return sendJson(res, 200, { order, stats: engine.ledger.stats(tradeNo) });
  }
  if (method === 'POST' && (action === 'outcome' || action === 'complete')) {
    // complete takes an optional plan; outcome requires one.
    const plan = action === 'complete' && body === undefined ? undefined : body;
    const problems = plan === undefined ? [] : checkOutcomePlan(plan, engine.behaviour.reservedCodes);
    if (problems.length > 0) return sendJson(res, 400, { error: 'invalid outcome', problems });
    if (action === 'outcome') {
      const order = engine.setOutcome(tradeNo, plan as OutcomePlan);
      return sendJson(res, 200, { tradeNo, plan, order: order ?? null });
    }
    const before = engine.ledger.order(tradeNo);
    if (!before) return sendJson(res, 404, { error: `no order ${tradeNo}` });
    if (before.state !== 'processing') return sendJson(res, 409, { error: `order ${tradeNo} is already ${before.state}`, order: before });
    return sendJson(res, 200, { order: engine.complete(tradeNo, plan as OutcomePlan | undefined) });
  }
  if (method === 'POST' && action === 'return') {
    const before = engine.ledger.order(tradeNo);
    if (!before) return sendJson(res, 404, { error: `no order ${tradeNo}` });
    if (before.state !== 'succeeded') return sendJson(res, 409, { error: `only a succeeded order can be returned; ${tradeNo} is ${before.state}` });
    return sendJson(res, 200, { order: engine.lateReturn(tradeNo) });
  }
  return sendJson(res, 404, { error: `no control endpoint ${method} ${CONTROL_PREFIX}${route}` });
}

/** POST balance takes `{ available }` (sets it) and/or `{ add }` (tops it up), each a decimal string such as "500.00". */
function checkBalanceChange(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['the body must be a JSON object'];
  const change = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of ['available', 'add']) {
    if (change[key] !== undefined && (typeof change[key] !== 'string' || centsOf(change[key]) === undefined)) problems.push(`${key} must be a decimal string such as "500.00"`);
  }
  if (change.available === undefined && change.add === undefined) problems.push('give available or add');
  for (const key of Object.keys(change)) if (key !== 'available' && key !== 'add') problems.push(`${key} is not a balance field`);
  return problems;
}

const INVALID = Symbol('invalid');

function parseBody(rawBody: string): unknown {
  if (rawBody.trim() === '') return undefined;
  try {
    return JSON.parse(rawBody);
  } catch {
    return INVALID;
  }
}
