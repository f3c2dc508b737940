import { DataSource, Logger } from 'typeorm';
import { PayoutOutboxRepository } from '../src/payouts/events/payout-outbox.repository';
import { PayoutRepository } from '../src/payouts/persistence/payout.repository';
import { onMysql, testDatabaseOptions } from './support/test-database';

/** Keeps the SQL of the dispatcher's claim as the repository sends it. */
class ClaimRecorder implements Logger {
  sql?: string;
  logQuery(query: string): void {
    if (query.trimStart().startsWith('SELECT o.sequence FROM payout_outbox o')) this.sql = query;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

type PlanRow = { table: string; type: string; key: string | null };

/**
 * MariaDB chooses indexes by its statistics, and for the outbox claim some choices scan every
 * published row each round (the dispatcher claims every second). SQLite is not asked: it has
 * no such choice to get wrong here (one candidate index per table for these predicates).
 */
(onMysql ? describe : describe.skip)('the outbox claim’s plan on MariaDB', () => {
  let source: DataSource;
  const recorder = new ClaimRecorder();

  beforeAll(async () => {
    source = await new DataSource({ ...testDatabaseOptions(), logging: ['query'], logger: recorder }).initialize();
  });
  afterAll(() => source?.destroy());

  const plan = async (): Promise<PlanRow[]> => {
    await source.query('ANALYZE TABLE payout_outbox');
    recorder.sql = undefined;
    await new PayoutOutboxRepository(source, new PayoutRepository(source)).claim('plan-test', 30_000, 200);
    expect(recorder.sql).toBeDefined();
    return source.query(`EXPLAIN ${recorder.sql}`);
  };
  const fill = async (rows: number, pendingFrom: number) =>
    source.query(
      `INSERT INTO payout_outbox (event_id, payout_id, payload, created_at, published_at)
       SELECT CONCAT('e', seq), LPAD(seq DIV 2, 36, '0'), '{}', NOW(3),
              CASE WHEN seq >= ? THEN NULL ELSE TIMESTAMPADD(MICROSECOND, seq * 1000, '2026-01-01') END
       FROM seq_1_to_${rows}`,
      [pendingFrom],
    );

  it('reads pending rows by the pending index, not the primary key, behind a backlog of published ones', async () => {
    // 150,000 events published, then 50,000 pending: walking the primary key for the LIMIT reads all published first.
    await fill(200_000, 150_001);
    const [o, e] = await plan();
    expect([o.table, o.type, o.key]).toEqual(['o', 'ref', 'idx_payout_outbox_pending']);
    // And each candidate's earlier pending events are looked up by its own payout.
    expect([e.table, e.key]).toEqual(['e', 'idx_payout_outbox_payout']);
  }, 120_000);

  it('looks up earlier pending events by the payout, not among all pending ones, when few are pending', async () => {
    await source.query('UPDATE payout_outbox SET published_at = NOW(3) WHERE sequence < 199998');
    const [o, e] = await plan();
    expect([o.table, o.key]).toEqual(['o', 'idx_payout_outbox_pending']);
    expect([e.table, e.type, e.key]).toEqual(['e', 'ref', 'idx_payout_outbox_payout']);
  }, 120_000);
});
