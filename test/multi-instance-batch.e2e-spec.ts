import request from 'supertest';
import { PayoutEvents } from '../src/payouts';
import { PayoutOutboxEntity } from '../src/payouts/events/payout-outbox.entity';
import { Sandbox, startSandbox } from '../src/sandbox';
import { csvFile, idrRow } from './support/batch-files';
import { eventually } from './support/eventually';
import { suiteDatabaseOptions } from './support/suite-database';
import { createTestApp, TestApp } from './support/test-app';
import { onMysql } from './support/test-database';

const ROWS = 2_000;

// Two instances in one process share the database exactly as two processes would: every claim
// goes through MariaDB. (SQLite is single-writer and embedded: one instance per file.)
(onMysql ? describe : describe.skip)('two instances draining one batch on one MariaDB database', () => {
  let sandbox: Sandbox;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    sandbox = await startSandbox({ basePort: 0, completeAfterMs: 20, timeScale: 0.001, faults: { latencyMs: 2, latencyJitterMs: 8 } });
    const channels = sandbox.channels.filter((c) => c.code === 'paypro-idn');
    const polling = { enabled: true, intervalMs: 20, batchSize: 200, concurrency: 16, ratePerChannel: 0, schedule: [2_000] };
    const database = await suiteDatabaseOptions('batch_multi');
    a = await createTestApp({ channels, database, payouts: { polling, instanceId: 'instance-a' } });
    b = await createTestApp({ channels, database: { ...database, dropSchema: false }, payouts: { polling, instanceId: 'instance-b' } });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sandbox?.close();
  });

  it(`sends each of ${ROWS} items exactly once and completes the batch once`, async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => idrRow(`multi-batch-${i}`));
    const accepted = await request(a.url).post('/payouts/batches?batchReference=multi-batch').set('content-type', 'text/csv').send(csvFile(rows)).expect(202);
    const id = accepted.body.batch.id as string;
    await eventually(async () => {
      const view = (await request(b.url).get(`/payouts/batches/${id}`).expect(200)).body;
      expect(view.completedAt).not.toBeNull();
      expect(view.counts).toEqual({ SUCCEEDED: ROWS });
    }, 120_000, 500);

    const gateway = sandbox.simulators['paypro-idn'];
    const trades = Object.values(gateway.ledger.snapshot().trades);
    expect(trades).toHaveLength(ROWS);
    expect(trades.filter((s) => s.acceptedCreates !== 1 || s.createRequests !== 1)).toEqual([]);
    expect(a.poller.stats.worked).toBeGreaterThan(0);
    expect(b.poller.stats.worked).toBeGreaterThan(0);
    expect(await a.dataSource.getRepository(PayoutOutboxEntity).count({ where: { eventName: PayoutEvents.BATCH_COMPLETED } })).toBe(1);
  }, 180_000);
});
