import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identifier and key columns with their type and nullability, exactly as
 * 1764000000000-create-payout-tables made them (MODIFY restates the whole definition).
 * The payouts table comes first: its unique keys are the ones `down` can trip over (see there).
 */
const EXACT_IDENTIFIER_COLUMNS: Record<string, [column: string, type: string, nullable: boolean][]> = {
  payouts: [
    ['id', 'varchar(36)', false],
    ['merchant_reference', 'varchar(64)', false],
    ['request_hash', 'varchar(64)', false],
    ['channel', 'varchar(32)', false],
    ['trade_no', 'varchar(32)', false],
    ['provider_reference', 'varchar(64)', true],
    ['status', 'varchar(16)', false],
    ['lease_owner', 'varchar(64)', true],
  ],
  payout_attempts: [['payout_id', 'varchar(36)', false]],
  payout_webhooks: [
    ['channel', 'varchar(32)', false],
    ['dedupe_key', 'varchar(64)', true],
    ['trade_no', 'varchar(64)', true],
  ],
  payout_outbox: [
    ['event_id', 'varchar(64)', false],
    ['payout_id', 'varchar(36)', false],
  ],
};

/**
 * Identifiers compare exactly. MySQL/MariaDB columns took the table's collation, usually
 * case-insensitive (utf8mb4_unicode_ci): `inv-77` then collided with `INV-77` on the unique key
 * and was answered as its replay, and a callback for a lower-cased trade number found the payout.
 * utf8mb4_bin compares code points (the UTF-8 bytes), as SQLite does.
 *
 * SQLite: nothing to do. Its default collation is BINARY (memcmp) and the create migration set none.
 *
 * MySQL/MariaDB: one ALTER per table (one rebuild); MODIFY keeps the primary key and every index,
 * unique ones included. The collation is the server's binary NO PAD one where it has one
 * (MariaDB utf8mb4_nopad_bin, MySQL 8 utf8mb4_0900_bin): utf8mb4_bin is PAD SPACE, so 'a' and
 * 'a ' would still be equal there.
 */
export class ExactIdentifiers1766000000000 implements MigrationInterface {
  name = 'ExactIdentifiers1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!isMysql(queryRunner)) return;
    await alter(queryRunner, `CHARACTER SET utf8mb4 COLLATE ${await exactCollation(queryRunner)} `);
  }

  /**
   * Back to the table's default character set and collation (what the columns had: the create
   * migration named none). Fails, changing nothing, with a duplicate-key error while the payouts
   * table holds references or trade numbers that differ only in case: those would be merged.
   */
  async down(queryRunner: QueryRunner): Promise<void> {
    if (!isMysql(queryRunner)) return;
    await alter(queryRunner, '');
  }
}

/** The first binary collation this server has, NO PAD ones first. */
export async function exactCollation(queryRunner: QueryRunner): Promise<string> {
  const preferred = ['utf8mb4_nopad_bin', 'utf8mb4_0900_bin', 'utf8mb4_bin'];
  const rows: { Collation: string }[] = await queryRunner.query(`SHOW COLLATION WHERE Collation IN (${preferred.map(() => '?').join(', ')})`, preferred);
  const have = new Set(rows.map((r) => r.Collation));
  return preferred.find((c) => have.has(c)) ?? 'utf8mb4_bin';
}

function isMysql(queryRunner: QueryRunner): boolean {
  return ['mysql', 'mariadb'].includes(queryRunner.connection.options.type);
}

/** Only the columns the table has now: a later migration may have dropped one (dedupe_key). */
async function alter(queryRunner: QueryRunner, charset: string): Promise<void> {
  for (const [table, all] of Object.entries(EXACT_IDENTIFIER_COLUMNS)) {
    const existing = await queryRunner.getTable(table);
    const columns = all.filter(([column]) => existing?.findColumnByName(column));
    const modify = columns.map(([column, type, nullable]) => `MODIFY \`${column}\` ${type} ${charset}${nullable ? 'NULL' : 'NOT NULL'}`);
    await queryRunner.query(`ALTER TABLE \`${table}\` ${modify.join(', ')}`);
  }
}
