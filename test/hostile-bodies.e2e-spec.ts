import { ScheduleModule } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import { ChannelConfig, PayoutMetrics, PayoutsModule, signFakeCallback } from '../src/payouts';
import { PayoutEntity } from '../src/payouts/persistence/payout.entity';
import { PayoutWebhookEntity } from '../src/payouts/persistence/payout-webhook.entity';
import { REJECTED_BODY_EXCERPT_CHARS } from '../src/payouts/webhooks/rejected-callbacks';
import { ADAPTERS, createTestApp, FAKE_CHANNEL, TestApp } from './support/test-app';

const PAYPRO: ChannelConfig = {
  code: 'paypro-idn',
  protocol: 'paypro',
  currency: 'IDR',
  baseUrl: 'http://127.0.0.1:9/indonesia-pay',
  merchantId: '8729248847',
  secret: 'dbecac55466b4958a2d06069fcf49e18',
};
const CASHY: ChannelConfig = { code: 'cashy-per', protocol: 'cashy', currency: 'PEN', baseUrl: 'http://127.0.0.1:9', merchantId: '1002001', secret: 'TEST_API_KEY_123' };
const LIMIT = 5;

const nested = (open: string, close: string, levels: number, inner = '') => open.repeat(levels) + inner + close.repeat(levels);
/** 60 KB: under the 64 KB size limit, so it is parsed. */
const DEEP_ARRAY = nested('[', ']', 30_000);
/** 180 KB: over the size limit, refused before it is parsed. */
const DEEP_OBJECT = nested('{"a":', '}', 30_000, '1');
/** As deep as fits under the size limit. */
const DEEP_OBJECT_FITTING = nested('{"a":', '}', 10_000, '1');
const DEEP_BENEFICIARY =
  '{"merchantReference":"deep-1","channel":"fake-idr","amount":"10.00","currency":"IDR","beneficiary":' +
  `${nested('{"name":', '}', 5_000, '"x"')}}`;

describe.each(ADAPTERS)('hostile bodies on %s', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      adapter,
      channels: [FAKE_CHANNEL, PAYPRO, CASHY],
      payouts: { rejectedCallbacks: { maxStored: LIMIT, windowMs: 60_000 } },
    });
  });
  afterAll(() => t.close());

  const stored = () => t.dataSource.getRepository(PayoutWebhookEntity).count();
  const payouts = () => t.dataSource.getRepository(PayoutEntity).count();
  const post = (path: string, raw: string, headers: Record<string, string> = {}) =>
    request(t.url).post(path).set('content-type', 'application/json').set(headers).send(raw);

  describe('deeply nested JSON', () => {
    it.each([
      ['30,000 levels of [', DEEP_ARRAY],
      ['10,000 levels of {"a":', DEEP_OBJECT_FITTING],
      ['a beneficiary 5,000 levels deep', DEEP_BENEFICIARY],
    ])('POST /payouts answers %s with 400 and a clear JSON error, storing nothing', async (_name, raw) => {
      const before = await payouts();
      const res = await post('/payouts', raw).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'The JSON body is nested more than 32 levels deep' });
      expect(await payouts()).toBe(before);
    });

    it.each([
      ['the fake gateway, correctly signed', 'fake-idr', DEEP_ARRAY, { 'x-fake-signature': signFakeCallback(DEEP_ARRAY, 'fake-secret') }],
      ['Paypro, unsigned', 'paypro-idn', DEEP_ARRAY, {}],
      ['Paypro, 10,000 levels of {"a":', 'paypro-idn', DEEP_OBJECT_FITTING, {}],
      ['Cashy', 'cashy-per', DEEP_ARRAY, { sign: '0'.repeat(32), merchantid: '1002001' }],
    ])('the callback endpoint answers 30,000 levels for %s with 400, storing nothing', async (_name, channel, raw, headers) => {
      const before = await stored();
      const res = await post(`/payouts/webhooks/${channel}`, raw, headers).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ statusCode: 400, message: 'The JSON body is nested more than 32 levels deep' });
      expect(await stored()).toBe(before);
    });

    it.each(['/payouts', '/payouts/webhooks/paypro-idn'])('%s answers 30,000 levels of {"a": (180 KB) with 413 before parsing, storing nothing', async (path) => {
      const [before, beforePayouts] = [await stored(), await payouts()];
      const res = await post(path, DEEP_OBJECT).expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, message: expect.stringMatching(/body is too large/) });
      expect([await stored(), await payouts()]).toEqual([before, beforePayouts]);
    });

    it('still takes a body nested within the bound', async () => {
      const raw = JSON.stringify({ tradeNo: 'NOT-OURS-DEPTH', status: 'SUCCEEDED', extra: JSON.parse(nested('[', ']', 30)) });
      await post('/payouts/webhooks/fake-idr', raw, { 'x-fake-signature': signFakeCallback(raw, 'fake-secret') }).expect(200);
    });
  });

  describe('forged callbacks', () => {
    it('keeps a bounded excerpt of a large forged body, masked', async () => {
      const body = { tradeNo: '20250101000000ABCDEFGHJKMN', status: '0000', amount: '10000', bankAccountNo: '12345678901234', remark: 'x'.repeat(50_000), sign: 'f'.repeat(32) };
      const before = await stored();
      await post('/payouts/webhooks/paypro-idn', JSON.stringify(body)).expect(401);
      const rows = await t.dataSource.getRepository(PayoutWebhookEntity).find({ where: { channel: 'paypro-idn' }, order: { id: 'DESC' }, take: 1 });
      expect(await stored()).toBe(before + 1);
      const [row] = rows;
      expect(row).toMatchObject({ outcome: 'rejected', signatureOk: 0 });
      expect(row.body!.length).toBeLessThanOrEqual(REJECTED_BODY_EXCERPT_CHARS);
      expect(row.body).toContain('"bankAccountNo":"**********1234"');
      expect(row.body).not.toContain('12345678901234');
      expect(row.body).not.toContain('f'.repeat(32));
    });

    it(`stores at most ${LIMIT} of a flood per channel, answering every one 401 and counting every one`, async () => {
      const forged = async (i: number) => {
        const raw = JSON.stringify({ tradeNo: `FLOOD-${i}`, status: 'SUCCEEDED' });
        const res = await post('/payouts/webhooks/fake-idr', raw, { 'x-fake-signature': 'not-a-signature' });
        return res.status;
      };
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT * 4; i++) statuses.push(await forged(i));
      expect(statuses).toEqual(Array(LIMIT * 4).fill(401));
      const rows = await t.dataSource.getRepository(PayoutWebhookEntity).count({ where: { channel: 'fake-idr', outcome: 'rejected' } });
      expect(rows).toBe(LIMIT);
      const metrics = await t.app.get(PayoutMetrics).registry.getSingleMetricAsString('payouts_callbacks_total');
      expect(metrics).toContain(`payouts_callbacks_total{channel="fake-idr",outcome="forged"} ${LIMIT * 4}`);
      // Another channel has a window of its own.
      await post('/payouts/webhooks/cashy-per', '{"mchOrderNo":"x"}', { sign: '0'.repeat(32), merchantid: '1002001' }).expect(401);
      expect(await t.dataSource.getRepository(PayoutWebhookEntity).count({ where: { channel: 'cashy-per', outcome: 'rejected' } })).toBeGreaterThan(0);
    });
  });
});

describe('rejectedCallbacks option', () => {
  it.each([
    [{ maxStored: -1 }, /rejectedCallbacks\.maxStored must be a whole number ≥ 0, got -1/],
    [{ maxStored: 1.5 }, /rejectedCallbacks\.maxStored/],
    [{ windowMs: 0 }, /rejectedCallbacks\.windowMs must be a whole number of milliseconds ≥ 1, got 0/],
  ])('stops the boot on %p', async (rejectedCallbacks, message) => {
    const moduleRef = Test.createTestingModule({
      imports: [
        // Embedded on purpose: a boot that fails leaves its connection open, and a pool would keep jest alive.
        TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:' }),
        ScheduleModule.forRoot(),
        PayoutsModule.forRoot({ channels: [FAKE_CHANNEL], publicBaseUrl: 'https://host.example', rejectedCallbacks, http: { allowUnauthenticated: true } }),
      ],
    });
    await expect(moduleRef.compile()).rejects.toThrow(message);
  });
});
