import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Indexes for the operations views: the attention queue (newest first) and a payout's
 * transition history from the outbox. Both would otherwise scan their whole table.
 */
export class AddOperationsIndexes1765000000000 implements MigrationInterface {
  name = 'AddOperationsIndexes1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('payouts', new TableIndex({ name: 'idx_payouts_attention', columnNames: ['attention', 'id'] }));
    await queryRunner.createIndex('payout_outbox', new TableIndex({ name: 'idx_payout_outbox_payout', columnNames: ['payout_id', 'sequence'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('payout_outbox', 'idx_payout_outbox_payout');
    await queryRunner.dropIndex('payouts', 'idx_payouts_attention');
  }
}
