import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { databaseOptions } from '../src/example/database.config';
import { PayoutStatus } from '../src/payouts';
import { eventually } from './support/eventually';
import { sendFakeCallback } from './support/fake-callbacks';
import { PrivateMariadb } from './support/private-mariadb';
import { createTestApp, freePort, TestApp } from './support/test-app';

const body = (ref: string) => ({
  merchantReference: ref, channel: 'fake-idr', amount: '1000', currency: 'IDR', beneficiary: { name: 'Budi Santoso', accountNumber: '1234567890' },
});

describe('database outage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payouts-outage-'));
  let db: PrivateMariadb;
  let t: TestApp;

  beforeAll(async () => {
    db = new PrivateMariadb(dir, await freePort());
    await db.install();
    t = await createTestApp({ database: { ...databaseOptions({ DATABASE_URL: db.url }), extra: { connectionLimit: 8, connectTimeout: 2000 } } });
  }, 120_000);
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 while the database is down, does not acknowledge callbacks, loses nothing and recovers by itself', async () => {
    const answers = new Map<string, { status: number; id?: string }>();
    let n = 0;
    let loading = true;
    const load = (async () => {
      while (loading) {
        const ref = `outage-${n++}`;
        const res = await request(t.url).post('/payouts').send(body(ref));
        answers.set(ref, { status: res.status, id: res.body?.id });
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    await eventually(() => expect([...answers.values()].filter((a) => a.status === 201).length).toBeGreaterThan(20), 10_000);
    const before = (await request(t.url).post('/payouts').send(body('before-outage')).expect(201)).body;

    await db.stop();
    const downSince = Date.now();
    const refused = await eventually(async () => {
      const res = await request(t.url).post('/payouts').send(body('during-outage'));
      expect(res.status).toBe(503);
      return res;
    }, 10_000);
    expect(refused.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'The payouts database is unavailable; retry later' });
    expect(JSON.stringify(refused.body)).not.toMatch(/ECONNREFUSED|SELECT|INSERT|at /);
    await request(t.url).get(`/payouts/${before.id}`).expect(503);
    const callback = await sendFakeCallback(t.url, 'fake-idr', { tradeNo: before.tradeNo, status: 'SUCCEEDED', amount: 100000 });
    expect(callback.status).toBe(503);
    expect(callback.text).not.toBe('OK');

    await new Promise((r) => setTimeout(r, Math.max(0, 10_000 - (Date.now() - downSince))));
    await db.start();
    // Recovers by itself: no restart of the app.
    await eventually(async () => expect((await request(t.url).post('/payouts').send(body('after-outage'))).status).toBe(201), 30_000, 200);
    loading = false;
    await load;

    // The gateway retries the callback it could not deliver: now it is taken.
    const retried = await sendFakeCallback(t.url, 'fake-idr', { tradeNo: before.tradeNo, status: 'SUCCEEDED', amount: 100000 }).expect(200);
    expect(retried.text).toBe('OK');
    expect((await t.service.get(before.id)).status).toBe(PayoutStatus.SUCCEEDED);

    const statuses = [...answers.values()].map((a) => a.status);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
    // Nothing lost: every payout we answered 201 is stored, and every request answered 503 can be
    // sent again with the same reference and is then either created or found, never a conflict.
    for (const [ref, a] of answers) {
      const retry = await request(t.url).post('/payouts').send(body(ref));
      if (a.status === 201) {
        expect(retry.status).toBe(200);
        expect(retry.body.id).toBe(a.id);
      } else {
        expect([200, 201]).toContain(retry.status);
      }
    }
  }, 120_000);
});
