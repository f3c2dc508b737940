import { PayoutStatus } from '../src/payouts';
import { ScriptedProtocol } from './support/scripted-protocol';
import { createTestApp, TestApp } from './support/test-app';
import { onMysql, testDatabaseOptions } from './support/test-database';

const COUNT = 1000;

// Two instances in one process share the database exactly as two processes would: every claim
// goes through MariaDB. (SQLite is single-writer and embedded: one instance per file.)
(onMysql ? describe : describe.skip)('two instances polling one MariaDB database', () => {
  let a: TestApp;
  let b: TestApp;
  const protocol = new ScriptedProtocol();
  const channels = [{ code: 'scripted-a', protocol: 'scripted', currency: 'IDR', secret: 'fake-secret' }];
  const polling = { batchSize: 100, concurrency: 16, ratePerChannel: 0, leaseMs: 60_000 };

  beforeAll(async () => {
    a = await createTestApp({ channels, payouts: { protocols: [protocol], polling, instanceId: 'instance-a' } });
    b = await createTestApp({ channels, payouts: { protocols: [protocol], polling, instanceId: 'instance-b' }, database: testDatabaseOptions(false) });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it(`queries each of ${COUNT} due payouts exactly once, never by both at once`, async () => {
    const gateway = protocol.providers.get('scripted-a')!;
    const created = [];
    for (let i = 0; i < COUNT; i += 50) {
      created.push(
        ...(await Promise.all(
          Array.from({ length: 50 }, (_, j) =>
            a.service.create({
              merchantReference: `multi-${i + j}`,
              channel: 'scripted-a',
              amount: '1000',
              currency: 'IDR',
              beneficiary: { name: 'Budi', accountNumber: '1234567890' },
            }),
          ),
        )),
      );
    }
    expect(created.every((c) => c.payout.status === PayoutStatus.PROCESSING)).toBe(true);
    gateway.queryDelayMs = 3;
    const later = new Date(Date.now() + 3_600_000);
    const drain = async (t: TestApp) => {
      let worked = 0;
      for (let n = -1; n !== 0; ) worked += n = await t.poller.pollOnce(later);
      return worked;
    };
    const [byA, byB] = await Promise.all([drain(a), drain(b)]);
    expect(byA + byB).toBe(COUNT);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    expect(gateway.overlaps).toBe(0);
    for (const c of created) expect(gateway.queries.get(c.payout.tradeNo)).toBe(1);
    const [{ n }] = await a.dataSource.query(`SELECT COUNT(*) AS n FROM payouts WHERE status = 'SUCCEEDED'`);
    expect(Number(n)).toBe(COUNT);
    const [{ leased }] = await a.dataSource.query(`SELECT COUNT(*) AS leased FROM payouts WHERE lease_owner IS NOT NULL`);
    expect(Number(leased)).toBe(0);
  }, 120_000);
});
