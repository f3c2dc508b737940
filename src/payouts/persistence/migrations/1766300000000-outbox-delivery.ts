import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * What delivering each outbox row once per instance group needs: a lease fenced by a token (on
 * the database's clock), attempts with the time of the next one, the last error, and the time a
 * row was dead-lettered. Rows already in the outbox start with no attempts.
 */
export class OutboxDelivery1766300000000 implements MigrationInterface {
  name = 'OutboxDelivery1766300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('payout_outbox', [
      new TableColumn({ name: 'attempts', type: 'int', default: 0 }),
      new TableColumn({ name: 'next_attempt_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'lease_token', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'lease_expires_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'last_error', type: 'varchar', length: '500', isNullable: true }),
      new TableColumn({ name: 'dead_lettered_at', type: 'datetime', precision: 3, isNullable: true }),
    ]);
    await queryRunner.createIndex('payout_outbox', new TableIndex({ name: 'idx_payout_outbox_dead', columnNames: ['dead_lettered_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('payout_outbox', 'idx_payout_outbox_dead');
    for (const column of ['dead_lettered_at', 'last_error', 'lease_expires_at', 'lease_token', 'next_attempt_at', 'attempts']) {
      await queryRunner.dropColumn('payout_outbox', column);
    }
  }
}
