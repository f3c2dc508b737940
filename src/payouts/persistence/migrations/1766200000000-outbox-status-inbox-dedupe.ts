import { MigrationInterface, QueryRunner } from 'typeorm';
import { exactCollation } from './1766000000000-exact-identifiers';

/**
 * `payout_outbox.type` held the status a payout moved to: named `to_status` for what it holds.
 * `payout_webhooks.dedupe_key` was written and indexed on every callback but never read: dropped
 * (redeliveries are recognised by the state machine, which leaves a repeated report unchanged).
 * Plain SQL that MySQL 8, MariaDB 10.5+ and SQLite 3.35+ all run.
 */
export class OutboxStatusInboxDedupe1766200000000 implements MigrationInterface {
  name = 'OutboxStatusInboxDedupe1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE payout_outbox RENAME COLUMN type TO to_status');
    await queryRunner.query(dropIndex(queryRunner, 'idx_payout_webhooks_dedupe', 'payout_webhooks'));
    await queryRunner.query('ALTER TABLE payout_webhooks DROP COLUMN dedupe_key');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const collation = isSqlite(queryRunner) ? '' : ` CHARACTER SET utf8mb4 COLLATE ${await exactCollation(queryRunner)}`;
    await queryRunner.query(`ALTER TABLE payout_webhooks ADD COLUMN dedupe_key varchar(64)${collation} NULL`);
    await queryRunner.query('CREATE INDEX idx_payout_webhooks_dedupe ON payout_webhooks (channel, dedupe_key)');
    await queryRunner.query('ALTER TABLE payout_outbox RENAME COLUMN to_status TO type');
  }
}

function isSqlite(queryRunner: QueryRunner): boolean {
  return ['better-sqlite3', 'sqlite'].includes(queryRunner.connection.options.type);
}

function dropIndex(queryRunner: QueryRunner, index: string, table: string): string {
  return isSqlite(queryRunner) ? `DROP INDEX ${index}` : `DROP INDEX ${index} ON ${table}`;
}
