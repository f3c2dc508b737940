import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';
import { isSqlite } from '../database-clock';

/**
 * The payouts schema, written with the QueryRunner API so the same migration runs on
 * SQLite and on MySQL/MariaDB.
 */
export class CreatePayoutTables1764000000000 implements MigrationInterface {
  name = 'CreatePayoutTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sqlite = isSqlite(queryRunner.connection);
    // SQLite only auto-increments an INTEGER PRIMARY KEY.
    const serial = (name: string): TableColumnOptions => ({
      name,
      type: sqlite ? 'integer' : 'bigint',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    });
    const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });

    await queryRunner.createTable(
      new Table({
        name: 'payouts',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('merchant_reference', 64),
          str('request_hash', 64),
          str('channel', 32),
          str('trade_no', 32),
          str('provider_reference', 64, true),
          { name: 'amount', type: 'bigint' },
          str('currency', 3),
          { name: 'fee', type: 'bigint', isNullable: true },
          text('beneficiary', false),
          str('remark', 64, true),
          text('metadata'),
          str('status', 16),
          str('failure_code', 64, true),
          str('failure_message', 255, true),
          { name: 'attention', type: 'smallint', default: 0 },
          str('attention_reason', 255, true),
          { name: 'attempts', type: 'int', default: 0 },
          time('next_poll_at', true),
          str('lease_owner', 64, true),
          time('lease_expires_at', true),
          str('last_error', 500, true),
          { name: 'version', type: 'int' },
          time('created_at'),
          time('updated_at'),
          time('completed_at', true),
        ],
        uniques: [
          { name: 'uq_payouts_merchant_reference', columnNames: ['merchant_reference'] },
          { name: 'uq_payouts_trade_no', columnNames: ['trade_no'] },
          { name: 'idx_payouts_channel_ref', columnNames: ['channel', 'provider_reference'] },
        ],
        indices: [
          // Serves the poller's claim query: WHERE status IN (…) AND next_poll_at <= now.
          { name: 'idx_payouts_due', columnNames: ['status', 'next_poll_at'] },
          { name: 'idx_payouts_created', columnNames: ['created_at'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'payout_attempts',
        columns: [
          serial('id'),
          str('payout_id', 36),
          str('operation', 16),
          str('outcome', 16),
          { name: 'http_status', type: 'int', isNullable: true },
          { name: 'duration_ms', type: 'int' },
          text('request'),
          text('response'),
          str('error', 500, true),
          time('created_at'),
        ],
        indices: [{ name: 'idx_payout_attempts_payout', columnNames: ['payout_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'payout_webhooks',
        columns: [
          serial('id'),
          str('channel', 32),
          str('dedupe_key', 64, true),
          str('trade_no', 64, true),
          text('headers'),
          text('body'),
          { name: 'signature_ok', type: 'smallint' },
          str('outcome', 32, true),
          str('detail', 255, true),
          time('received_at'),
          time('processed_at', true),
        ],
        indices: [
          { name: 'idx_payout_webhooks_dedupe', columnNames: ['channel', 'dedupe_key'] },
          { name: 'idx_payout_webhooks_trade', columnNames: ['trade_no'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'payout_outbox',
        columns: [
          serial('sequence'),
          str('event_id', 64),
          str('payout_id', 36),
          str('type', 64),
          text('payload', false),
          time('created_at'),
          time('published_at', true),
        ],
        uniques: [{ name: 'uq_payout_outbox_event', columnNames: ['event_id'] }],
        indices: [{ name: 'idx_payout_outbox_pending', columnNames: ['published_at', 'sequence'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['payout_outbox', 'payout_webhooks', 'payout_attempts', 'payouts']) await queryRunner.dropTable(table);
  }
}
