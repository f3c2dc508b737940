import { DataSource } from 'typeorm';
import { databaseOptions } from '../../example/database.config';
import { PayoutStatus } from '../domain/payout-status';
import { PayoutStatusChangedEvent } from '../events/payout-events';
import { PayoutOutboxEntity } from '../events/payout-outbox.entity';
import { PayoutMetrics } from '../observability/payout-metrics';
import { DEFAULT_POLLING } from '../payouts.options';
import { PAYOUT_ENTITIES } from '../persistence/entities';
import { PAYOUT_MIGRATIONS } from '../persistence/migrations';
import { PayoutEntity } from '../persistence/payout.entity';
import { PayoutBatchRepository } from '../persistence/payout-batch.repository';
import { PayoutRepository } from '../persistence/payout.repository';
import { BatchCompletion } from './batch-completion.service';
import { StatusReport } from '../providers/payout-provider';
import { PayoutStateService } from './payout-state.service';

let seq = 0;

/** A payout as the create path stores it, at `status`. */
function payout(status: PayoutStatus, patch: Partial<PayoutEntity> = {}): PayoutEntity {
  const now = new Date();
  const n = ++seq;
  return Object.assign(new PayoutEntity(), {
    id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`, merchantReference: `state-${n}`, requestHash: 'h'.repeat(64),
    channel: 'fake-idr', tradeNo: `PO2612010000000${String(n).padStart(5, '0')}`, providerReference: null, amount: 1_500_000, currency: 'IDR',
    fee: null, beneficiary: { name: 'Budi', accountNumber: '1234567890' }, remark: null, metadata: null, status, failureCode: null,
    failureMessage: null, attention: false, attentionReason: null, attempts: 1, nextPollAt: now, leaseOwner: null, leaseExpiresAt: null,
    leaseToken: null, lastSentAt: null, lastError: null, version: 1, createdAt: now, updatedAt: now, completedAt: null, ...patch,
  });
}

const report = (p: PayoutEntity, status: StatusReport['status'], extra: Partial<StatusReport> = {}): StatusReport => ({
  tradeNo: p.tradeNo, status, rawStatus: status, amountMinor: p.amount, ...extra,
});

/** On SQLite, or on the DATABASE_URL database when the suites run on MySQL/MariaDB. */
describe(PayoutStateService.name, () => {
  let source: DataSource;
  let repo: PayoutRepository;
  let state: PayoutStateService;

  beforeAll(async () => {
    const options = process.env.DATABASE_URL
      ? { ...databaseOptions({ DATABASE_URL: process.env.DATABASE_URL }), dropSchema: true, migrationsRun: true }
      : ({ type: 'better-sqlite3', database: ':memory:', entities: PAYOUT_ENTITIES, migrations: PAYOUT_MIGRATIONS, migrationsRun: true } as const);
    source = await new DataSource(options).initialize();
    repo = new PayoutRepository(source);
    state = new PayoutStateService(repo, new PayoutMetrics({ channels: [], publicBaseUrl: 'https://host.example' }), DEFAULT_POLLING, new BatchCompletion(new PayoutBatchRepository(source, repo)));
  });

  afterAll(() => source.destroy());

  const stored = async (p: PayoutEntity) => {
    await source.getRepository(PayoutEntity).save(p);
    return p;
  };
  // A payout's rows are all status changes.
  const events = async (p: PayoutEntity) =>
    (await source.getRepository(PayoutOutboxEntity).find({ where: { payoutId: p.id }, order: { sequence: 'ASC' } })).map((e) => ({ ...e, payload: e.payload as PayoutStatusChangedEvent }));

  it('moves a payout by a legal report, bumps its version and writes its event in the same change', async () => {
    const p = await stored(payout(PayoutStatus.PROCESSING));
    const result = await state.applyReport(p, report(p, PayoutStatus.SUCCEEDED, { feeMinor: 2_500, providerReference: 'GW-1' }), 'query');
    expect(result.kind).toBe('applied');
    const row = await state.load(p.id);
    expect(row).toMatchObject({ status: PayoutStatus.SUCCEEDED, version: 2, fee: 2_500, providerReference: 'GW-1', nextPollAt: null });
    expect(row.completedAt).toBeInstanceOf(Date);
    const written = await events(p);
    expect(written.map((e) => [e.eventId, e.toStatus, e.payload.from, e.payload.to, e.payload.amount])).toEqual([
      [`${p.id}:2`, PayoutStatus.SUCCEEDED, PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED, '15000.00'],
    ]);
  });

  it('ignores a move the state machine forbids: no version, no event', async () => {
    const p = await stored(payout(PayoutStatus.FAILED));
    const result = await state.applyReport(p, report(p, PayoutStatus.PROCESSING), 'callback');
    expect(result.kind).toBe('ignored');
    expect(await state.load(p.id)).toMatchObject({ status: PayoutStatus.FAILED, version: 1 });
    expect(await events(p)).toEqual([]);
  });

  it('turns any definite bad news after a success into REVERSED, with the gateway failure kept', async () => {
    const p = await stored(payout(PayoutStatus.SUCCEEDED));
    await state.applyReport(p, report(p, PayoutStatus.FAILED, { failure: { code: 'R01', message: 'returned by the bank' } }), 'callback');
    expect(await state.load(p.id)).toMatchObject({ status: PayoutStatus.REVERSED, failureCode: 'R01', failureMessage: 'returned by the bank' });
  });

  it('never applies a report for another amount: the payout is flagged and polled now', async () => {
    const p = await stored(payout(PayoutStatus.PROCESSING));
    const result = await state.applyReport(p, report(p, PayoutStatus.SUCCEEDED, { amountMinor: p.amount + 100 }), 'callback');
    expect(result.kind).toBe('amount_mismatch');
    const row = await state.load(p.id);
    expect(row).toMatchObject({ status: PayoutStatus.PROCESSING, version: 1, attention: true });
    expect(row.attentionReason).toBe('callback reported 15001.00 IDR, expected 15000.00');
    expect(await events(p)).toEqual([]);
  });

  it('writes nothing for a worker whose lease was taken over (fenced): the payout is re-polled instead', async () => {
    const p = await stored(payout(PayoutStatus.PROCESSING, { leaseOwner: 'b', leaseToken: 'token-of-b', nextPollAt: new Date(Date.now() + 3_600_000) }));
    const result = await state.applyReport(p, report(p, PayoutStatus.SUCCEEDED), 'query', { attempts: 9 }, 'token-of-a');
    expect(result.kind).toBe('superseded');
    const row = await state.load(p.id);
    expect(row).toMatchObject({ status: PayoutStatus.PROCESSING, version: 1, attempts: 1, leaseToken: 'token-of-b' });
    expect(row.nextPollAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await events(p)).toEqual([]);
  });

  it('applies a report to the row as it is now when another writer moved it since it was read', async () => {
    const p = await stored(payout(PayoutStatus.CREATED));
    await state.applyReport(p, report(p, PayoutStatus.PROCESSING), 'callback');
    // `p` is stale (CREATED, version 1); the row is PROCESSING at version 2.
    const result = await state.applyReport(p, report(p, PayoutStatus.SUCCEEDED), 'query');
    expect(result.kind).toBe('applied');
    expect((await events(p)).map((e) => [e.payload.from, e.payload.to])).toEqual([
      [PayoutStatus.CREATED, PayoutStatus.PROCESSING],
      [PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED],
    ]);
  });

  it('answers a repeated report as unchanged without a write', async () => {
    const p = await stored(payout(PayoutStatus.PROCESSING, { providerReference: 'GW-2' }));
    const result = await state.applyReport(p, report(p, PayoutStatus.PROCESSING, { providerReference: 'GW-2' }), 'callback');
    expect(result.kind).toBe('unchanged');
    expect((await state.load(p.id)).updatedAt.getTime()).toBe(p.updatedAt.getTime());
  });

  it('keeps bookkeeping but not its own verdict on a payout that settled meanwhile', async () => {
    const p = await stored(payout(PayoutStatus.SUCCEEDED, { leaseToken: 'mine', nextPollAt: null }));
    const after = await state.moveOrNote(p, PayoutStatus.UNKNOWN, {}, { attempts: 2, lastError: 'outcome unknown: timeout', nextPollAt: new Date() }, 'mine');
    expect(after.status).toBe(PayoutStatus.SUCCEEDED);
    // A settled payout leaves the poll queue for good.
    expect(await state.load(p.id)).toMatchObject({ status: PayoutStatus.SUCCEEDED, version: 1, attempts: 2, nextPollAt: null });
    expect(await events(p)).toEqual([]);
  });
});
