import Database from 'better-sqlite3';
import { uuidv7 } from '../src/payouts/domain/identifiers';
import { AMOUNT_MINOR, CHANNEL } from './config';
import { MARIADB, mysqlPool } from './db';
import { seededProviderReference, seededTradeNo } from './requests';

/** What a seeded payout looks like, by its index in the set. */
export interface SeedPlan {
  prefix: string;
  from: number;
  to: number;
  status(i: number): string;
  /** Null for payouts the poller never looks at again. */
  nextPollAt(i: number): Date | null;
  createdAt(i: number): Date;
  /** The gateway's order number; by default one derived from the trade number. */
  providerReference?(i: number): string;
}

const COLUMNS = [
  'id', 'merchant_reference', 'request_hash', 'channel', 'trade_no', 'provider_reference', 'amount', 'currency', 'fee', 'beneficiary',
  'remark', 'metadata', 'status', 'failure_code', 'failure_message', 'attention', 'attention_reason', 'attempts', 'next_poll_at',
  'lease_owner', 'lease_expires_at', 'last_error', 'version', 'created_at', 'updated_at', 'completed_at',
];
const BENEFICIARY = JSON.stringify({ name: 'Budi Santoso', accountNumber: '1234567890', bankCode: '0001', phone: '081234567890', email: 'budi@example.com' });
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'REVERSED']);
const ROWS_PER_INSERT = 2_000;

function row(plan: SeedPlan, i: number): unknown[] {
  const created = plan.createdAt(i);
  const tradeNo = seededTradeNo(plan.prefix, i);
  const status = plan.status(i);
  const reference = plan.providerReference?.(i) ?? seededProviderReference(tradeNo);
  return [
    uuidv7(created.getTime()), `${plan.prefix}-m-${i}`, 'seeded', CHANNEL.code, tradeNo, reference, AMOUNT_MINOR,
    CHANNEL.currency, null, BENEFICIARY, 'invoice 1001', null, status, null, null, 0, null, 1, plan.nextPollAt(i),
    null, null, null, 2, created, created, FINAL.has(status) ? created : null,
  ];
}

/** Multi-row INSERTs of 2,000 rows on four connections. */
export async function seedMariaDb(plan: SeedPlan, db = MARIADB): Promise<void> {
  const pool = mysqlPool(4, db.name);
  let next = plan.from;
  const worker = async () => {
    while (next < plan.to) {
      const start = next;
      next = Math.min(plan.to, next + ROWS_PER_INSERT);
      const rows = [];
      for (let i = start; i < next; i++) rows.push(row(plan, i));
      await pool.query(`INSERT INTO payouts (${COLUMNS.join(', ')}) VALUES ?`, [rows]);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  await pool.end();
}

/** One prepared INSERT in one transaction (dates as the app's driver writes them). */
export function seedSqlite(path: string, plan: SeedPlan): void {
  const db = new Database(path);
  const insert = db.prepare(`INSERT INTO payouts (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  db.transaction(() => {
    for (let i = plan.from; i < plan.to; i++) insert.run(row(plan, i).map((v) => (v instanceof Date ? sqliteDate(v) : v)));
  })();
  db.close();
}

/** TypeORM's better-sqlite3 driver stores datetimes as UTC `YYYY-MM-DD HH:MM:SS.SSS`. */
function sqliteDate(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}
