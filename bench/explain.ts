import { DataSource, Logger } from 'typeorm';
import { RowDataPacket } from 'mysql2/promise';
import { uuidv7 } from '../src/payouts/domain/identifiers';
import { PayoutStatus } from '../src/payouts/domain/payout-status';
import { databaseOptions } from '../src/example/database.config';
import { PayoutEntity } from '../src/payouts/persistence/payout.entity';
import { PayoutRepository } from '../src/payouts/persistence/payout.repository';
import { PayoutOutboxRepository } from '../src/payouts/events/payout-outbox.repository';
import { MARIADB, mysqlPool } from './db';
import { seededTradeNo } from './requests';

export interface ExplainedQuery {
  name: string;
  sql: string;
  plan: { table: string; type: string; key: string | null; rows: number; extra: string | null }[];
  /** True when a step reads a whole table or a whole index (EXPLAIN type ALL or index); an INSERT … VALUES reads nothing. */
  fullScan: boolean;
}

/** Records each statement TypeORM sends, under the name of the repository call being made. */
class Recorder implements Logger {
  name = '';
  readonly statements: { name: string; sql: string; params: unknown[] }[] = [];
  logQuery(sql: string, params?: unknown[]): void {
    if (this.name && !/^(START TRANSACTION|SET TRANSACTION|COMMIT|ROLLBACK)/.test(sql)) this.statements.push({ name: this.name, sql, params: params ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/**
 * Makes every hot repository call once against the grown table, records the SQL the app really
 * sends, and EXPLAINs each statement with its parameters.
 */
export async function explainHotQueries(): Promise<ExplainedQuery[]> {
  const pool = mysqlPool(1);
  // The dispatcher (off while measuring) keeps the outbox published: the pending query's real case.
  await pool.query('UPDATE payout_outbox SET published_at = NOW(3) WHERE published_at IS NULL');
  // Fresh statistics, as InnoDB's background recalculation would have them after bulk loading.
  await pool.query('ANALYZE TABLE payouts, payout_attempts, payout_webhooks, payout_outbox');
  const recorder = new Recorder();
  const source = new DataSource({ ...databaseOptions(MARIADB.env), logging: ['query'], logger: recorder });
  await source.initialize();
  const repo = new PayoutRepository(source);
  const as = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    recorder.name = name;
    try {
      return await call();
    } finally {
      recorder.name = '';
    }
  };
  try {
    const sample = (await repo.findByTradeNo(seededTradeNo('G', 5_000))) as PayoutEntity;
    const now = new Date();
    const lease = { owner: 'explain', token: 'explain-lease' };
    const fresh: PayoutEntity = { ...sample, id: uuidv7(), merchantReference: `explain-${Date.now()}`, tradeNo: `EX${Date.now()}`, providerReference: null, status: PayoutStatus.CREATED, version: 1, createdAt: now, updatedAt: now };
    await as('insert payout', () => repo.insertNew(fresh, lease, 60_000));
    await as('insert attempt', () => repo.recordAttempt({ payoutId: fresh.id, operation: 'query', outcome: 'found', httpStatus: 200, durationMs: 1, request: {}, response: {}, error: null }));
    await as('insert callback', () =>
      repo.recordWebhook({ channel: sample.channel, tradeNo: sample.tradeNo, headers: {}, body: '{}', signatureOk: 1, outcome: 'duplicate', detail: null, receivedAt: now, processedAt: now }),
    );
    await as('find by id', () => repo.findById(sample.id));
    await as('find by merchant reference', () => repo.findByMerchantReference(sample.merchantReference));
    await as('find by trade number', () => repo.findByTradeNo(sample.tradeNo));
    // A limit as large as the due set makes the claim scan every status in turn.
    await as('claim', () => repo.claimDue({ lease, now, leaseMs: 0, limit: 1_000 }));
    await as('update by id + version, outbox insert', () =>
      repo.applyChange(fresh.id, 1, { status: PayoutStatus.PROCESSING }, [{ eventId: `${fresh.id}:2`, payoutId: fresh.id, merchantReference: fresh.merchantReference, channel: fresh.channel, tradeNo: fresh.tradeNo, from: PayoutStatus.CREATED, to: PayoutStatus.PROCESSING, amount: '1', currency: fresh.currency, failure: null, occurredAt: now.toISOString() }], lease.token),
    );
    await as('take lease and send slot', () => repo.takeLease(fresh.id, lease, 60_000, { version: 2, waitMs: 0 }));
    await as('bookkeeping by id', () => repo.touch(fresh.id, { attempts: 1 }, lease.token));
    await as('release lease', () => repo.releaseLease(fresh.id, lease));
    await as('outbox claim', () => new PayoutOutboxRepository(source, repo).claim('explain-lease', 30_000, 50));
  } finally {
    await source.destroy();
  }
  const out: ExplainedQuery[] = [];
  for (const s of withEveryDueStatus(recorder.statements)) {
    const [rows] = await pool.query<RowDataPacket[]>(`EXPLAIN ${s.sql}`, s.params);
    const plan = rows.map((r) => ({ table: String(r.table), type: String(r.type), key: r.key === null ? null : String(r.key), rows: Number(r.rows ?? 0), extra: r.Extra === null ? null : String(r.Extra) }));
    const reads = !/^INSERT\b/i.test(s.sql) || /\bSELECT\b/i.test(s.sql);
    out.push({ name: s.name, sql: s.sql, plan, fullScan: reads && plan.some((p) => p.type === 'ALL' || p.type === 'index') });
  }
  await pool.end();
  return out;
}

/**
 * The claim stops scanning statuses once it has its batch, so a status whose scan did not run
 * is explained with the same statement and that status.
 */
function withEveryDueStatus(statements: Recorder['statements']): Recorder['statements'] {
  const claims = statements.filter((s) => /FOR UPDATE/i.test(s.sql));
  if (!claims.length) return statements;
  const missing = [PayoutStatus.UNKNOWN, PayoutStatus.PROCESSING, PayoutStatus.CREATED].filter((status) => !claims.some((c) => c.params[0] === status));
  const at = statements.indexOf(claims[claims.length - 1]) + 1;
  const added = missing.map((status) => ({ ...claims[0], params: [status, ...claims[0].params.slice(1)] }));
  const named = (s: Recorder['statements'][number]) => {
    if (s.name !== 'claim') return s;
    if (/FOR UPDATE/i.test(s.sql)) return { ...s, name: `claim: due ${String(s.params[0])}` };
    return { ...s, name: /^UPDATE/i.test(s.sql) ? 'claim: take the leases' : 'claim: load the claimed' };
  };
  return [...statements.slice(0, at), ...added, ...statements.slice(at)].map(named);
}
