import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { exactCollation } from './1766000000000-exact-identifiers';

/**
 * Funds-aware sending: the QUEUED state's reason and whether a payout's amount is already
 * reserved against its channel's balance, and one row per channel with what the module knows of
 * that balance. Queued payouts are read per channel in creation order (idx_payouts_queue).
 */
export class FundsQueue1766500000000 implements MigrationInterface {
  name = 'FundsQueue1766500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = ['mysql', 'mariadb'].includes(queryRunner.connection.options.type);
    const exact = mysql ? { charset: 'utf8mb4', collation: await exactCollation(queryRunner) } : {};
    const money = (name: string) => ({ name, type: 'bigint', isNullable: false, default: 0 });
    const flag = (name: string) => ({ name, type: 'smallint', isNullable: false, default: 0 });
    await queryRunner.addColumn('payouts', new TableColumn({ name: 'hold_reason', type: 'varchar', length: '32', isNullable: true }));
    await queryRunner.addColumn('payouts', new TableColumn(flag('funds_reserved')));
    // A channel's queue in creation order, and the channels that have one.
    await queryRunner.createIndex('payouts', new TableIndex({ name: 'idx_payouts_queue', columnNames: ['status', 'channel', 'id'] }));
    await queryRunner.createTable(new Table({
      name: 'payout_channel_funds',
      columns: [
        { name: 'channel', type: 'varchar', length: '32', isPrimary: true, ...exact },
        { name: 'currency', type: 'varchar', length: '3', isNullable: false },
        { name: 'available', type: 'bigint', isNullable: false },
        money('committed'),
        flag('queue_open'),
        flag('low'),
        { name: 'read_at', type: 'datetime', precision: 3, isNullable: false },
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('payout_channel_funds');
    await queryRunner.dropIndex('payouts', 'idx_payouts_queue');
    await queryRunner.dropColumn('payouts', 'funds_reserved');
    await queryRunner.dropColumn('payouts', 'hold_reason');
  }
}
