import { DataSource } from 'typeorm';
import { PAYOUT_ENTITIES } from '../src/payouts';
import { onMysql, testDatabaseOptions } from './support/test-database';

/**
 * The entities describe exactly what the migrations make: a host's `synchronize` or
 * `migration:generate` finds nothing to do in the module's tables. On SQLite, or on the
 * DATABASE_URL database (MariaDB under the `mariadb` driver, see support/global-setup.ts).
 */
describe('the entities against a freshly migrated database', () => {
  let source: DataSource;

  beforeAll(async () => {
    source = await new DataSource(testDatabaseOptions()).initialize();
    if (!onMysql) readSerialKeysAsSqliteInteger(source);
  });

  afterAll(() => source.destroy());

  it('leave nothing for TypeORM’s schema diff to do', async () => {
    const { upQueries } = await source.driver.createSchemaBuilder().log();
    expect(upQueries.map((q) => q.query)).toEqual([]);
  });

  it('survive synchronize: every column (type, nullability, default, collation), key and index kept', async () => {
    const before = await schema(source);
    await source.synchronize();
    expect(await schema(source)).toEqual(before);
  });
});

/**
 * SQLite auto-increments only an INTEGER PRIMARY KEY, so the migrations make the five serial keys
 * `integer` there and `bigint` on MySQL/MariaDB; a decorator takes one type for every database
 * and the entities say `bigint`. This is the one difference TypeORM cannot be told about: read
 * those keys as SQLite has them, and let the diff check everything else.
 */
function readSerialKeysAsSqliteInteger(source: DataSource): void {
  for (const column of source.entityMetadatas.flatMap((m) => m.columns)) {
    if (column.isGenerated && column.generationStrategy === 'increment') column.type = 'integer';
  }
}

/** Every table of the module as the database describes it, in a stable order. */
async function schema(source: DataSource) {
  const runner = source.createQueryRunner();
  try {
    const tables = await runner.getTables(PAYOUT_ENTITIES.map((e) => source.getMetadata(e).tableName));
    return tables
      .map((t) => ({
        table: t.name.split('.').pop(),
        columns: t.columns.map((c) => [c.name, c.type, c.length, c.isNullable, c.default, c.isPrimary, c.isGenerated, c.charset, c.collation]),
        indices: t.indices.map((i) => [i.name, i.isUnique, i.columnNames]).sort(),
        uniques: t.uniques.map((u) => [u.name, u.columnNames]).sort(),
      }))
      .sort((a, b) => String(a.table).localeCompare(String(b.table)));
  } finally {
    await runner.release();
  }
}
