import type { DataSourceOptions } from 'typeorm';

/** MySQL/MariaDB when DATABASE_URL is set, else an SQLite file. */
export function database(): DataSourceOptions {
  const url = process.env.DATABASE_URL;
  // MariaDB; on MySQL 8 say type: 'mysql' (see "The module's tables and your migration:generate").
  if (url) return { type: 'mariadb', url, timezone: 'Z', supportBigNumbers: true, bigNumberStrings: true };
  return { type: 'better-sqlite3', database: process.env.SQLITE_PATH ?? 'host.sqlite' };
}
