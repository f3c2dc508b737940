import request from 'supertest';
import { PayoutStatus } from '../src/payouts';
import { PayoutEntity } from '../src/payouts/persistence/payout.entity';
import { sendFakeCallback } from './support/fake-callbacks';
import { createTestApp, TestApp } from './support/test-app';

describe('operations views: stats, search, history', () => {
  let t: TestApp;
  const ids: Record<string, { id: string; tradeNo: string; merchantReference: string }> = {};
  const run = Date.now().toString(36);

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, name] of [['ok1', 'Budi Santoso'], ['ok2', 'Siti Aminah'], ['failed', 'FAIL Agus'], ['open', 'Dewi Lestari']]) {
      const res = await request(t.url)
        .post('/payouts')
        .send({ merchantReference: `view_${run}-${key}`, channel: 'fake-idr', amount: '500.00', currency: 'IDR', beneficiary: { name, accountNumber: '5566778899001122' } })
        .expect(201);
      ids[key] = res.body;
    }
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: ids.ok1.tradeNo, status: 'SUCCEEDED', amount: 50000 }).expect(200);
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: ids.ok2.tradeNo, status: 'SUCCEEDED', amount: 50000 }).expect(200);
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: ids.failed.tradeNo, status: 'FAILED' }).expect(200);
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: ids.open.tradeNo, status: 'SUCCEEDED', amount: 1 }).expect(200);
  });
  afterAll(() => t.close());

  it('counts the window by channel and status, and per bucket', async () => {
    const stats = (await request(t.url).get('/payouts/stats?hours=24').expect(200)).body;
    expect(stats.bucketMinutes).toBe(60);
    expect(stats.series).toHaveLength(24);
    expect(Date.parse(stats.to) - Date.parse(stats.from)).toBe(24 * 3_600_000);
    const count = (status: string) => stats.totals.find((c: { status: string }) => c.status === status)?.count ?? 0;
    expect([count(PayoutStatus.SUCCEEDED), count(PayoutStatus.FAILED), count(PayoutStatus.PROCESSING)]).toEqual([2, 1, 1]);
    // This hour's bucket holds them all; the series adds up to the totals.
    expect(stats.series[23].counts).toMatchObject({ SUCCEEDED: 2, FAILED: 1, PROCESSING: 1, UNKNOWN: 0 });
    const seriesSum = stats.series.reduce((n: number, b: { counts: Record<string, number> }) => n + Object.values(b.counts).reduce((a, c) => a + c, 0), 0);
    expect(seriesSum).toBe(4);
    expect(stats.attention).toBe(1);

    const week = (await request(t.url).get('/payouts/stats?hours=168').expect(200)).body;
    expect([week.bucketMinutes, week.series.length]).toEqual([360, 28]);
    await request(t.url).get('/payouts/stats?hours=0').expect(400);
    await request(t.url).get('/payouts/stats?hours=721').expect(400);
  });

  it('excludes payouts created before the window', async () => {
    const old = new Date(Date.now() - 3 * 24 * 3_600_000);
    const { uuidv7 } = await import('../src/payouts/domain/identifiers');
    const row = await t.dataSource.getRepository(PayoutEntity).findOneByOrFail({ id: ids.ok2.id });
    await t.dataSource.getRepository(PayoutEntity).save({ ...row, id: uuidv7(old.getTime()), merchantReference: `view_${run}-old`, tradeNo: `OLD${run}`.slice(0, 26), providerReference: null, createdAt: old });
    const stats = (await request(t.url).get('/payouts/stats?hours=24').expect(200)).body;
    expect(stats.totals.find((c: { status: string }) => c.status === PayoutStatus.SUCCEEDED).count).toBe(2);
  });

  it('searches by id, merchant reference prefix, trade number prefix and gateway reference, with filters', async () => {
    const search = async (query: string) => (await request(t.url).get(`/payouts?${query}`).expect(200)).body.items.map((p: { id: string }) => p.id);
    expect(await search(`q=${ids.ok1.id}`)).toEqual([ids.ok1.id]);
    expect(await search(`q=view_${run}-ok`)).toEqual([ids.ok2.id, ids.ok1.id]);
    expect(await search(`q=${ids.failed.tradeNo.slice(0, 20)}&status=FAILED`)).toEqual([ids.failed.id]);
    const reference = (await t.service.get(ids.open.id)).providerReference!;
    expect(await search(`q=${encodeURIComponent(reference)}`)).toEqual([ids.open.id]);
    expect(await search(`attention=true`)).toEqual([ids.open.id]);
    // ok1, ok2 and the copy of ok2 made in the previous test ("old"), never the flagged one.
    const settled = await search(`q=view_${run}-o&attention=false&status=SUCCEEDED`);
    expect(settled).toHaveLength(3);
    expect(settled.slice(0, 2)).toEqual([ids.ok2.id, ids.ok1.id]);
    expect(await search('q=no-such-payout')).toEqual([]);
    // A prefix is not a pattern.
    expect(await search(`q=view%25`)).toEqual([]);
    await request(t.url).get('/payouts?attention=maybe').expect(400);
  });

  it("tells a payout's story: transitions, gateway calls and callbacks, masked", async () => {
    const history = (await request(t.url).get(`/payouts/${ids.open.id}/history`).expect(200)).body;
    expect(history.payout).toMatchObject({ id: ids.open.id, attention: true, attentionReason: expect.stringContaining('expected 500.00') });
    expect(history.transitions.map((tr: { from: string; to: string }) => `${tr.from}>${tr.to}`)).toEqual(['CREATED>PROCESSING']);
    expect(history.attempts).toEqual([expect.objectContaining({ operation: 'submit', outcome: 'accepted', durationMs: expect.any(Number) })]);
    expect(history.callbacks).toEqual([expect.objectContaining({ outcome: 'amount_mismatch', signatureOk: true })]);
    expect(JSON.stringify(history)).not.toContain('5566778899001122');

    const settled = (await request(t.url).get(`/payouts/${ids.ok1.id}/history`).expect(200)).body;
    expect(settled.transitions.map((tr: { to: string }) => tr.to)).toEqual(['PROCESSING', 'SUCCEEDED']);
    expect(settled.callbacks[0]).toMatchObject({ outcome: 'applied', detail: 'PROCESSING -> SUCCEEDED' });
    await request(t.url).get('/payouts/01a20233-0000-7000-8000-000000000000/history').expect(404);
  });
});
