import request from 'supertest';
import { FakePayoutProvider } from '../src/payouts';
import { createTestApp, TestApp } from './support/test-app';

describe('idempotent creation under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('makes exactly one payout, sent once, out of 50 concurrent identical creates', async () => {
    const body = {
      merchantReference: 'concurrent-1',
      channel: 'fake-idr',
      amount: '75000',
      currency: 'IDR',
      beneficiary: { name: 'Siti Aminah', accountNumber: '9876543210', bankCode: '0002' },
    };
    const responses = await Promise.all(Array.from({ length: 50 }, () => request(t.url).post('/payouts').send(body)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);

    const [{ n }] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM payouts WHERE merchant_reference = 'concurrent-1'`);
    expect(Number(n)).toBe(1);
    const fake = t.registry.get('fake-idr') as FakePayoutProvider;
    expect(fake.submissions.get(responses[0].body.tradeNo)).toBe(1);
  });

  it('answers 409 to every concurrent request that differs from the stored one', async () => {
    const base = {
      merchantReference: 'concurrent-2',
      channel: 'fake-idr',
      currency: 'IDR',
      beneficiary: { name: 'Siti Aminah', accountNumber: '9876543210' },
    };
    const bodies = Array.from({ length: 20 }, (_, i) => ({ ...base, amount: i % 2 ? '100' : '200' }));
    const responses = await Promise.all(bodies.map((b) => request(t.url).post('/payouts').send(b)));
    const created = responses.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    const storedAmount = Number(created[0].body.amount);
    responses.forEach((r, i) => {
      if (r.status !== 201) expect(r.status).toBe(Number(bodies[i].amount) === storedAmount ? 200 : 409);
    });
    const [{ n }] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM payouts WHERE merchant_reference = 'concurrent-2'`);
    expect(Number(n)).toBe(1);
  });
});
