import { DataSource } from 'typeorm';
import { databaseOptions } from '../../../example/database.config';
import { PAYOUT_ENTITIES } from '../entities';
import { PAYOUT_MIGRATIONS } from './index';

/** On SQLite, or on the DATABASE_URL database when the suites run on MySQL/MariaDB. */
describe('the module migrations', () => {
  let source: DataSource;

  beforeAll(async () => {
    const options = process.env.DATABASE_URL
      ? { ...databaseOptions({ DATABASE_URL: process.env.DATABASE_URL }), dropSchema: true, migrationsRun: false }
      : ({ type: 'better-sqlite3', database: ':memory:', entities: PAYOUT_ENTITIES, migrations: PAYOUT_MIGRATIONS } as const);
    source = await new DataSource(options).initialize();
  });

  afterAll(() => source.destroy());

  /** Columns of every table, in order: what a host's schema looks like after the migrations. */
  const schema = async () => {
    const runner = source.createQueryRunner();
    try {
      const tables = await runner.getTables(['payouts', 'payout_attempts', 'payout_webhooks', 'payout_outbox', 'payout_batches']);
      return tables.map((t) => [t.name.split('.').pop(), t.columns.map((c) => c.name), t.indices.map((i) => i.name).sort()]);
    } finally {
      await runner.release();
    }
  };

  it('run, revert one by one to an empty database, and run again to the same schema', async () => {
    await source.runMigrations();
    const first = await schema();
    expect(first.map(([table]) => table).sort()).toEqual(['payout_attempts', 'payout_batches', 'payout_outbox', 'payout_webhooks', 'payouts']);
    for (let i = 0; i < PAYOUT_MIGRATIONS.length; i++) await source.undoLastMigration();
    expect(await schema()).toEqual([]);
    await source.runMigrations();
    expect(await schema()).toEqual(first);
  });
});
