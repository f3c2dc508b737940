import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * `payout_outbox.type` held the status a payout moved to: named `to_status` for what it holds.
 * `payout_webhooks.dedupe_key` was written and indexed on every callback but never read: dropped
 * (redeliveries are recognised by the state machine, which leaves a repeated report unchanged).
 * Through the QueryRunner API, so that the table definitions TypeORM keeps for later migrations
 * of the same run stay true.
 */
export class OutboxStatusInboxDedupe1766200000000 implements MigrationInterface {
  name = 'OutboxStatusInboxDedupe1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.renameColumn('payout_outbox', 'type', 'to_status');
    await queryRunner.dropIndex('payout_webhooks', 'idx_payout_webhooks_dedupe');
    await queryRunner.dropColumn('payout_webhooks', 'dedupe_key');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('payout_webhooks', new TableColumn({ name: 'dedupe_key', type: 'varchar', length: '64', isNullable: true }));
    await queryRunner.createIndex('payout_webhooks', new TableIndex({ name: 'idx_payout_webhooks_dedupe', columnNames: ['channel', 'dedupe_key'] }));
    await queryRunner.renameColumn('payout_outbox', 'to_status', 'type');
  }
}
