import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { exactCollation } from './1766000000000-exact-identifiers';

/**
 * Batches: one row per accepted file (`payout_batches`), each payout linked to its batch
 * (`payouts.batch_id`, null for single creates), and outbox rows that are not a status change
 * (`payout_outbox.event_name`, such as `payout.batch_completed`; `to_status` is null on those).
 */
export class PayoutBatches1766700000000 implements MigrationInterface {
  name = 'PayoutBatches1766700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = ['mysql', 'mariadb'].includes(queryRunner.connection.options.type);
    // Identifiers compare exactly, as everywhere in the schema (1766000000000).
    const exact = mysql ? { charset: 'utf8mb4', collation: await exactCollation(queryRunner) } : {};
    const id = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable, ...exact });
    // SQLite's driver reads an entity's int as integer (1766600000000).
    const count = (name: string) => ({ name, type: mysql ? 'int' : 'integer', isNullable: false, default: 0 });
    const at = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });
    await queryRunner.createTable(new Table({
      name: 'payout_batches',
      columns: [
        { ...id('id', 36), isPrimary: true }, id('batch_reference', 64), id('content_hash', 64),
        count('item_count'), count('existing_count'), count('rejected_count'), id('created_by', 64), at('created_at'), at('completed_at', true),
      ],
      indices: [new TableIndex({ name: 'uq_payout_batches_reference', columnNames: ['batch_reference'], isUnique: true })],
    }));
    await queryRunner.addColumn('payouts', new TableColumn(id('batch_id', 36, true)));
    // A batch's items by status in file order (listing, counts, and the "anything still open?" check).
    await queryRunner.createIndex('payouts', new TableIndex({ name: 'idx_payouts_batch', columnNames: ['batch_id', 'status', 'id'] }));
    await queryRunner.addColumn('payout_outbox', new TableColumn({ name: 'event_name', type: 'varchar', length: '64', isNullable: true }));
    await queryRunner.changeColumn('payout_outbox', 'to_status', new TableColumn({ name: 'to_status', type: 'varchar', length: '64', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Rows that are not status changes cannot be kept in an outbox whose every row has one.
    await queryRunner.query('DELETE FROM payout_outbox WHERE to_status IS NULL');
    await queryRunner.changeColumn('payout_outbox', 'to_status', new TableColumn({ name: 'to_status', type: 'varchar', length: '64', isNullable: false }));
    await queryRunner.dropColumn('payout_outbox', 'event_name');
    await queryRunner.dropIndex('payouts', 'idx_payouts_batch');
    await queryRunner.dropColumn('payouts', 'batch_id');
    await queryRunner.dropTable('payout_batches');
  }
}
