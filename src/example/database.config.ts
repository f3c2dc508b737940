import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { PAYOUT_ENTITIES, PAYOUT_MIGRATIONS } from '../payouts';
import { serverDatabaseUrl } from './server-database-url';

/**
 * The example app's database: MySQL/MariaDB when DATABASE_URL is set (mysql://user:pass@host:3306/db
 * or mariadb://…), otherwise embedded SQLite in ./data/payouts.sqlite (SQLITE_PATH to move it).
 * The scheme picks TypeORM's driver: `mariadb` for mariadb://, `mysql` (MySQL 8) for mysql://;
 * serverDatabaseOptions asks the server instead.
 */
export function databaseOptions(env: NodeJS.ProcessEnv = process.env): DataSourceOptions {
  const common = { entities: PAYOUT_ENTITIES, migrations: PAYOUT_MIGRATIONS, migrationsRun: true, synchronize: false, logging: false } as const;
  const url = env.DATABASE_URL;
  if (url) {
    const parsed = new URL(url);
    if (!['mysql:', 'mariadb:'].includes(parsed.protocol)) throw new Error(`DATABASE_URL must be mysql://… or mariadb://…, got ${parsed.protocol}`);
    return {
      ...common,
      // "mariadb" lets TypeORM use INSERT … RETURNING and read MariaDB's catalog; both go through mysql2.
      type: parsed.protocol === 'mariadb:' ? 'mariadb' : 'mysql',
      url: url.replace(/^mariadb:/, 'mysql:'),
      timezone: 'Z',
      charset: 'utf8mb4',
      supportBigNumbers: true,
      bigNumberStrings: true,
      extra: { connectionLimit: Number(env.DATABASE_POOL_SIZE ?? 20) },
    };
  }
  const file = resolve(env.SQLITE_PATH ?? 'data/payouts.sqlite');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: file,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
    },
  };
}

/**
 * databaseOptions with TypeORM's driver chosen by the server DATABASE_URL leads to, whatever its
 * scheme: a mysql:// URL that reaches MariaDB is used as mariadb://. Under the `mysql` driver
 * MariaDB's catalog reads wrong (a nullable column's default comes back as the text NULL), so
 * TypeORM's schema diff lists every nullable column of the module and `synchronize` rewrites them.
 */
export async function serverDatabaseOptions(env: NodeJS.ProcessEnv = process.env): Promise<DataSourceOptions> {
  return databaseOptions(env.DATABASE_URL ? { ...env, DATABASE_URL: await serverDatabaseUrl(env.DATABASE_URL) } : env);
}
