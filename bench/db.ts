import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, createPool, Pool, PoolConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../src/example/database.config';
import { MYSQL, POOL_SIZE } from './config';

const TABLES = ['payout_outbox', 'payout_webhooks', 'payout_attempts', 'payouts', 'payout_batches', 'payout_channel_funds'];

/** The database one scenario runs on: a MariaDB database the bench owns, or a SQLite file of its own. */
export interface BenchDatabase {
  kind: 'mariadb' | 'sqlite';
  /** The MariaDB database name, or the SQLite file. */
  name: string;
  /** Environment for a child process (app server) to open it as the example app does. */
  env: Record<string, string>;
}

export function mariadb(name: string): BenchDatabase {
  return { kind: 'mariadb', name, env: { DATABASE_URL: `mysql://${MYSQL.user}@${MYSQL.host}:${MYSQL.port}/${name}`, DATABASE_POOL_SIZE: String(POOL_SIZE) } };
}

export const MARIADB = mariadb(MYSQL.database);

/** Drops and creates the database, then runs the module's migrations on it. */
export async function createMariaDb(db = MARIADB): Promise<void> {
  const admin = await createConnection({ host: MYSQL.host, port: MYSQL.port, user: MYSQL.user, password: MYSQL.password });
  await admin.query(`DROP DATABASE IF EXISTS ${db.name}`);
  await admin.query(`CREATE DATABASE ${db.name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  await migrate(db);
}

export async function dropMariaDb(db = MARIADB): Promise<void> {
  const admin = await createConnection({ host: MYSQL.host, port: MYSQL.port, user: MYSQL.user, password: MYSQL.password });
  await admin.query(`DROP DATABASE IF EXISTS ${db.name}`);
  await admin.end();
}

/** A fresh migrated SQLite file in a temporary directory; `remove` deletes it. */
export async function createSqlite(): Promise<BenchDatabase & { path: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'payouts-bench-'));
  const path = join(dir, 'payouts.sqlite');
  const db = { kind: 'sqlite' as const, name: path, path, env: { SQLITE_PATH: path }, remove: () => rmSync(dir, { recursive: true, force: true }) };
  await migrate(db);
  return db;
}

async function migrate(db: BenchDatabase): Promise<void> {
  const source = new DataSource(databaseOptions(db.env));
  await source.initialize();
  await source.destroy();
}

/** Empties every payouts table between runs, so each run starts from the same state. */
export async function truncateMariaDb(db = MARIADB): Promise<void> {
  const pool = mysqlPool(1, db.name);
  for (const table of TABLES) await pool.query(`TRUNCATE TABLE ${table}`);
  await pool.end();
}

export function mysqlPool(connectionLimit = POOL_SIZE, database = MYSQL.database): Pool {
  return createPool({
    ...MYSQL,
    database,
    connectionLimit,
    timezone: 'Z',
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
}

/** `work` in one transaction on a connection of `pool`, rolled back if it throws (the floors' commits). */
export async function inTransaction(pool: Pool, work: (conn: PoolConnection) => Promise<void>): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.query('START TRANSACTION');
    await work(conn);
    await conn.query('COMMIT');
  } catch (error) {
    await conn.query('ROLLBACK');
    throw error;
  } finally {
    conn.release();
  }
}
