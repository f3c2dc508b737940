import request from 'supertest';
import { FakePayoutProvider, PayoutStatus } from '../src/payouts';
import { ADAPTERS, createTestApp, TestApp } from './support/test-app';

const valid = (overrides: Record<string, unknown> = {}) => ({
  merchantReference: `ref-${Math.random().toString(36).slice(2)}`,
  channel: 'fake-idr',
  amount: '150000.00',
  currency: 'IDR',
  beneficiary: { name: 'Budi Santoso', accountNumber: '1234567890', bankCode: '0001' },
  ...overrides,
});

describe.each(ADAPTERS)('REST API on %s', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ adapter });
  });
  afterAll(() => t.close());

  it('creates a payout (201), replays it (200, same id) and refuses a changed request under the same reference (409)', async () => {
    const body = valid();
    const first = await request(t.url).post('/payouts').send(body).expect(201);
    expect(first.body).toMatchObject({
      merchantReference: body.merchantReference,
      channel: 'fake-idr',
      amount: '150000.00',
      currency: 'IDR',
      status: PayoutStatus.PROCESSING,
      failure: null,
      attention: false,
      beneficiary: { name: 'Budi Santoso', accountNumber: '******7890', bankCode: '0001' },
    });
    expect(first.body.tradeNo).toMatch(/^\d{14}[0-9A-Z]{12}$/);
    const again = await request(t.url).post('/payouts').send(body).expect(200);
    expect(again.body.id).toBe(first.body.id);
    const changed = await request(t.url).post('/payouts').send({ ...body, amount: '150001.00' }).expect(409);
    expect(changed.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(changed.body.message).toContain(body.merchantReference);
    const fake = t.registry.get('fake-idr') as FakePayoutProvider;
    expect(fake.submissions.get(first.body.tradeNo)).toBe(1);
  });

  /** Rows in every table the module owns. */
  const rowCounts = async () => {
    const counts: Record<string, number> = {};
    for (const { tableName } of t.dataSource.entityMetadatas) counts[tableName] = Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${tableName}`))[0].n);
    return counts;
  };

  it('lists every problem of a bad request at once and stores nothing', async () => {
    const before = await rowCounts();
    const res = await request(t.url).post('/payouts').send({ amount: 1.5 }).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const fields = new Set(res.body.details.map((d: { field: string }) => d.field));
    expect([...fields].sort()).toEqual(['amount', 'beneficiary', 'channel', 'currency', 'merchantReference']);
    expect(res.body.details).toContainEqual({ field: 'amount', problem: 'must be a decimal string such as "150.00", not a number' });
    expect(await rowCounts()).toEqual(before);
  });

  it('stores nothing for a request only the channel rules refuse', async () => {
    const before = await rowCounts();
    const body = valid({ amount: '1.001' });
    await request(t.url).post('/payouts').send(body).expect(400);
    expect(await t.service.getByMerchantReference(body.merchantReference)).toBeNull();
    expect(await rowCounts()).toEqual(before);
  });

  it('names nested, unknown and channel-level problems', async () => {
    const res = await request(t.url)
      .post('/payouts')
      .send(valid({ channel: 'nope', currency: 'IDR', extra: 1, beneficiary: { name: '', accountNumber: 12, accountType: 'gold', email: 'x' } }))
      .expect(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'extra', problem: 'property extra should not exist' },
        expect.objectContaining({ field: 'beneficiary.name' }),
        expect.objectContaining({ field: 'beneficiary.accountNumber' }),
        { field: 'beneficiary.accountType', problem: 'must be one of checking, savings, clabe, debit_card' },
        { field: 'beneficiary.email', problem: 'must be an email address' },
      ]),
    );
    const unknown = await request(t.url).post('/payouts').send(valid({ channel: 'nope' })).expect(400);
    expect(unknown.body.details).toEqual([{ field: 'channel', problem: 'unknown channel "nope"; configured: fake-idr' }]);
    const mismatch = await request(t.url).post('/payouts').send(valid({ currency: 'PEN' })).expect(400);
    expect(mismatch.body.details).toContainEqual({ field: 'currency', problem: 'channel fake-idr pays out in IDR, not PEN' });
    const nulls = await request(t.url).post('/payouts').send(valid({ remark: null, beneficiary: { name: 'Budi', accountNumber: '1234567890', bankCode: null } })).expect(400);
    expect(nulls.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'remark' }), expect.objectContaining({ field: 'beneficiary.bankCode', problem: 'must be a string' })]),
    );
    const decimals = await request(t.url).post('/payouts').send(valid({ amount: '1.001' })).expect(400);
    expect(decimals.body.details).toEqual([{ field: 'amount', problem: 'IDR allows at most 2 decimals' }]);
  });

  it('answers malformed JSON with 400 and an oversized body with 413, without a stack trace', async () => {
    const bad = await request(t.url).post('/payouts').set('content-type', 'application/json').send('{"amount": 1.5').expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.js|stack/i);
    const huge = JSON.stringify(valid({ remark: 'x'.repeat(100_000) }));
    const big = await request(t.url).post('/payouts').set('content-type', 'application/json').send(huge).expect(413);
    expect(big.body).toMatchObject({ statusCode: 413 });
  });

  it('gets, lists with filters and cursor pagination (newest first) and refreshes', async () => {
    const channelItems = [];
    for (let i = 0; i < 5; i++) channelItems.push((await request(t.url).post('/payouts').send(valid()).expect(201)).body);
    const refused = (await request(t.url).post('/payouts').send(valid({ beneficiary: { name: 'REFUSE me', accountNumber: '1234567890' } })).expect(201)).body;
    expect(refused).toMatchObject({ status: 'FAILED', failure: { code: 'FAKE_REFUSED' } });

    const one = await request(t.url).get(`/payouts/${channelItems[0].id}`).expect(200);
    expect(one.body.id).toBe(channelItems[0].id);
    await request(t.url).get('/payouts/01a20000-0000-7000-8000-000000000000').expect(404);

    const page1 = await request(t.url).get('/payouts').query({ limit: 2, status: 'PROCESSING' }).expect(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.items.map((p: { id: string }) => p.id)).toEqual([channelItems[4].id, channelItems[3].id]);
    const page2 = await request(t.url).get('/payouts').query({ limit: 2, status: 'PROCESSING', cursor: page1.body.nextCursor }).expect(200);
    expect(page2.body.items.map((p: { id: string }) => p.id)).toEqual([channelItems[2].id, channelItems[1].id]);
    const failed = await request(t.url).get('/payouts').query({ status: 'FAILED' }).expect(200);
    expect(failed.body.items.map((p: { id: string }) => p.id)).toContain(refused.id);
    expect(failed.body.items.every((p: { status: string }) => p.status === 'FAILED')).toBe(true);
    const future = await request(t.url).get('/payouts').query({ createdFrom: new Date(Date.now() + 60_000).toISOString() }).expect(200);
    expect(future.body.items).toEqual([]);
    await request(t.url).get('/payouts').query({ status: 'NOPE' }).expect(400);
    await request(t.url).get('/payouts').query({ cursor: 'garbage' }).expect(400);

    const refreshed = await request(t.url).post(`/payouts/${channelItems[0].id}/refresh`).expect(200);
    expect(refreshed.body.status).toBe('SUCCEEDED');
    expect(refreshed.body.completedAt).not.toBeNull();
  });

  it('lists channels without credentials', async () => {
    const res = await request(t.url).get('/payouts/channels').expect(200);
    expect(res.body).toEqual([{ code: 'fake-idr', protocol: 'fake', variant: null, currency: 'IDR' }]);
    expect(JSON.stringify(res.body)).not.toContain('fake-secret');
  });
});

describe('API key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ payouts: { apiKey: 'k-123456' } });
  });
  afterAll(() => t.close());

  it('is required on GET /payouts and GET /payouts/:id: none 401, wrong 401, right 200', async () => {
    const { payout } = await t.service.create(valid());
    for (const path of ['/payouts', `/payouts/${payout.id}`]) {
      await request(t.url).get(path).expect(401);
      await request(t.url).get(path).set('x-api-key', 'wrong').expect(401);
      await request(t.url).get(path).set('x-api-key', 'k-654321').expect(401); // same length: the constant-time comparison
      await request(t.url).get(path).set('x-api-key', 'k-123456').expect(200);
    }
  });

  it('is never required on callbacks', async () => {
    // The callback endpoint answers by signature (401 here for a missing one), not by API key.
    const cb = await request(t.url).post('/payouts/webhooks/fake-idr').send({ tradeNo: 'x', status: 'SUCCEEDED' });
    expect(cb.status).toBe(401);
    expect(cb.body.message).toContain('x-fake-signature');
  });
});
