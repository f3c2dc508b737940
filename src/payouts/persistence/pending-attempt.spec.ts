import { DataSource } from 'typeorm';
import { databaseOptions } from '../../example/database.config';
import { PayoutStatus } from '../domain/payout-status';
import { PAYOUT_ENTITIES } from './entities';
import { PAYOUT_MIGRATIONS } from './migrations';
import { PayoutEntity } from './payout.entity';
import { AttemptRow, PayoutRepository, PendingAttempt } from './payout.repository';

function payout(id: string): PayoutEntity {
  const at = new Date('2026-11-20T10:11:12.345Z');
  return Object.assign(new PayoutEntity(), {
    id, merchantReference: `ref-${id}`, requestHash: 'h'.repeat(64), channel: 'fake-idr', tradeNo: `T${id}`, providerReference: null,
    amount: 15_000_000, currency: 'IDR', fee: null, beneficiary: { name: 'Budi', accountNumber: '1234567890' }, remark: null,
    metadata: null, status: PayoutStatus.PROCESSING, failureCode: null, failureMessage: null, attention: false, attentionReason: null,
    attempts: 0, nextPollAt: at, leaseOwner: 'me', leaseToken: 'lease-1', leaseExpiresAt: null, lastError: null, version: 1, createdAt: at, updatedAt: at, completedAt: null,
  });
}

const row = (payoutId: string): AttemptRow => ({
  payoutId, operation: 'query', outcome: 'found', httpStatus: 200, durationMs: 12, request: { tradeNo: `T${payoutId}` }, response: { code: '0000' }, error: null,
});

/** On SQLite, or on the DATABASE_URL database when the suites run on MySQL/MariaDB. */
describe('an exchange is on record exactly once, in the commit of the state write it led to', () => {
  let source: DataSource;
  let repo: PayoutRepository;

  beforeAll(async () => {
    const options = process.env.DATABASE_URL
      ? { ...databaseOptions({ DATABASE_URL: process.env.DATABASE_URL }), dropSchema: true }
      : ({ type: 'better-sqlite3', database: ':memory:', entities: PAYOUT_ENTITIES, migrations: PAYOUT_MIGRATIONS, migrationsRun: true } as const);
    source = await new DataSource(options).initialize();
    repo = new PayoutRepository(source);
  });

  afterAll(() => source.destroy());

  const attempts = async (id: string) => Number((await source.query('SELECT COUNT(*) AS n FROM payout_attempts WHERE payout_id = ?', [id]))[0].n);

  it('writes the attempt with a transition, once, and not again when settled after', async () => {
    await repo.insertWaiting(payout('p1'));
    const attempt = new PendingAttempt(row('p1'));
    expect(await repo.applyChange('p1', 1, { status: PayoutStatus.SUCCEEDED }, [], 'lease-1', undefined, attempt)).toBe(true);
    expect(attempt.written).toBe(true);
    await repo.settleAttempt(attempt);
    expect(await attempts('p1')).toBe(1);
  });

  it('writes nothing with a transition another writer beat (stale version), and the attempt alone once settled', async () => {
    await repo.insertWaiting(payout('p2'));
    const attempt = new PendingAttempt(row('p2'));
    expect(await repo.applyChange('p2', 7, { status: PayoutStatus.SUCCEEDED }, [], 'lease-1', undefined, attempt)).toBe(false);
    expect([attempt.written, await attempts('p2')]).toEqual([false, 0]);
    await repo.settleAttempt(attempt);
    expect([attempt.written, await attempts('p2')]).toEqual([true, 1]);
  });

  it('writes nothing with bookkeeping whose lease was taken over; settled, the attempt is kept', async () => {
    await repo.insertWaiting(payout('p3'));
    const attempt = new PendingAttempt(row('p3'));
    expect(await repo.touch('p3', { lastError: 'x' }, 'another-lease', undefined, attempt)).toBe(false);
    expect(await attempts('p3')).toBe(0);
    await repo.settleAttempt(attempt);
    expect(await attempts('p3')).toBe(1);
  });

  it('writes the attempt with fenced bookkeeping that holds', async () => {
    await repo.insertWaiting(payout('p4'));
    const attempt = new PendingAttempt(row('p4'));
    expect(await repo.touch('p4', { lastError: 'x' }, 'lease-1', undefined, attempt)).toBe(true);
    expect([attempt.written, await attempts('p4')]).toEqual([true, 1]);
  });
});
