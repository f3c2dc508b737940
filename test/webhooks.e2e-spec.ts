import request from 'supertest';
import { PayoutStatus } from '../src/payouts';
import { PayoutOutboxEntity } from '../src/payouts/events/payout-outbox.entity';
import { PayoutWebhookEntity } from '../src/payouts/persistence/payout-webhook.entity';
import { CapturedLogger } from './support/captured-logger';
import { sendFakeCallback } from './support/fake-callbacks';
import { FakePayoutProvider } from '../src/payouts/providers/fake/fake.provider';
import { ADAPTERS, createTestApp, FAKE_CHANNEL, TestApp } from './support/test-app';

/** A fake channel whose orders stay PROCESSING at the gateway for an hour. */
const SLOW_CHANNEL = { ...FAKE_CHANNEL, code: 'fake-slow', options: { settleAfterMs: 3_600_000 } };

let seq = 0;
async function newPayout(t: TestApp, name = 'Budi Santoso', channel = 'fake-idr') {
  const res = await request(t.url)
    .post('/payouts')
    .send({ merchantReference: `wh-${++seq}-${Date.now()}`, channel, amount: '500.00', currency: 'IDR', beneficiary: { name, accountNumber: '1234567890' } })
    .expect(201);
  return res.body as { id: string; tradeNo: string; status: string };
}

describe.each(ADAPTERS)('callbacks on %s', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ adapter, channels: [FAKE_CHANNEL, SLOW_CHANNEL] });
  });
  afterAll(() => t.close());
  const fakeGateway = () => t.registry.get('fake-idr') as unknown as FakePayoutProvider;

  const eventsOf = (payoutId: string) => t.dataSource.getRepository(PayoutOutboxEntity).find({ where: { payoutId }, order: { sequence: 'ASC' } });
  const inboxOf = (tradeNo: string) => t.dataSource.getRepository(PayoutWebhookEntity).find({ where: { tradeNo }, order: { id: 'ASC' } });

  it('applies a callback once when it is delivered three times', async () => {
    const p = await newPayout(t);
    for (let i = 0; i < 3; i++) {
      const res = await sendFakeCallback(t.url, 'fake-idr', { tradeNo: p.tradeNo, status: 'SUCCEEDED', amount: 50000 }).expect(200);
      expect(res.text).toBe('OK');
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
    }
    expect((await t.service.get(p.id)).status).toBe(PayoutStatus.SUCCEEDED);
    expect((await eventsOf(p.id)).map((e) => e.toStatus)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED]);
    expect((await inboxOf(p.tradeNo)).map((w) => w.outcome)).toEqual(['applied', 'duplicate', 'duplicate']);
  });

  it('ignores a late PROCESSING after the final state, and records it', async () => {
    const p = await newPayout(t, 'FAIL please');
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: p.tradeNo, status: 'FAILED', amount: 50000 }).expect(200);
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: p.tradeNo, status: 'PROCESSING', amount: 50000 }).expect(200);
    const view = await t.service.get(p.id);
    expect(view.status).toBe(PayoutStatus.FAILED);
    // Bad news is applied as the status query confirmed it.
    expect(view.failure).toEqual({ code: 'FAKE_FAILED', message: 'failed at the fake gateway' });
    expect((await inboxOf(p.tradeNo)).map((w) => w.outcome)).toEqual(['confirmed', 'ignored']);
    // Confirmed and final: nothing left to poll.
    expect((await t.service.load(p.id)).nextPollAt).toBeNull();
  });

  it('refuses a forged callback with 401, changes nothing, and records it', async () => {
    const p = await newPayout(t);
    const res = await sendFakeCallback(t.url, 'fake-idr', { tradeNo: p.tradeNo, status: 'SUCCEEDED' }, 'not-the-secret').expect(401);
    expect(res.text).not.toBe('OK');
    expect((await t.service.get(p.id)).status).toBe(PayoutStatus.PROCESSING);
    const rejected = await t.dataSource.getRepository(PayoutWebhookEntity).find({ where: { outcome: 'rejected', channel: 'fake-idr' } });
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((w) => w.signatureOk === 0)).toBe(true);
  });

  it('acknowledges a verified callback for an order that is not ours and changes nothing', async () => {
    const res = await sendFakeCallback(t.url, 'fake-idr', { tradeNo: 'SOMEONE-ELSES-ORDER', status: 'SUCCEEDED' }).expect(200);
    expect(res.text).toBe('OK');
    expect((await inboxOf('SOMEONE-ELSES-ORDER')).map((w) => w.outcome)).toEqual(['not_ours']);
  });

  it('does not apply an amount mismatch: flags the payout for attention and queues a query', async () => {
    const p = await newPayout(t);
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: p.tradeNo, status: 'SUCCEEDED', amount: 49999 }).expect(200);
    const view = await t.service.get(p.id);
    expect(view.status).toBe(PayoutStatus.PROCESSING);
    expect(view.attention).toBe(true);
    const row = await t.service.load(p.id);
    expect(row.nextPollAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await inboxOf(p.tradeNo)).map((w) => w.outcome)).toEqual(['amount_mismatch']);
  });

  it('turns a change after success into REVERSED with its own event', async () => {
    const p = await newPayout(t);
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: p.tradeNo, status: 'SUCCEEDED', amount: 50000 }).expect(200);
    fakeGateway().returnOrder(p.tradeNo);
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: p.tradeNo, status: 'FAILED', amount: 50000 }).expect(200);
    expect((await t.service.get(p.id)).status).toBe(PayoutStatus.REVERSED);
    expect((await eventsOf(p.id)).map((e) => e.toStatus)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED, PayoutStatus.REVERSED]);
  });

  it('does not believe a signed FAILED callback that the gateway’s own status contradicts, nor acknowledge it', async () => {
    const p = await newPayout(t); // the fake gateway pays it
    const res = await sendFakeCallback(t.url, 'fake-idr', { tradeNo: p.tradeNo, status: 'FAILED', amount: 50000 }).expect(503);
    expect(res.text).not.toBe('OK');
    const view = await t.service.get(p.id);
    expect(view.status).toBe(PayoutStatus.SUCCEEDED);
    expect(view.failure).toBeNull();
    expect((await eventsOf(p.id)).map((e) => e.toStatus)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED]);
    expect((await inboxOf(p.tradeNo)).map((w) => w.outcome)).toEqual(['unconfirmed']);
  });

  it('lets the gateway deliver a return again until its status query confirms it: a settled payout is never polled', async () => {
    const p = await newPayout(t);
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: p.tradeNo, status: 'SUCCEEDED', amount: 50000 }).expect(200);
    // The return reaches us before the gateway's own status shows it: not acknowledged, nothing changed.
    const early = { tradeNo: p.tradeNo, status: 'REVERSED', amount: 50000 };
    await sendFakeCallback(t.url, 'fake-idr', early).expect(503);
    expect((await t.service.get(p.id)).status).toBe(PayoutStatus.SUCCEEDED);
    // The gateway's redelivery, once its status caught up, is believed.
    fakeGateway().returnOrder(p.tradeNo);
    const res = await sendFakeCallback(t.url, 'fake-idr', early).expect(200);
    expect(res.text).toBe('OK');
    expect((await t.service.get(p.id)).status).toBe(PayoutStatus.REVERSED);
    expect((await inboxOf(p.tradeNo)).map((w) => w.outcome)).toEqual(['applied', 'unconfirmed', 'confirmed']);
  });

  it('applies nothing final when the status query does not confirm a FAILED callback, and polls at once', async () => {
    const p = await newPayout(t, 'Budi Santoso', 'fake-slow'); // still processing at the gateway
    await sendFakeCallback(t.url, 'fake-slow', { tradeNo: p.tradeNo, status: 'FAILED', amount: 50000 }).expect(200);
    expect((await t.service.get(p.id)).status).toBe(PayoutStatus.PROCESSING);
    expect((await t.service.load(p.id)).nextPollAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await eventsOf(p.id)).map((e) => e.toStatus)).toEqual([PayoutStatus.PROCESSING]);
    expect((await inboxOf(p.tradeNo)).map((w) => w.outcome)).toEqual(['unconfirmed']);
  });

  it('does not believe bad news that carries no amount either: it is confirmed by a status query first', async () => {
    const p = await newPayout(t); // the fake gateway pays it
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: p.tradeNo, status: 'FAILED' }).expect(503);
    expect((await t.service.get(p.id)).status).toBe(PayoutStatus.SUCCEEDED);
    expect((await inboxOf(p.tradeNo)).map((w) => w.outcome)).toEqual(['unconfirmed']);
  });

  it('keeps each delivery in the inbox with what became of it and the headers worth keeping, no others', async () => {
    const p = await newPayout(t);
    const extra = { 'user-agent': 'gateway-relay/2.1', 'x-forwarded-for': '203.0.113.7', cookie: 'session=never-kept' };
    const signed = (body: Record<string, unknown>) => {
      const call = sendFakeCallback(t.url, 'fake-idr', body);
      for (const [name, value] of Object.entries(extra)) call.set(name, value);
      return call;
    };
    await signed({ tradeNo: p.tradeNo, status: 'SUCCEEDED', amount: 50000 }).expect(200);
    await signed({ tradeNo: p.tradeNo, status: 'SUCCEEDED', amount: 50000 }).expect(200);
    const inbox = await inboxOf(p.tradeNo);
    expect(inbox.map((w) => [w.outcome, w.detail, w.signatureOk])).toEqual([
      ['applied', 'PROCESSING -> SUCCEEDED', 1],
      ['duplicate', 'SUCCEEDED -> SUCCEEDED', 1],
    ]);
    expect(inbox[0].headers).toEqual({ 'content-type': 'application/json', 'user-agent': 'gateway-relay/2.1', 'x-forwarded-for': '203.0.113.7' });
    await signed({ tradeNo: 'NOT-OURS-' + p.tradeNo, status: 'SUCCEEDED' }).expect(200);
    expect((await inboxOf('NOT-OURS-' + p.tradeNo)).map((w) => [w.outcome, w.detail])).toEqual([['not_ours', 'no payout with this trade number on this channel']]);
    const slow = await newPayout(t, 'Budi Santoso', 'fake-slow');
    await sendFakeCallback(t.url, 'fake-slow', { tradeNo: slow.tradeNo, status: 'FAILED', amount: 50000 }).expect(200);
    expect((await inboxOf(slow.tradeNo)).map((w) => [w.outcome, w.detail])).toEqual([['unconfirmed', 'callback said FAILED; after a status query: PROCESSING -> PROCESSING']]);
  });

  it('refuses unknown channels and malformed bodies', async () => {
    await request(t.url).post('/payouts/webhooks/nope').send({}).expect(404);
    const raw = '{not json';
    const { signFakeCallback } = await import('../src/payouts');
    await request(t.url)
      .post('/payouts/webhooks/fake-idr')
      .set('content-type', 'text/plain')
      .set('x-fake-signature', signFakeCallback(raw, 'fake-secret'))
      .send(raw)
      .expect(415);
    await request(t.url).post('/payouts/webhooks/fake-idr').set('content-type', 'application/json').send(raw).expect(400);
  });

  it('ends right when the callback and a poll arrive at the same moment', async () => {
    const p = await newPayout(t);
    const [cb] = await Promise.all([
      sendFakeCallback(t.url, 'fake-idr', { tradeNo: p.tradeNo, status: 'SUCCEEDED', amount: 50000 }),
      t.service.refresh(p.id),
      t.service.refresh(p.id),
    ]);
    expect(cb.status).toBe(200);
    expect((await t.service.get(p.id)).status).toBe(PayoutStatus.SUCCEEDED);
    const types = (await eventsOf(p.id)).map((e) => e.toStatus);
    expect(types.filter((x) => x === PayoutStatus.SUCCEEDED)).toHaveLength(1);
  });
});

describe('rejected callbacks', () => {
  it('are logged under Payouts with the reason, which the inbox row keeps, and past the channel’s limit only counted', async () => {
    const logger = new CapturedLogger();
    const t = await createTestApp({ logger, payouts: { rejectedCallbacks: { maxStored: 1, windowMs: 60_000 } } });
    try {
      for (let i = 0; i < 3; i++) await sendFakeCallback(t.url, 'fake-idr', { tradeNo: `FORGED-${i}`, status: 'SUCCEEDED' }, 'not-the-secret').expect(401);
      const rows = await t.dataSource.getRepository(PayoutWebhookEntity).find({ where: { outcome: 'rejected' } });
      expect(rows.map((w) => [w.detail, w.signatureOk, w.tradeNo])).toEqual([['bad x-fake-signature', 0, null]]);
      // The first one past the limit says so; later ones are counted without a line each.
      expect(logger.messages('warn', 'Payouts')).toEqual([
        'Callback on fake-idr rejected: bad x-fake-signature',
        'Callback on fake-idr rejected: bad x-fake-signature; not stored: over 1 rejected in 60000 ms, the next ones are only counted',
      ]);
    } finally {
      await t.close();
    }
  });
});
