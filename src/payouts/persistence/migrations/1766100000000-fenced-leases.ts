import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Per-payout fenced leases and the time of the last send. Rows that may already have been sent
 * (every unsettled one, as the old schema cannot tell) get their last update as last send time, so a
 * refusal of their next send is never taken as final.
 */
export class FencedLeases1766100000000 implements MigrationInterface {
  name = 'FencedLeases1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('payouts', [
      new TableColumn({ name: 'lease_token', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'last_sent_at', type: 'datetime', precision: 3, isNullable: true }),
    ]);
    await queryRunner.query(`UPDATE payouts SET last_sent_at = updated_at WHERE status IN ('CREATED', 'UNKNOWN', 'PROCESSING')`);
    // Leases written by the old code are on a process's clock: let them lapse now.
    await queryRunner.query('UPDATE payouts SET lease_owner = NULL, lease_expires_at = NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('payouts', 'last_sent_at');
    await queryRunner.dropColumn('payouts', 'lease_token');
  }
}
