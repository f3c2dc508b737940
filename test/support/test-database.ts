import { DataSourceOptions } from 'typeorm';
import { databaseOptions } from '../../src/example/database.config';
import { PAYOUT_ENTITIES, PAYOUT_MIGRATIONS } from '../../src/payouts';

/** True when the suites run against MySQL/MariaDB (DATABASE_URL set), as `.ci/run` does once. */
export const onMysql = Boolean(process.env.DATABASE_URL);

/**
 * The database for one test app: a fresh in-memory SQLite, or the DATABASE_URL database with
 * its tables dropped and migrated again (`fresh: false` joins the schema another app made).
 */
export function testDatabaseOptions(fresh = true): DataSourceOptions {
  if (onMysql) return { ...databaseOptions({ DATABASE_URL: process.env.DATABASE_URL }), dropSchema: fresh, migrationsRun: true };
  return {
    type: 'better-sqlite3',
    database: ':memory:',
    entities: PAYOUT_ENTITIES,
    migrations: PAYOUT_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
  };
}
