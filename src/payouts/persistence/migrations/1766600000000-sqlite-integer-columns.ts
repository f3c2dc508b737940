import { MigrationInterface, QueryRunner } from 'typeorm';
import { isSqlite } from '../database-clock';

/** The `int` columns the earlier migrations made, by table. */
const INT_COLUMNS: Record<string, string[]> = {
  payouts: ['attempts', 'version'],
  payout_attempts: ['http_status', 'duration_ms'],
  payout_outbox: ['attempts'],
  payout_approval_requests: ['required'],
};

/**
 * SQLite only: `int` columns declared `integer`. TypeORM's SQLite driver reads an entity's `int`
 * as `integer` and compares declared types as text, so against `int` its schema diff (and
 * `synchronize`) rebuilt these four tables. Both names have the same (INTEGER) affinity: the
 * values and their behaviour are unchanged. One rebuild per table, keys and indexes kept.
 * MySQL/MariaDB: nothing to do, `int` is what the entities say there.
 */
export class SqliteIntegerColumns1766600000000 implements MigrationInterface {
  name = 'SqliteIntegerColumns1766600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await declare(queryRunner, 'integer');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await declare(queryRunner, 'int');
  }
}

async function declare(queryRunner: QueryRunner, type: string): Promise<void> {
  if (!isSqlite(queryRunner.connection)) return;
  for (const [name, columns] of Object.entries(INT_COLUMNS)) {
    const table = await queryRunner.getTable(name);
    if (!table) throw new Error(`SqliteIntegerColumns1766600000000: table ${name} is missing`);
    const changes = columns.map((column) => {
      const oldColumn = table.findColumnByName(column);
      if (!oldColumn) throw new Error(`SqliteIntegerColumns1766600000000: ${name}.${column} is missing`);
      const newColumn = oldColumn.clone();
      newColumn.type = type;
      return { oldColumn, newColumn };
    });
    await queryRunner.changeColumns(table, changes);
  }
}
