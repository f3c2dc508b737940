import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { exactCollation } from './1766000000000-exact-identifiers';

/**
 * Approval requests, approvers' decisions, the audit trail of operator actions, and the key that
 * names a payout's beneficiary account (per-beneficiary daily limits; null on older rows).
 */
export class ApprovalsAudit1766400000000 implements MigrationInterface {
  name = 'ApprovalsAudit1766400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = ['mysql', 'mariadb'].includes(queryRunner.connection.options.type);
    // Identifiers compare exactly, as everywhere in the schema (1766000000000).
    const exact = mysql ? { charset: 'utf8mb4', collation: await exactCollation(queryRunner) } : {};
    const id = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable, ...exact });
    const text = (name: string, length: number, isNullable = true) => ({ name, type: 'varchar', length: String(length), isNullable });
    const at = (name: string) => ({ name, type: 'datetime', precision: 3, isNullable: false });
    const serial = { name: 'id', type: mysql ? 'bigint' : 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    await queryRunner.createTable(new Table({
      name: 'payout_approval_requests',
      columns: [{ ...id('payout_id', 36), isPrimary: true }, { name: 'required', type: 'int', isNullable: false }, id('created_by', 64), at('created_at')],
    }));
    await queryRunner.createTable(new Table({
      name: 'payout_approvals',
      columns: [serial, id('payout_id', 36), id('principal_id', 64), text('decision', 16, false), text('note', 255), at('created_at')],
      indices: [new TableIndex({ name: 'uq_payout_approvals_principal', columnNames: ['payout_id', 'principal_id'], isUnique: true })],
    }));
    await queryRunner.createTable(new Table({
      name: 'payout_audit',
      columns: [serial, id('payout_id', 36, true), text('action', 32, false), id('principal_id', 64), text('address', 64), text('note', 255), at('created_at')],
      indices: [new TableIndex({ name: 'idx_payout_audit_payout', columnNames: ['payout_id', 'id'] })],
    }));
    await queryRunner.addColumn('payouts', new TableColumn(id('beneficiary_key', 64, true)));
    await queryRunner.createIndex('payouts', new TableIndex({ name: 'idx_payouts_beneficiary', columnNames: ['beneficiary_key', 'created_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('payouts', 'idx_payouts_beneficiary');
    await queryRunner.dropColumn('payouts', 'beneficiary_key');
    await queryRunner.dropTable('payout_audit');
    await queryRunner.dropTable('payout_approvals');
    await queryRunner.dropTable('payout_approval_requests');
  }
}
