/**
 * The provider contract: what every gateway channel must do, seen from outside (the REST API, the
 * callback endpoint, the poller) and checked against the gateway simulator's own books. Each
 * function is one behaviour; a spec calls it per channel with that channel's context, in the style
 * of Vendure's shared test suites (e2e/fixtures/cache-service-shared-tests.ts).
 *
 * Two kinds of app run the contract:
 * - a "live" app whose gateway calls back (publicBaseUrl on loopback): creation, completion by the
 *   gateway's own callbacks, refusals, and the callback endpoint;
 * - a "quiet" app whose callbacks the simulator never delivers (publicBaseUrl not on loopback), so
 *   that whatever the payout learns comes from a query: refresh, the poller, unknown outcomes.
 */
import request from 'supertest';
import { PayoutStatus } from '../src/payouts';
import { newTradeNo } from '../src/payouts/domain/identifiers';
import { PayoutEntity } from '../src/payouts/persistence/payout.entity';
import { PayoutOutboxEntity } from '../src/payouts/events/payout-outbox.entity';
import { PayoutWebhookEntity } from '../src/payouts/persistence/payout-webhook.entity';
import type { OutcomePlan, SimulatorHandle } from '../src/sandbox';
import { eventually } from './support/eventually';
import type { CallbackOutcome, SignedCallback } from './support/gateway-callbacks';
import type { TestApp } from './support/test-app';
import { passDatabaseTime } from './support/database-time';

const HOUR = 3_600_000;

export interface ProviderContractContext {
  /** The channel code under test, as configured in the app. */
  channel: string;
  simulator: SimulatorHandle;
  app: TestApp;
  /** A POST /payouts body for this channel that passes every rule; the name steers the simulator (FAIL, HOLD). */
  validRequest(merchantReference: string, name?: string): Record<string, unknown>;
  /** The amount of validRequest as the gateway writes it (Paypro "150000", Cashy "150.00"). */
  gatewayAmount: string;
  /** A realistic callback body for this protocol about the order with this trade number. */
  callbackBody(tradeNo: string, outcome: CallbackOutcome): Record<string, unknown>;
  /** Signs a body as the gateway does; with `key`, as a forger with the wrong key would. */
  signCallback(body: Record<string, unknown>, key?: string): SignedCallback;
  /** Ways to spoil a correctly signed callback that verification must catch, by name. */
  forgeries: Record<string, (signed: SignedCallback) => SignedCallback>;
  /** The exact acknowledgement the gateway expects back. */
  ack: string;
  codes: {
    /** The gateway's failure code when nothing more specific is planned. */
    defaultFailure: string;
    /** A specific failure code the gateway documents, planned on the simulator. */
    plannedFailure: string;
    /** The text that comes with it (Paypro `message`, or `desc` on the Mexico page: docs/gateways.md 1.4); Cashy sends none. */
    plannedFailureMessage: string | null;
    /** The gateway's answer to a create signed with the wrong secret. */
    signError: string;
    /** What the gateway reports when a paid order comes back. */
    lateReturn: string;
  };
  /** The fee the gateway reports for a paid order (Cashy "1.00"; Paypro reports none). */
  feeOnSuccess: string | null;
  /** How a cancellation at the gateway ends the payout: Cashy CANCEL, Paypro (no cancel state) a failure. */
  cancel: { status: PayoutStatus.CANCELLED | PayoutStatus.FAILED; code: string };
  /** Same gateway and merchant, wrong secret (live app). */
  wrongSecretChannel?: string;
  /** Same credentials, `timeouts.responseMs` short (quiet app). */
  shortTimeoutChannel?: string;
  /**
   * Whether the gateway's sign leaves the field boundaries out (Paypro `k1=v1k2=v2`), so that a
   * relay can shift fields under a valid sign; Cashy signs the raw body, so its simulator sends none.
   */
  fieldShift: boolean;
}

interface View {
  id: string;
  tradeNo: string;
  merchantReference: string;
  channel: string;
  providerReference: string | null;
  status: PayoutStatus;
  failure: { code: string; message: string | null } | null;
  completedAt: string | null;
  amount: string;
  fee: string | null;
  attention: boolean;
}

let seq = 0;
const reference = (what: string) => `contract-${what}-${++seq}-${Date.now()}`;

function post(ctx: ProviderContractContext, body: Record<string, unknown>) {
  return request(ctx.app.url).post('/payouts').send(body);
}

async function create(ctx: ProviderContractContext, name: string, channel = ctx.channel, extra: Record<string, unknown> = {}): Promise<View> {
  const res = await post(ctx, { ...ctx.validRequest(reference(channel), name), channel, ...extra });
  expect(res.status).toBe(201);
  return res.body as View;
}

async function view(ctx: ProviderContractContext, id: string): Promise<View> {
  const res = await request(ctx.app.url).get(`/payouts/${id}`).expect(200);
  return res.body as View;
}

async function refresh(ctx: ProviderContractContext, id: string): Promise<View> {
  const res = await request(ctx.app.url).post(`/payouts/${id}/refresh`).expect(200);
  return res.body as View;
}

async function settlesAt(ctx: ProviderContractContext, id: string, status: PayoutStatus): Promise<View> {
  return eventually(async () => {
    const v = await view(ctx, id);
    expect(v.status).toBe(status);
    return v;
  });
}

/**
 * Gateways report completion in their local time without a zone (Paypro successTime, Cashy
 * completionTime); read at the channel's offset it must land near now, not hours away.
 */
function expectCompletedJustNow(p: View): void {
  expect(p.completedAt).not.toBeNull();
  expect(Math.abs(Date.parse(p.completedAt!) - Date.now())).toBeLessThan(60_000);
}

function postCallback(ctx: ProviderContractContext, signed: SignedCallback, channel = ctx.channel) {
  let req = request(ctx.app.url).post(`/payouts/webhooks/${channel}`);
  for (const [name, value] of Object.entries(signed.headers)) req = req.set(name, value);
  return req.send(signed.raw);
}

function order(ctx: ProviderContractContext, tradeNo: string) {
  const found = ctx.simulator.ledger.order(tradeNo);
  if (!found) throw new Error(`the simulator has no order ${tradeNo}`);
  return found;
}

const eventTypes = async (ctx: ProviderContractContext, payoutId: string) =>
  (await ctx.app.dataSource.getRepository(PayoutOutboxEntity).find({ where: { payoutId }, order: { sequence: 'ASC' } })).map((e) => e.toStatus);

const inboxOutcomes = async (ctx: ProviderContractContext, tradeNo: string) =>
  (await ctx.app.dataSource.getRepository(PayoutWebhookEntity).find({ where: { tradeNo }, order: { id: 'ASC' } })).map((w) => w.outcome);

/** Holds a fault on the simulator for the duration of `run`. */
async function withFaults<T>(ctx: ProviderContractContext, faults: Parameters<SimulatorHandle['setFaults']>[0], run: () => Promise<T>): Promise<T> {
  ctx.simulator.setFaults(faults);
  try {
    return await run();
  } finally {
    ctx.simulator.setFaults({});
  }
}

// ---------------------------------------------------------------------------------------------
// Creation
// ---------------------------------------------------------------------------------------------

/** 201 PROCESSING with the gateway's reference, and exactly one order placed, for the right amount and callback URL. */
export async function createIsAccepted(ctx: ProviderContractContext): Promise<void> {
  const before = ctx.simulator.counters.ordersAccepted;
  const body = ctx.validRequest(reference('accepted'), 'Ana HOLD');
  const res = await post(ctx, body).expect(201);
  const p = res.body as View;
  expect(p).toMatchObject({ channel: ctx.channel, merchantReference: body.merchantReference, status: PayoutStatus.PROCESSING, failure: null });
  expect(p.tradeNo).toEqual(expect.any(String));
  expect(p.providerReference).toEqual(expect.any(String));

  const placed = order(ctx, p.tradeNo);
  expect(p.providerReference).toBe(placed.providerReference);
  expect(placed.amount).toBe(ctx.gatewayAmount);
  expect(placed.state).toBe('processing');
  expect(placed.notifyUrl).toMatch(new RegExp(`/payouts/webhooks/${ctx.channel}$`));
  expect(ctx.simulator.ledger.stats(p.tradeNo)).toMatchObject({ createRequests: 1, acceptedCreates: 1, duplicateCreatesRefused: 0 });
  expect(ctx.simulator.counters.ordersAccepted).toBe(before + 1);
  expect(await view(ctx, p.id)).toMatchObject({ status: PayoutStatus.PROCESSING, providerReference: placed.providerReference });
}

/** A definite refusal (here: the gateway's sign error for a channel with the wrong secret) fails the payout with the gateway's code. */
export async function refusedCreateFailsWithTheGatewaysCode(ctx: ProviderContractContext): Promise<void> {
  if (!ctx.wrongSecretChannel) throw new Error('the context needs wrongSecretChannel');
  const refusedBefore = ctx.simulator.counters.createsRefused;
  const acceptedBefore = ctx.simulator.counters.ordersAccepted;
  const p = await create(ctx, 'Budi Santoso', ctx.wrongSecretChannel);
  expect(p.status).toBe(PayoutStatus.FAILED);
  expect(p.failure?.code).toBe(ctx.codes.signError);
  expect(p.providerReference).toBeNull();
  expect(ctx.simulator.ledger.order(p.tradeNo)).toBeUndefined();
  expect(ctx.simulator.ledger.peekStats(p.tradeNo)?.acceptedCreates ?? 0).toBe(0);
  expect(ctx.simulator.counters.createsRefused).toBe(refusedBefore + 1);
  expect(ctx.simulator.counters.ordersAccepted).toBe(acceptedBefore);
  expect(await eventTypes(ctx, p.id)).toEqual([PayoutStatus.FAILED]);
}

/**
 * The gateway takes the order but the answer is lost (a timeout, or a 5xx after accepting): the
 * payout is UNKNOWN, never FAILED; the poller asks by trade number and settles it at the gateway's
 * state, and the gateway never sees a second create.
 */
export async function unknownCreateIsSettledByThePoller(
  ctx: ProviderContractContext,
  fault: 'timeoutAfterAccept' | 'serverErrorAfterAccept' | 'ambiguousAfterAccept',
  ending: 'success' | 'failure',
): Promise<void> {
  if (!ctx.shortTimeoutChannel) throw new Error('the context needs shortTimeoutChannel');
  const name = ending === 'failure' ? 'Siti FAIL' : 'Budi Santoso';
  const injectedBefore = ctx.simulator.counters.faultsInjected[fault] ?? 0;
  const p = await withFaults(ctx, { [fault]: 1 }, () => create(ctx, name, ctx.shortTimeoutChannel));
  expect(ctx.simulator.counters.faultsInjected[fault]).toBe(injectedBefore + 1);
  expect(p.status).toBe(PayoutStatus.UNKNOWN);
  expect(p.failure).toBeNull();
  const placed = order(ctx, p.tradeNo);
  expect(ctx.simulator.ledger.stats(p.tradeNo)).toMatchObject({ createRequests: 1, acceptedCreates: 1 });

  // The gateway finishes the order on its side; nothing reaches the app but its queries.
  await eventually(() => expect(placed.state).toBe(ending === 'success' ? 'succeeded' : 'failed'));
  expect((await view(ctx, p.id)).status).toBe(PayoutStatus.UNKNOWN);

  await pollLater(ctx, HOUR);
  const settled = await view(ctx, p.id);
  if (ending === 'success') {
    expect(settled).toMatchObject({ status: PayoutStatus.SUCCEEDED, failure: null, providerReference: placed.providerReference, fee: ctx.feeOnSuccess });
    expectCompletedJustNow(settled);
  } else {
    expect(settled.status).toBe(PayoutStatus.FAILED);
    expect(settled.failure?.code).toBe(ctx.codes.defaultFailure);
  }
  const stats = ctx.simulator.ledger.stats(p.tradeNo);
  expect(stats.queries).toBeGreaterThanOrEqual(1);
  expect(stats).toMatchObject({ createRequests: 1, acceptedCreates: 1, duplicateCreatesRefused: 0 });
  expect(placed.callbacksSent).toBe(0);
  expect(await eventTypes(ctx, p.id)).toEqual([PayoutStatus.UNKNOWN, settled.status]);
}

/**
 * The connection dies, or the gateway answers its ambiguous system error, before it took the
 * order: the app cannot know that, so UNKNOWN; once the gateway has said for longer than the grace
 * period that it does not know the trade number, the poller sends it again under the same trade
 * number, and it is placed once.
 */
export async function lostCreateIsResentUnderTheSameTradeNumber(
  ctx: ProviderContractContext,
  fault: 'resetBeforeAccept' | 'ambiguousBeforeAccept' = 'resetBeforeAccept',
): Promise<void> {
  const p = await withFaults(ctx, { [fault]: 1 }, () => create(ctx, 'Budi Santoso'));
  expect(p.status).toBe(PayoutStatus.UNKNOWN);
  expect(ctx.simulator.ledger.order(p.tradeNo)).toBeUndefined();
  expect(ctx.simulator.ledger.stats(p.tradeNo)).toMatchObject({ createRequests: 1, acceptedCreates: 0 });

  await pollLater(ctx, HOUR);
  const placed = order(ctx, p.tradeNo);
  expect(ctx.simulator.ledger.stats(p.tradeNo)).toMatchObject({ createRequests: 2, acceptedCreates: 1, duplicateCreatesRefused: 0 });
  const resent = await view(ctx, p.id);
  expect(resent.tradeNo).toBe(p.tradeNo);
  expect(resent.providerReference).toBe(placed.providerReference);
  expect([PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED]).toContain(resent.status);

  await eventually(() => expect(placed.state).toBe('succeeded'));
  await pollLater(ctx, 3 * HOUR);
  expect((await view(ctx, p.id)).status).toBe(PayoutStatus.SUCCEEDED);
  expect(ctx.simulator.ledger.stats(p.tradeNo)).toMatchObject({ createRequests: 2, acceptedCreates: 1 });
}

// ---------------------------------------------------------------------------------------------
// Completion by the gateway's own callbacks (live app)
// ---------------------------------------------------------------------------------------------

/** The simulator completes orders and calls back: success, and a failure with the gateway's code; each callback acknowledged with the exact bytes. */
export async function completesThroughTheGatewaysCallbacks(ctx: ProviderContractContext): Promise<void> {
  // With a remark, which Paypro echoes in its notification (and signs with the rest).
  const paid = await create(ctx, 'Budi Santoso', ctx.channel, { remark: 'Pago de mayo' });
  const failed = await create(ctx, 'Siti FAIL');

  const done = await settlesAt(ctx, paid.id, PayoutStatus.SUCCEEDED);
  expectCompletedJustNow(done);
  expect(done).toMatchObject({ failure: null, fee: ctx.feeOnSuccess });
  const lost = await settlesAt(ctx, failed.id, PayoutStatus.FAILED);
  expect(lost.failure?.code).toBe(ctx.codes.defaultFailure);
  expect(order(ctx, failed.tradeNo).failure?.code).toBe(ctx.codes.defaultFailure);

  for (const p of [paid, failed]) {
    const o = order(ctx, p.tradeNo);
    await eventually(() => expect(o.callbacks).toHaveLength(1));
    expect(o.callbacks[0]).toMatchObject({ kind: 'notify', attempt: 1, acked: true, httpStatus: 200 });
  }
  // Good news is applied as it comes; bad news only after one status query confirmed it.
  expect(ctx.simulator.ledger.stats(paid.tradeNo).queries).toBe(0);
  expect(ctx.simulator.ledger.stats(failed.tradeNo).queries).toBe(1);
  expect(await inboxOutcomes(ctx, paid.tradeNo)).toEqual(['applied']);
  expect(await inboxOutcomes(ctx, failed.tradeNo)).toEqual(['confirmed']);
}

/**
 * The gateway's bad days: a forged notification of the opposite outcome first (refused, never
 * acknowledged), the real one, repeats of it, and a stale PROCESSING last. The payout succeeds once.
 */
export async function survivesForgedDuplicateAndStaleCallbacks(ctx: ProviderContractContext): Promise<void> {
  const forgedAckedBefore = ctx.simulator.counters.forgedCallbacksAcked;
  await withFaults(ctx, { forgedCallbacks: 1, duplicateCallbacks: 1, outOfOrderCallbacks: 1 }, async () => {
    const p = await create(ctx, 'Budi Santoso');
    const o = await eventually(() => {
      const found = order(ctx, p.tradeNo);
      expect(found.callbacks.map((c) => c.kind)).toContain('stale');
      return found;
    });
    expect(o.callbacks[0]).toMatchObject({ kind: 'forged', acked: false, httpStatus: 401 });
    expect(o.callbacks.filter((c) => c.kind !== 'forged').every((c) => c.acked && c.httpStatus === 200)).toBe(true);
    expect(o.callbacks.filter((c) => c.kind === 'duplicate').length).toBeGreaterThanOrEqual(1);
    expect(ctx.simulator.counters.forgedCallbacksAcked).toBe(forgedAckedBefore);
    expect((await view(ctx, p.id)).status).toBe(PayoutStatus.SUCCEEDED);
    expect(await eventTypes(ctx, p.id)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED]);
  });
}

/** After success the gateway returns the money and says so in a callback: REVERSED. */
export async function lateReturnArrivesByCallback(ctx: ProviderContractContext): Promise<void> {
  const p = await create(ctx, 'Budi Santoso');
  await settlesAt(ctx, p.id, PayoutStatus.SUCCEEDED);
  expect(ctx.simulator.lateReturn(p.tradeNo)?.state).toBe('reversed');
  const reversed = await settlesAt(ctx, p.id, PayoutStatus.REVERSED);
  expect(reversed.failure?.code).toBe(ctx.codes.lateReturn);
  const o = order(ctx, p.tradeNo);
  await eventually(() => expect(o.callbacks.filter((c) => c.acked)).toHaveLength(2));
  // The return is bad news: believed after the status query said the same.
  expect(ctx.simulator.ledger.stats(p.tradeNo).queries).toBe(1);
  expect(await eventTypes(ctx, p.id)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED, PayoutStatus.REVERSED]);
}

// ---------------------------------------------------------------------------------------------
// Queries (quiet app: the simulator's callbacks never arrive)
// ---------------------------------------------------------------------------------------------

/** A payout the simulator keeps processing (HOLD in the name), so that only what the test does moves it. */
async function heldPayout(ctx: ProviderContractContext): Promise<View> {
  const p = await create(ctx, 'Rosa HOLD');
  expect(p.status).toBe(PayoutStatus.PROCESSING);
  return p;
}

/** Refresh asks the gateway: an order it still holds stays PROCESSING. */
export async function refreshReportsProcessing(ctx: ProviderContractContext): Promise<void> {
  const p = await heldPayout(ctx);
  ctx.simulator.setOutcome(p.tradeNo, { outcome: 'hold' });
  const queriesBefore = ctx.simulator.ledger.stats(p.tradeNo).queries;
  const after = await refresh(ctx, p.id);
  expect(after).toMatchObject({ status: PayoutStatus.PROCESSING, failure: null, completedAt: null });
  expect(ctx.simulator.ledger.stats(p.tradeNo).queries).toBe(queriesBefore + 1);
}

async function refreshAfter(ctx: ProviderContractContext, plan: OutcomePlan): Promise<View> {
  const p = await heldPayout(ctx);
  expect(ctx.simulator.complete(p.tradeNo, plan)?.state).not.toBe('processing');
  const after = await refresh(ctx, p.id);
  const o = order(ctx, p.tradeNo);
  expect(o.callbacksSent).toBe(0);
  expect(o.callbacksSkipped).toBeDefined();
  expect(ctx.simulator.ledger.stats(p.tradeNo).queries).toBe(1);
  return after;
}

export async function refreshReportsSuccess(ctx: ProviderContractContext): Promise<void> {
  const after = await refreshAfter(ctx, { outcome: 'success' });
  expect(after).toMatchObject({ status: PayoutStatus.SUCCEEDED, failure: null, fee: ctx.feeOnSuccess });
  expectCompletedJustNow(after);
}

export async function refreshReportsFailure(ctx: ProviderContractContext): Promise<void> {
  const after = await refreshAfter(ctx, { outcome: 'failure', code: ctx.codes.plannedFailure });
  expect(after.status).toBe(PayoutStatus.FAILED);
  expect(after.failure).toEqual({ code: ctx.codes.plannedFailure, message: ctx.codes.plannedFailureMessage });
}

export async function refreshReportsCancellation(ctx: ProviderContractContext): Promise<void> {
  const after = await refreshAfter(ctx, { outcome: 'cancel' });
  expect(after.status).toBe(ctx.cancel.status);
  expect(after.failure?.code).toBe(ctx.cancel.code);
}

/** After success the gateway returns the money; a refresh finds out: REVERSED. */
export async function lateReturnFoundByRefresh(ctx: ProviderContractContext): Promise<void> {
  const p = await heldPayout(ctx);
  ctx.simulator.complete(p.tradeNo, { outcome: 'success' });
  expect((await refresh(ctx, p.id)).status).toBe(PayoutStatus.SUCCEEDED);
  expect(ctx.simulator.lateReturn(p.tradeNo)?.state).toBe('reversed');
  const reversed = await refresh(ctx, p.id);
  expect(reversed.status).toBe(PayoutStatus.REVERSED);
  expect(reversed.failure?.code).toBe(ctx.codes.lateReturn);
  expect(order(ctx, p.tradeNo).callbacksSent).toBe(0);
  expect(await eventTypes(ctx, p.id)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED, PayoutStatus.REVERSED]);
}

// ---------------------------------------------------------------------------------------------
// The callback endpoint (callbacks written and signed by the test, as the gateway would)
// ---------------------------------------------------------------------------------------------

function expectAck(ctx: ProviderContractContext, res: request.Response): void {
  expect(res.status).toBe(200);
  expect(res.text).toBe(ctx.ack);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
}

/** A correctly signed callback is applied and answered with exactly the gateway's acknowledgement. */
export async function verifiedCallbackIsApplied(ctx: ProviderContractContext): Promise<void> {
  const paid = await heldPayout(ctx);
  expectAck(ctx, await postCallback(ctx, ctx.signCallback(ctx.callbackBody(paid.tradeNo, 'success'))));
  const done = await view(ctx, paid.id);
  expect(done).toMatchObject({ status: PayoutStatus.SUCCEEDED, failure: null, fee: ctx.feeOnSuccess });
  expectCompletedJustNow(done);
  expect(await inboxOutcomes(ctx, paid.tradeNo)).toEqual(['applied']);

  const failed = await heldPayout(ctx);
  ctx.simulator.complete(failed.tradeNo, { outcome: 'failure' });
  expectAck(ctx, await postCallback(ctx, ctx.signCallback(ctx.callbackBody(failed.tradeNo, 'failure'))));
  // The gateway's own notification of the failure may race ours: one of them confirms it by a
  // query, and the other may answer while that query is still under way.
  const lost = await settlesAt(ctx, failed.id, PayoutStatus.FAILED);
  expect(lost.failure?.code).toBe(ctx.codes.defaultFailure);
  expect(ctx.simulator.ledger.stats(failed.tradeNo).queries).toBeGreaterThanOrEqual(1);
  await eventually(async () => expectOneConfirmation(await inboxOutcomes(ctx, failed.tradeNo)));
  expect(await eventTypes(ctx, failed.id)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.FAILED]);
}

/** Deliveries of one failure: confirmed by a status query, the others found it settled or its query under way. */
function expectOneConfirmation(outcomes: (string | null)[]): void {
  expect(outcomes).toContain('confirmed');
  expect(outcomes.every((o) => o === 'confirmed' || o === 'duplicate' || o === 'unconfirmed')).toBe(true);
}

/**
 * A validly signed failure callback that the gateway's own ledger contradicts (a compromised
 * relay, a gateway bug) is acknowledged but not believed: the status query says the order is
 * still processing, so the payout stays PROCESSING and is polled; later the real success lands.
 */
export async function contradictedFailureCallbackIsNotBelieved(ctx: ProviderContractContext): Promise<void> {
  const p = await heldPayout(ctx);
  expectAck(ctx, await postCallback(ctx, ctx.signCallback(ctx.callbackBody(p.tradeNo, 'failure'))));
  expect((await view(ctx, p.id)).status).toBe(PayoutStatus.PROCESSING);
  expect(await inboxOutcomes(ctx, p.tradeNo)).toEqual(['unconfirmed']);
  expect(await eventTypes(ctx, p.id)).toEqual([PayoutStatus.PROCESSING]);
  expect(ctx.simulator.ledger.stats(p.tradeNo).queries).toBe(1);

  ctx.simulator.complete(p.tradeNo, { outcome: 'success' });
  expectAck(ctx, await postCallback(ctx, ctx.signCallback(ctx.callbackBody(p.tradeNo, 'success'))));
  expect((await view(ctx, p.id)).status).toBe(PayoutStatus.SUCCEEDED);
  expect(await eventTypes(ctx, p.id)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED]);
}

/** Forged callbacks (another key, or a signed one spoiled in transit): 401, never the acknowledgement, and nothing changes. */
export async function forgedCallbackIsRefused(ctx: ProviderContractContext): Promise<void> {
  const p = await heldPayout(ctx);
  const inbox = ctx.app.dataSource.getRepository(PayoutWebhookEntity);
  const rejected = () => inbox.count({ where: { channel: ctx.channel, outcome: 'rejected', signatureOk: 0 } });
  const rejectedBefore = await rejected();
  const genuine = () => ctx.signCallback(ctx.callbackBody(p.tradeNo, 'success'));
  const forgeries: [string, SignedCallback][] = [
    ['signed with another key', ctx.signCallback(ctx.callbackBody(p.tradeNo, 'success'), 'not-the-secret')],
    ...Object.entries(ctx.forgeries).map(([what, spoil]): [string, SignedCallback] => [what, spoil(genuine())]),
  ];
  for (const [what, forged] of forgeries) {
    const res = await postCallback(ctx, forged);
    expect({ what, status: res.status, acknowledged: res.text === ctx.ack }).toEqual({ what, status: 401, acknowledged: false });
  }
  expect((await view(ctx, p.id)).status).toBe(PayoutStatus.PROCESSING);
  expect(await eventTypes(ctx, p.id)).toEqual([PayoutStatus.PROCESSING]);
  // Recorded as rejected, and not filed under the trade number they claim: nothing in them is trusted.
  expect(await rejected()).toBe(rejectedBefore + forgeries.length);
  expect(await inboxOutcomes(ctx, p.tradeNo)).toEqual([]);
  // The genuine article still goes through afterwards.
  expectAck(ctx, await postCallback(ctx, genuine()));
  expect((await view(ctx, p.id)).status).toBe(PayoutStatus.SUCCEEDED);
}

/** A verified callback about an order that is not ours is acknowledged (or the gateway retries for a day) and changes nothing. */
export async function callbackForAnotherOrderIsAcknowledged(ctx: ProviderContractContext): Promise<void> {
  const payouts = ctx.app.dataSource.getRepository(PayoutEntity);
  const outbox = ctx.app.dataSource.getRepository(PayoutOutboxEntity);
  const [rowsBefore, eventsBefore] = [await payouts.count(), await outbox.count()];
  // Of our format, so possibly ours: only the lookup can tell.
  const tradeNo = newTradeNo();
  expectAck(ctx, await postCallback(ctx, ctx.signCallback(ctx.callbackBody(tradeNo, 'success'))));
  expect(await inboxOutcomes(ctx, tradeNo)).toEqual(['not_ours']);
  expect(await payouts.count()).toBe(rowsBefore);
  expect(await outbox.count()).toBe(eventsBefore);
}

/** The same delivery three times: acknowledged each time, applied once. */
export async function duplicateCallbackIsAppliedOnce(ctx: ProviderContractContext): Promise<void> {
  const p = await heldPayout(ctx);
  const signed = ctx.signCallback(ctx.callbackBody(p.tradeNo, 'success'));
  for (let i = 0; i < 3; i++) expectAck(ctx, await postCallback(ctx, signed));
  expect((await view(ctx, p.id)).status).toBe(PayoutStatus.SUCCEEDED);
  expect(await inboxOutcomes(ctx, p.tradeNo)).toEqual(['applied', 'duplicate', 'duplicate']);
  expect(await eventTypes(ctx, p.id)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED]);

  // The same, delivered three times at once (a gateway retrying while the first is in flight):
  // one delivery's status query confirms it; the others find it settled, or its query under way.
  const q = await heldPayout(ctx);
  ctx.simulator.complete(q.tradeNo, { outcome: 'failure' });
  const again = ctx.signCallback(ctx.callbackBody(q.tradeNo, 'failure'));
  for (const res of await Promise.all([0, 1, 2].map(() => postCallback(ctx, again)))) expectAck(ctx, res);
  await settlesAt(ctx, q.id, PayoutStatus.FAILED);
  await eventually(async () => expectOneConfirmation(await inboxOutcomes(ctx, q.tradeNo)));
  expect(await eventTypes(ctx, q.id)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.FAILED]);
}

/** One poll round `ms` from now, on the process's schedule and on the database's clock alike. */
async function pollLater(ctx: ProviderContractContext, ms: number): Promise<void> {
  await passDatabaseTime(ctx.app.dataSource, ms);
  await ctx.app.poller.pollOnce(new Date(Date.now() + ms));
}

// ---------------------------------------------------------------------------------------------
// Issue 11: ambiguous answers, duplicates, and callbacks that must not be believed
// ---------------------------------------------------------------------------------------------

/**
 * The gateway placed the order, a first query misses it (a lagging read replica), so the poller
 * sends again under the same trade number and the gateway answers "duplicate": that says the order
 * exists, so the payout stays UNKNOWN, is not flagged, and the next query settles it.
 */
export async function duplicateAnswerKeepsThePayoutUnknown(ctx: ProviderContractContext): Promise<void> {
  if (!ctx.shortTimeoutChannel) throw new Error('the context needs shortTimeoutChannel');
  const p = await withFaults(ctx, { timeoutAfterAccept: 1 }, () => create(ctx, 'Budi Santoso', ctx.shortTimeoutChannel));
  expect(p.status).toBe(PayoutStatus.UNKNOWN);
  const placed = order(ctx, p.tradeNo);

  await withFaults(ctx, { queryLagMs: 60_000 }, () => pollLater(ctx, HOUR));
  expect(ctx.simulator.ledger.stats(p.tradeNo)).toMatchObject({ createRequests: 2, acceptedCreates: 1, duplicateCreatesRefused: 1 });
  expect(await view(ctx, p.id)).toMatchObject({ status: PayoutStatus.UNKNOWN, failure: null, attention: false });

  await eventually(() => expect(placed.state).toBe('succeeded'));
  await pollLater(ctx, 3 * HOUR);
  expect(await view(ctx, p.id)).toMatchObject({ status: PayoutStatus.SUCCEEDED, providerReference: placed.providerReference, attention: false });
  expect(ctx.simulator.ledger.stats(p.tradeNo)).toMatchObject({ createRequests: 2, acceptedCreates: 1 });
  expect(await eventTypes(ctx, p.id)).toEqual([PayoutStatus.UNKNOWN, PayoutStatus.SUCCEEDED]);
}

/**
 * Before its real notification the gateway's relay sends one whose fields were shifted under the
 * genuine Paypro sign (status "0000successTime=…"): refused as malformed (400, recorded, never
 * acknowledged, so nothing is applied), and the real one completes the payout.
 */
export async function fieldShiftedCallbackIsRejected(ctx: ProviderContractContext): Promise<void> {
  const inbox = ctx.app.dataSource.getRepository(PayoutWebhookEntity);
  const rejected = () => inbox.count({ where: { channel: ctx.channel, outcome: 'rejected' } });
  const rejectedBefore = await rejected();
  await withFaults(ctx, { fieldShiftedCallbacks: 1 }, async () => {
    const p = await create(ctx, 'Budi Santoso');
    const o = await eventually(() => {
      const found = order(ctx, p.tradeNo);
      expect(found.callbacks.some((c) => c.kind === 'notify' && c.acked)).toBe(true);
      return found;
    });
    const shifted = o.callbacks.filter((c) => c.kind === 'shifted');
    expect(shifted).toHaveLength(ctx.fieldShift ? 1 : 0);
    for (const c of shifted) expect(c).toMatchObject({ acked: false, httpStatus: 400, status: expect.stringMatching(/^0000successTime=/) });
    expect(await rejected()).toBe(rejectedBefore + shifted.length);
    expect(await view(ctx, p.id)).toMatchObject({ status: PayoutStatus.SUCCEEDED, failure: null });
    expect(await eventTypes(ctx, p.id)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED]);
  });
}

/**
 * Correctly signed FAIL callbacks the gateway's own ledger contradicts (one while the order is
 * processing, one just before its success, as the simulator's contradictingCallbacks sends them):
 * never believed; the payout succeeds and never was FAILED.
 */
export async function contradictingCallbacksAreNotBelieved(ctx: ProviderContractContext): Promise<void> {
  await withFaults(ctx, { contradictingCallbacks: 1 }, async () => {
    const p = await create(ctx, 'Budi Santoso');
    const o = await eventually(() => {
      const found = order(ctx, p.tradeNo);
      expect(found.callbacks.some((c) => c.kind === 'notify' && c.acked)).toBe(true);
      expect(found.callbacks.filter((c) => c.kind === 'contradicting')).toHaveLength(2);
      return found;
    });
    // While the order is open the payout is polled at once, so the delivery is acknowledged; once
    // the query has settled it as paid, a contradicting one is not (a real return would be redelivered).
    expect(o.callbacks.filter((c) => c.kind === 'contradicting').map((c) => c.acked)).toEqual([true, false]);
    await settlesAt(ctx, p.id, PayoutStatus.SUCCEEDED);
    expect(await eventTypes(ctx, p.id)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED]);
  });
}

/** A signed callback whose trade number is not of our format is malformed: 400, recorded, never acknowledged, nothing changes. */
export async function callbackWithATradeNumberNotOursIsRejected(ctx: ProviderContractContext): Promise<void> {
  const inbox = ctx.app.dataSource.getRepository(PayoutWebhookEntity);
  const rejected = () => inbox.count({ where: { channel: ctx.channel, outcome: 'rejected' } });
  const [rowsBefore, rejectedBefore] = [await ctx.app.dataSource.getRepository(PayoutEntity).count(), await rejected()];
  const res = await postCallback(ctx, ctx.signCallback(ctx.callbackBody(`NOT-OURS-${++seq}`, 'success')));
  expect(res.status).toBe(400);
  expect(res.text).not.toBe(ctx.ack);
  expect(await rejected()).toBe(rejectedBefore + 1);
  expect(await ctx.app.dataSource.getRepository(PayoutEntity).count()).toBe(rowsBefore);
}
