import Database from 'better-sqlite3';
import { RowDataPacket } from 'mysql2/promise';
import { BenchDatabase, mysqlPool } from './db';
import { seededTradeNoStart } from './requests';

/** Rows in `payouts`, optionally of one status and of the seeded set `prefix` (bench-made values only). */
export async function countPayouts(database: BenchDatabase, status?: string, prefix = ''): Promise<number> {
  const where = status ? ` WHERE status = '${status}' AND trade_no LIKE '${prefix ? seededTradeNoStart(prefix) : ''}%'` : '';
  if (database.kind === 'sqlite') {
    const db = new Database(database.env.SQLITE_PATH, { readonly: true });
    const { n } = db.prepare(`SELECT COUNT(*) AS n FROM payouts${where}`).get() as { n: number };
    db.close();
    return n;
  }
  const pool = mysqlPool(1, database.name);
  const [rows] = await pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM payouts${where}`);
  await pool.end();
  return Number(rows[0].n);
}
