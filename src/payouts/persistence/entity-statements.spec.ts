import { DataSource, UpdateValuesMissingError } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { databaseOptions } from '../../example/database.config';
import { PayoutStatus } from '../domain/payout-status';
import { PAYOUT_ENTITIES } from './entities';
import { PAYOUT_MIGRATIONS } from './migrations';
import { EntityStatements } from './entity-statements';
import { PayoutEntity } from './payout.entity';

/** A payout with every kind of column set: transformers (bigint, JSON, boolean), dates, nulls. */
function payout(id: string): PayoutEntity {
  const at = new Date('2026-11-20T10:11:12.345Z');
  return Object.assign(new PayoutEntity(), {
    id, merchantReference: `ref-${id}`, requestHash: 'h'.repeat(64), channel: 'fake-idr', tradeNo: `T${id}`, providerReference: null,
    amount: 15_000_000, currency: 'IDR', fee: 250, beneficiary: { name: 'Budi', accountNumber: '1234567890' }, remark: null,
    metadata: { order: 7 }, status: PayoutStatus.CREATED, failureCode: null, failureMessage: null, attention: true, attentionReason: 'x',
    attempts: 2, nextPollAt: at, leaseOwner: null, leaseExpiresAt: null, lastError: null, version: 1, createdAt: at, updatedAt: at, completedAt: null,
  });
}

/** On SQLite, or on the DATABASE_URL database when the suites run on MySQL/MariaDB. */
describe('EntityStatements writes and reads rows exactly as TypeORM query builders do', () => {
  let source: DataSource;
  let payouts: EntityStatements<PayoutEntity>;

  beforeAll(async () => {
    const options = process.env.DATABASE_URL
      ? { ...databaseOptions({ DATABASE_URL: process.env.DATABASE_URL }), dropSchema: true }
      : ({ type: 'better-sqlite3', database: ':memory:', entities: PAYOUT_ENTITIES, migrations: PAYOUT_MIGRATIONS, migrationsRun: true } as const);
    source = await new DataSource(options).initialize();
    payouts = new EntityStatements(source, PayoutEntity);
  });

  afterAll(() => source.destroy());

  const raw = async (id: string) => (await source.query('SELECT * FROM payouts WHERE id = ?', [id]))[0] as Record<string, unknown>;

  it('inserts the same stored values as InsertQueryBuilder', async () => {
    await source.createQueryBuilder().insert().into(PayoutEntity).values(payout('a') as QueryDeepPartialEntity<PayoutEntity>).updateEntity(false).execute();
    await payouts.insert(source.manager, [payout('b')]);
    const [a, b] = [await raw('a'), await raw('b')];
    expect({ ...b, id: 'a', merchant_reference: 'ref-a', trade_no: 'Ta' }).toEqual(a);
  });

  it('updates the same stored values as UpdateQueryBuilder, skipping undefined and matching every given column', async () => {
    const set = { status: PayoutStatus.PROCESSING, fee: undefined, attention: false, nextPollAt: new Date('2026-11-21T00:00:00.001Z'), lastError: null, version: 2 };
    await source.createQueryBuilder().update(PayoutEntity).set(set).where('id = :id AND version = :version', { id: 'a', version: 1 }).execute();
    const done = await payouts.update(source.manager, set, { id: 'b', version: 1 });
    const stale = await payouts.update(source.manager, set, { id: 'b', version: 1 });
    expect([done.affected, stale.affected]).toEqual([1, 0]);
    expect({ ...(await raw('b')), id: 'a', merchant_reference: 'ref-a', trade_no: 'Ta' }).toEqual(await raw('a'));
  });

  it('refuses an update with nothing to set, as TypeORM does', async () => {
    await expect(payouts.update(source.manager, { fee: undefined }, { id: 'b' })).rejects.toBeInstanceOf(UpdateValuesMissingError);
  });

  it('loads an entity equal to the one findOneBy loads', async () => {
    const ours = await payouts.findOne(source.manager, 'tradeNo', 'Ta');
    const theirs = await source.getRepository(PayoutEntity).findOneBy({ tradeNo: 'Ta' });
    expect(ours).toBeInstanceOf(PayoutEntity);
    expect(ours).toEqual(theirs);
    expect(await payouts.findOne(source.manager, 'tradeNo', 'nope')).toBeNull();
  });
});
