import { DataSourceOptions } from 'typeorm';
import { databaseOptions } from '../../src/example/database.config';
import { onMysql, testDatabaseOptions } from './test-database';

/**
 * A database of the suite's own. On SQLite that is the usual fresh in-memory one. On MySQL/MariaDB
 * it is `<DATABASE_URL database>_<suffix>`, created when missing and migrated from scratch: test
 * files that jest runs in parallel workers would otherwise drop each other's tables (every test
 * app drops and migrates the DATABASE_URL schema at start).
 */
export async function suiteDatabaseOptions(suffix: string): Promise<DataSourceOptions> {
  if (!onMysql) return testDatabaseOptions();
  if (!/^[a-z0-9_]+$/.test(suffix)) throw new Error(`suffix must be lowercase letters, digits or _: ${suffix}`);
  const url = new URL(process.env.DATABASE_URL as string);
  const name = `${decodeURIComponent(url.pathname.slice(1))}_${suffix}`;
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
  url.pathname = `/${encodeURIComponent(name)}`;
  return { ...databaseOptions({ DATABASE_URL: url.toString() }), dropSchema: true, migrationsRun: true };
}
