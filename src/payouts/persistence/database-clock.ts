import type { DataSource } from 'typeorm';

/**
 * SQL for the database's own clock. Leases and the resend wait are written and compared only in
 * SQL with these expressions, never with a process's `new Date()`: instances whose clocks
 * disagree, or a host whose driver converts dates to another time zone, still agree on who holds
 * a payout and how long ago it was sent. Both forms are UTC with milliseconds, the way TypeORM
 * stores `datetime(3)` on SQLite and, with `timezone: 'Z'`, on MySQL/MariaDB.
 */
export interface DatabaseClock {
  /** The database's current time. */
  readonly now: string;
  /** The database's current time shifted by a whole number of milliseconds (negative: earlier). */
  offset(ms: number): string;
}

const MYSQL_CLOCK: DatabaseClock = {
  now: 'UTC_TIMESTAMP(3)',
  offset: (ms) => `TIMESTAMPADD(MICROSECOND, ${wholeMs(ms) * 1000}, UTC_TIMESTAMP(3))`,
};

/** SQLite's 'now' carries milliseconds in %f; its modifiers take seconds with a fraction. */
const SQLITE_CLOCK: DatabaseClock = {
  now: "strftime('%Y-%m-%d %H:%M:%f', 'now')",
  offset: (ms) => `strftime('%Y-%m-%d %H:%M:%f', 'now', '${(wholeMs(ms) / 1000).toFixed(3)} seconds')`,
};

/** Whether the data source is SQLite (better-sqlite3 or sqlite3): one connection, its own clock SQL. */
export function isSqlite(dataSource: DataSource): boolean {
  return ['better-sqlite3', 'sqlite'].includes(dataSource.options.type);
}

export function databaseClock(sqlite: boolean): DatabaseClock {
  return sqlite ? SQLITE_CLOCK : MYSQL_CLOCK;
}

/** The offset is written into the SQL text, so it must be a plain integer. */
function wholeMs(ms: number): number {
  if (!Number.isFinite(ms)) throw new Error(`A clock offset must be a finite number of milliseconds, got ${ms}`);
  return Math.round(ms);
}
