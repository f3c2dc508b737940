import request from 'supertest';
import { FakePayoutProvider, PayoutStatus } from '../src/payouts';
import { ExactIdentifiers1766000000000 } from '../src/payouts/persistence/migrations/1766000000000-exact-identifiers';
import { PayoutWebhookEntity } from '../src/payouts/persistence/payout-webhook.entity';
import { sendFakeCallback } from './support/fake-callbacks';
import { createTestApp, TestApp } from './support/test-app';
import { onMysql } from './support/test-database';

/**
 * Identifiers compare byte for byte on every database. CI creates the MySQL/MariaDB database as
 * utf8mb4_unicode_ci: without migration 1766000000000, `inv-77` there is a replay of `INV-77`.
 */

const body = (merchantReference: string, amount = '770.00') => ({
  merchantReference,
  channel: 'fake-idr',
  amount,
  currency: 'IDR',
  beneficiary: { name: 'Budi Santoso', accountNumber: '1234567890' },
});

/** `s` with the case of every letter flipped (ids, trade numbers and gateway references all hold letters). */
const otherCase = (s: string) => s.replace(/[a-z]/gi, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));

describe('identifiers compare exactly', () => {
  let t: TestApp;
  type Created = { id: string; merchantReference: string; tradeNo: string; providerReference: string; status: PayoutStatus };
  let upper: Created;
  let lower: Created;
  beforeAll(async () => {
    t = await createTestApp();
    upper = (await request(t.url).post('/payouts').send(body('INV-77')).expect(201)).body;
  });
  afterAll(() => t.close());

  const search = async (q: string) => {
    const res = await request(t.url).get('/payouts').query({ q }).expect(200);
    return (res.body.items as { id: string }[]).map((p) => p.id);
  };

  it('creates two payouts, each sent once, for merchant references that differ only in case', async () => {
    lower = (await request(t.url).post('/payouts').send(body('inv-77')).expect(201)).body;
    expect(lower.merchantReference).toBe('inv-77');
    expect(lower.id).not.toBe(upper.id);
    expect(lower.tradeNo).not.toBe(upper.tradeNo);
    const fake = t.registry.get('fake-idr') as FakePayoutProvider;
    for (const p of [upper, lower]) {
      expect(p.status).toBe(PayoutStatus.PROCESSING);
      expect(fake.submissions.get(p.tradeNo)).toBe(1);
    }
    const rows = await t.dataSource.query(`SELECT merchant_reference AS ref FROM payouts ORDER BY merchant_reference`);
    expect(rows.map((r: { ref: string }) => r.ref)).toEqual(['INV-77', 'inv-77']);
  });

  it('replays, and refuses a changed body, against the exact reference only', async () => {
    expect((await request(t.url).post('/payouts').send(body('INV-77')).expect(200)).body.id).toBe(upper.id);
    expect((await request(t.url).post('/payouts').send(body('inv-77')).expect(200)).body.id).toBe(lower.id);
    await request(t.url).post('/payouts').send(body('inv-77', '1.00')).expect(409);
    // A third spelling is a third payout, not a conflict with either.
    const third = await request(t.url).post('/payouts').send(body('Inv-77', '1.00')).expect(201);
    expect([upper.id, lower.id]).not.toContain(third.body.id);
  });

  it('finds a payout by its merchant reference only as written', async () => {
    expect((await t.service.getByMerchantReference('INV-77'))?.id).toBe(upper.id);
    expect((await t.service.getByMerchantReference('inv-77'))?.id).toBe(lower.id);
    expect(await t.service.getByMerchantReference('iNV-77')).toBeNull();
    // Trailing spaces count too (a PAD SPACE collation would ignore them).
    expect(await t.service.getByMerchantReference('INV-77 ')).toBeNull();
    expect(await search('INV-77')).toEqual([upper.id]);
    expect(await search('inv-77')).toEqual([lower.id]);
    // Prefix search: a range on the unique index, exact under a binary collation too.
    expect(await search('INV')).toEqual([upper.id]);
    expect(await search('inv')).toEqual([lower.id]);
    expect(await search('iNV')).toEqual([]);
  });

  it('matches no payout id, trade number or gateway reference written in another case', async () => {
    await request(t.url).get(`/payouts/${upper.id}`).expect(200);
    await request(t.url).get(`/payouts/${otherCase(upper.id)}`).expect(404);
    expect(await search(upper.tradeNo)).toEqual([upper.id]);
    expect(await search(otherCase(upper.tradeNo))).toEqual([]);
    expect(await search(upper.providerReference)).toEqual([upper.id]);
    expect(await search(otherCase(upper.providerReference))).toEqual([]);
  });

  it('treats a callback for a trade number in another case as not ours, and applies the exact one', async () => {
    const wrong = otherCase(upper.tradeNo);
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: wrong, status: 'SUCCEEDED', amount: 77000 }).expect(200, 'OK');
    expect((await request(t.url).get(`/payouts/${upper.id}`).expect(200)).body.status).toBe(PayoutStatus.PROCESSING);
    const inbox = t.dataSource.getRepository(PayoutWebhookEntity);
    expect((await inbox.find({ where: { tradeNo: wrong } })).map((w) => w.outcome)).toEqual(['not_ours']);

    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: upper.tradeNo, status: 'SUCCEEDED', amount: 77000 }).expect(200, 'OK');
    expect((await request(t.url).get(`/payouts/${upper.id}`).expect(200)).body.status).toBe(PayoutStatus.SUCCEEDED);
    expect((await inbox.find({ where: { tradeNo: upper.tradeNo } })).map((w) => w.outcome)).toEqual(['applied']);
  });
});

const TABLES = ['payouts', 'payout_attempts', 'payout_webhooks', 'payout_outbox'];
/** The identifier and key columns the migration makes binary on MySQL/MariaDB. */
const IDENTIFIERS = [
  'payouts.id', 'payouts.merchant_reference', 'payouts.request_hash', 'payouts.channel', 'payouts.trade_no',
  'payouts.provider_reference', 'payouts.status', 'payouts.lease_owner', 'payout_attempts.payout_id',
  'payout_webhooks.channel', 'payout_webhooks.trade_no', 'payout_outbox.event_id', 'payout_outbox.payout_id',
];

(onMysql ? describe : describe.skip)('the exact-identifiers migration on MySQL/MariaDB', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const inList = TABLES.map((name) => `'${name}'`).join(', ');
  const columns = async () => {
    const rows: Record<string, unknown>[] = await t.dataSource.query(
      `SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_KEY, CHARACTER_SET_NAME, COLLATION_NAME
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${inList}) ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    );
    return new Map(rows.map((r) => [`${r.TABLE_NAME}.${r.COLUMN_NAME}`, r]));
  };
  const indexes = () =>
    t.dataSource.query(
      `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS
       WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${inList}) ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    );
  const tableCollation = async () => {
    const [{ c }] = await t.dataSource.query(`SELECT TABLE_COLLATION AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'payouts'`);
    return c as string;
  };
  /** Runs this migration alone (later migrations may follow it in PAYOUT_MIGRATIONS). */
  const migrate = async (direction: 'up' | 'down') => {
    const runner = t.dataSource.createQueryRunner();
    try {
      await new ExactIdentifiers1766000000000()[direction](runner);
    } finally {
      await runner.release();
    }
  };

  it('makes the identifier columns binary (NO PAD where the server has it); down gives back the table collation, with types, keys and indexes unchanged', async () => {
    const kept = (await request(t.url).post('/payouts').send(body('kept-1')).expect(201)).body;
    const defaultCollation = await tableCollation();
    expect(defaultCollation).toMatch(/_ci$/); // the case the migration is for
    const after = await columns();
    for (const name of IDENTIFIERS) expect([name, after.get(name)?.COLLATION_NAME]).toEqual([name, 'utf8mb4_nopad_bin']);
    expect(after.get('payouts.currency')?.COLLATION_NAME).toBe(defaultCollation);
    const indexesAfter = await indexes();
    const unique = indexesAfter.filter((i: { NON_UNIQUE: unknown }) => Number(i.NON_UNIQUE) === 0).map((i: Record<string, string>) => `${i.INDEX_NAME}(${i.COLUMN_NAME})`);
    expect(unique).toEqual(expect.arrayContaining([
      'PRIMARY(id)', 'uq_payouts_merchant_reference(merchant_reference)', 'uq_payouts_trade_no(trade_no)',
      'idx_payouts_channel_ref(channel)', 'idx_payouts_channel_ref(provider_reference)', 'uq_payout_outbox_event(event_id)',
    ]));

    await migrate('down');
    const before = await columns();
    expect([...before.keys()]).toEqual([...after.keys()]);
    for (const [name, column] of after) {
      const restored = IDENTIFIERS.includes(name) ? { ...column, CHARACTER_SET_NAME: 'utf8mb4', COLLATION_NAME: defaultCollation } : column;
      expect(before.get(name)).toEqual(restored);
    }
    expect(await indexes()).toEqual(indexesAfter);

    await migrate('up');
    expect(await columns()).toEqual(after);
    expect(await indexes()).toEqual(indexesAfter);
    expect((await request(t.url).get(`/payouts/${kept.id}`).expect(200)).body).toEqual(kept);
  });

  it('refuses to go down, changing nothing, while references differ only in case', async () => {
    await request(t.url).post('/payouts').send(body('down-1')).expect(201);
    await request(t.url).post('/payouts').send(body('DOWN-1')).expect(201);
    const after = await columns();
    await expect(migrate('down')).rejects.toThrow(/Duplicate entry/);
    expect(await columns()).toEqual(after);
  });
});

(onMysql ? describe.skip : describe)('the exact-identifiers migration on SQLite', () => {
  it('has nothing to change: no column names a collation, so all compare BINARY', async () => {
    const t = await createTestApp();
    try {
      const tables: { sql: string }[] = await t.dataSource.query(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN (${TABLES.map((n) => `'${n}'`).join(', ')})`);
      expect(tables).toHaveLength(TABLES.length);
      for (const { sql } of tables) expect(sql).not.toMatch(/COLLATE/i);
    } finally {
      await t.close();
    }
  });
});
