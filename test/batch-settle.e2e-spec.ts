import request from 'supertest';
import { PayoutEvents } from '../src/payouts';
import { PayoutOutboxEntity } from '../src/payouts/events/payout-outbox.entity';
import { Sandbox, startSandbox } from '../src/sandbox';
import { csvFile, idrRow, resultRows } from './support/batch-files';
import { eventually } from './support/eventually';
import { suiteDatabaseOptions } from './support/suite-database';
import { createTestApp, TestApp } from './support/test-app';

const ROWS = 10_000;

/** A payroll-sized file: accepted at once, every row sent by the poller and settled on the sandbox. */
describe('a 10,000-row CSV batch', () => {
  let sandbox: Sandbox;
  let t: TestApp;

  beforeAll(async () => {
    // Orders complete fast and call back; the poller claims big rounds with no per-channel rate.
    sandbox = await startSandbox({ basePort: 0, completeAfterMs: 20, timeScale: 0.001 });
    const channels = sandbox.channels.filter((c) => c.code === 'paypro-idn');
    // A send the connection reset leaves UNKNOWN until the gateway's "no such order" and the resend
    // grace: a second here, not ten minutes (the sandbox shares this busy process, so resets happen).
    const polling = { enabled: true, intervalMs: 20, batchSize: 2_000, concurrency: 64, ratePerChannel: 0, schedule: [2_000], unknownGraceMs: 1_000 };
    t = await createTestApp({ channels, database: await suiteDatabaseOptions('batch_settle'), payouts: { polling } });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('is accepted with 202, every row settles once, the results match, and posting it again changes nothing', async () => {
    // Every 100th beneficiary is made to fail by the sandbox.
    const rows = Array.from({ length: ROWS }, (_, i) => idrRow(`settle-${i}`, i % 100 === 7 ? { beneficiaryName: 'Agus FAIL Wibowo' } : {}));
    const csv = csvFile(rows);
    const accepted = await request(t.url).post('/payouts/batches?batchReference=settle-10k').set('content-type', 'text/csv').send(csv).expect(202);
    const id = accepted.body.batch.id as string;
    expect(accepted.body.batch.items).toBe(ROWS);

    const view = await eventually(async () => {
      const b = (await request(t.url).get(`/payouts/batches/${id}`).expect(200)).body;
      // The counts in the failure message say which rows were left, and in what state.
      expect({ completed: b.completedAt !== null, counts: b.counts }).toEqual({ completed: true, counts: { SUCCEEDED: ROWS - ROWS / 100, FAILED: ROWS / 100 } });
      return b;
    }, 240_000, 500);
    expect(view.counts).toEqual({ SUCCEEDED: ROWS - ROWS / 100, FAILED: ROWS / 100 });
    expect(view.totals).toEqual([{ currency: 'IDR', amount: `${150_000 * ROWS}.00`, succeeded: `${150_000 * (ROWS - ROWS / 100)}.00`, fees: expect.any(String) }]);

    const ledger = sandbox.simulators['paypro-idn'].ledger.snapshot();
    const trades = Object.values(ledger.trades);
    expect(trades).toHaveLength(ROWS);
    expect(trades.every((s) => s.acceptedCreates === 1)).toBe(true);

    const results = resultRows((await request(t.url).get(`/payouts/batches/${id}/results.csv`).expect(200)).text);
    expect(results.map((r) => r.merchantReference)).toEqual(rows.map((r) => r[0]));
    expect(results.map((r) => r.status)).toEqual(rows.map((r) => (r[4].includes('FAIL') ? 'FAILED' : 'SUCCEEDED')));
    expect(results.every((r) => r.gatewayReference !== '' && r.payoutId !== '')).toBe(true);

    const again = await request(t.url).post('/payouts/batches?batchReference=settle-10k').set('content-type', 'text/csv').send(csv).expect(200);
    expect(again.body.batch.id).toBe(id);
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM payouts');
    expect(Number(n)).toBe(ROWS);
    expect(Object.keys(sandbox.simulators['paypro-idn'].ledger.snapshot().trades)).toHaveLength(ROWS);
    expect(await t.dataSource.getRepository(PayoutOutboxEntity).count({ where: { eventName: PayoutEvents.BATCH_COMPLETED } })).toBe(1);
  }, 300_000);
});
