import { Sandbox, startSandbox } from '../src/sandbox';
import { eventually } from './support/eventually';
import { sandboxRequest } from '../src/example/sample-payouts';
import { createTestApp, TestApp } from './support/test-app';
import { onMysql, testDatabaseOptions } from './support/test-database';

const COUNT = 1000;
const HOUR = 3_600_000;

// Two instances in one process share the database exactly as two processes would: every claim
// goes through MariaDB. (SQLite is single-writer and embedded: one instance per file.)
(onMysql ? describe : describe.skip)('two instances polling one MariaDB database', () => {
  let sandbox: Sandbox;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    // Orders stay processing (no completion, no callbacks): only the pollers talk to the gateway.
    sandbox = await startSandbox({ basePort: 0, completeAfterMs: 10 * HOUR, faults: { latencyMs: 2, latencyJitterMs: 8 } });
    const channels = sandbox.channels.filter((c) => c.code === 'paypro-idn');
    const polling = { enabled: true, intervalMs: 50, batchSize: 100, concurrency: 16, ratePerChannel: 0, schedule: [HOUR] };
    a = await createTestApp({ channels, payouts: { polling, instanceId: 'instance-a' } });
    b = await createTestApp({ channels, payouts: { polling, instanceId: 'instance-b' }, database: testDatabaseOptions(false) });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sandbox?.close();
  });

  it(`queries each of ${COUNT} due payouts once, never by both instances at once`, async () => {
    const gateway = sandbox.simulators['paypro-idn'];
    for (let i = 0; i < COUNT; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => a.service.create(sandboxRequest('paypro-idn', `multi-${i + j}`) as never)));
    }
    const [{ n }] = await a.dataSource.query(`SELECT COUNT(*) AS n FROM payouts WHERE status = 'PROCESSING'`);
    expect(Number(n)).toBe(COUNT);
    const queriesBefore = gateway.counters.queries;

    // Everything falls due at once; both pollers are running.
    await a.dataSource.query(`UPDATE payouts SET next_poll_at = ?`, [new Date(Date.now() - 1000)]);
    await eventually(async () => {
      const [{ due }] = await a.dataSource.query(`SELECT COUNT(*) AS due FROM payouts WHERE next_poll_at <= ? OR lease_owner IS NOT NULL`, [new Date()]);
      expect(Number(due)).toBe(0);
    }, 60_000);

    const books = gateway.ledger.snapshot();
    const tradeNos: string[] = (await a.dataSource.query(`SELECT trade_no FROM payouts`)).map((r: { trade_no: string }) => r.trade_no);
    expect(gateway.counters.queries - queriesBefore).toBe(COUNT);
    for (const tradeNo of tradeNos) expect(books.trades[tradeNo].queries).toBe(1);
    expect(gateway.counters.queryOverlaps).toBe(0);
    expect(a.poller.stats.worked + b.poller.stats.worked).toBe(COUNT);
    expect(a.poller.stats.worked).toBeGreaterThan(0);
    expect(b.poller.stats.worked).toBeGreaterThan(0);
  }, 180_000);
});
