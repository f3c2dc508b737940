import type { DataSourceOptions } from 'typeorm';

/** MySQL/MariaDB when DATABASE_URL is set, else an SQLite file. */
export function database(): DataSourceOptions {
  const url = process.env.DATABASE_URL;
  if (url) return { type: 'mysql', url, timezone: 'Z', supportBigNumbers: true, bigNumberStrings: true };
  return { type: 'better-sqlite3', database: process.env.SQLITE_PATH ?? 'host.sqlite' };
}
