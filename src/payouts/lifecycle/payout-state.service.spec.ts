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
  let metrics: PayoutMetrics;
  let batches: BatchCompletion;

  beforeAll(async () => {
    const options = process.env.DATABASE_URL
      ? { ...databaseOptions({ DATABASE_URL: process.env.DATABASE_URL }), dropSchema: true, migrationsRun: true }
      : ({ type: 'better-sqlite3', database: ':memory:', entities: PAYOUT_ENTITIES, migrations: PAYOUT_MIGRATIONS, migrationsRun: true } as const);
    source = await new DataSource(options).initialize();
    repo = new PayoutRepository(source);
    metrics = new PayoutMetrics({ channels: [], publicBaseUrl: 'https://host.example' });
    batches = new BatchCompletion(new PayoutBatchRepository(source, repo));
    state = new PayoutStateService(repo, metrics, DEFAULT_POLLING, batches);
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
    expect(result).toMatchObject({ kind: 'ignored', reason: 'callback reported PROCESSING (PROCESSING) while FAILED: not a legal move' });
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

  it.each([PayoutStatus.QUEUED, PayoutStatus.PENDING_APPROVAL])('believes no report about a payout never sent (%s): no gateway can know its trade number', async (status) => {
    const p = await stored(payout(status));
    const result = await state.applyReport(p, report(p, PayoutStatus.CANCELLED, { providerReference: 'GW-FORGED' }), 'callback');
    expect(result).toMatchObject({ kind: 'ignored', reason: `callback reported CANCELLED for a payout that was never sent (${status})` });
    expect(await state.load(p.id)).toMatchObject({ status, version: 1, providerReference: null });
    expect(await events(p)).toEqual([]);
  });

  it('retries on the row as it is now when a callback moved it while this worker held its lease', async () => {
    const p = await stored(payout(PayoutStatus.CREATED, { leaseOwner: 'a', leaseToken: 'token-of-a' }));
    await state.applyReport(p, report(p, PayoutStatus.PROCESSING), 'callback');
    // `p` is stale; the lease is still this worker's, so its answer is applied, not dropped.
    const result = await state.applyReport(p, report(p, PayoutStatus.SUCCEEDED), 'query', {}, 'token-of-a');
    expect(result.kind).toBe('applied');
    expect(await state.load(p.id)).toMatchObject({ status: PayoutStatus.SUCCEEDED, version: 3 });
  });

  it('flags nothing for a worker whose lease was taken over: an amount mismatch or an illegal move it brings back is not written', async () => {
    const taken = { leaseOwner: 'b', leaseToken: 'token-of-b' };
    const mismatch = await stored(payout(PayoutStatus.PROCESSING, taken));
    expect((await state.applyReport(mismatch, report(mismatch, PayoutStatus.SUCCEEDED, { amountMinor: 1 }), 'query', {}, 'token-of-a')).kind).toBe('superseded');
    expect(await state.load(mismatch.id)).toMatchObject({ attention: false, attentionReason: null });
    const illegal = await stored(payout(PayoutStatus.FAILED, taken));
    expect((await state.applyReport(illegal, report(illegal, PayoutStatus.PROCESSING), 'query', { attempts: 7 }, 'token-of-a')).kind).toBe('superseded');
    expect(await state.load(illegal.id)).toMatchObject({ attempts: 1 });
  });

  it('keeps the failure of a cancelled order', async () => {
    const p = await stored(payout(PayoutStatus.PROCESSING));
    await state.applyReport(p, report(p, PayoutStatus.CANCELLED, { failure: { code: 'CANCEL', message: 'cancelled by the bank' } }), 'callback');
    expect(await state.load(p.id)).toMatchObject({ status: PayoutStatus.CANCELLED, failureCode: 'CANCEL', failureMessage: 'cancelled by the bank' });
  });

  it('schedules the next poll of an open payout (or keeps the one its caller set); only a final state completes it', async () => {
    const scheduled = await stored(payout(PayoutStatus.CREATED, { nextPollAt: null }));
    const before = Date.now();
    await state.applyReport(scheduled, report(scheduled, PayoutStatus.PROCESSING), 'submit');
    const row = await state.load(scheduled.id);
    expect(row.completedAt).toBeNull();
    expect(row.nextPollAt!.getTime()).toBeGreaterThanOrEqual(before + DEFAULT_POLLING.schedule[0]);

    const chosen = new Date(Date.now() + 3_600_000);
    const set = await stored(payout(PayoutStatus.CREATED));
    await state.applyReport(set, report(set, PayoutStatus.PROCESSING), 'submit', { nextPollAt: chosen });
    expect((await state.load(set.id)).nextPollAt!.getTime()).toBe(chosen.getTime());
  });

  it('keeps the time a payout succeeded when it is returned later', async () => {
    const paidAt = new Date('2026-11-30T10:00:00.000Z');
    const p = await stored(payout(PayoutStatus.SUCCEEDED, { completedAt: paidAt, nextPollAt: null }));
    await state.applyReport(p, report(p, PayoutStatus.FAILED, { failure: { code: 'R01', message: 'returned' } }), 'callback');
    expect(await state.load(p.id)).toMatchObject({ status: PayoutStatus.REVERSED, completedAt: paidAt });
  });

  it('refuses a decision the state machine forbids: a paid payout cannot be cancelled', async () => {
    const p = await stored(payout(PayoutStatus.SUCCEEDED, { nextPollAt: null }));
    expect(await state.decide(p, PayoutStatus.CANCELLED, { failureCode: 'CANCELLED_BY_OPERATOR' })).toBeNull();
    expect(await state.load(p.id)).toMatchObject({ status: PayoutStatus.SUCCEEDED, version: 1, failureCode: null });
    expect(await events(p)).toEqual([]);
  });

  it('leaves a settled payout out of the poll queue when a late answer for it is dropped', async () => {
    const p = await stored(payout(PayoutStatus.SUCCEEDED, { leaseOwner: 'b', leaseToken: 'token-of-b', nextPollAt: null }));
    expect((await state.applyReport(p, report(p, PayoutStatus.FAILED), 'query', {}, 'token-of-a')).kind).toBe('superseded');
    expect(await state.load(p.id)).toMatchObject({ status: PayoutStatus.SUCCEEDED, nextPollAt: null });
  });

  it('counts a payout settled once, by its final state', async () => {
    // Read as numbers at once: prom-client hands out its live value objects.
    const settled = async (status: PayoutStatus) =>
      (await metrics.registry.getSingleMetric('payouts_settled_total')!.get()).values.find((v) => v.labels.channel === 'fake-idr' && v.labels.status === status)?.value ?? 0;
    const [succeeded, processing] = [await settled(PayoutStatus.SUCCEEDED), await settled(PayoutStatus.PROCESSING)];
    const p = await stored(payout(PayoutStatus.CREATED));
    await state.applyReport(p, report(p, PayoutStatus.PROCESSING), 'submit');
    expect([await settled(PayoutStatus.SUCCEEDED), await settled(PayoutStatus.PROCESSING)]).toEqual([succeeded, processing]);
    await state.applyReport(await state.load(p.id), report(p, PayoutStatus.SUCCEEDED), 'callback');
    expect(await settled(PayoutStatus.SUCCEEDED)).toBe(succeeded + 1);
  });

  it('asks the batch to finish only on its item\'s first final state', async () => {
    const finished = jest.spyOn(batches, 'afterItemSettled').mockResolvedValue(true);
    try {
      const p = await stored(payout(PayoutStatus.PROCESSING));
      const item = { ...p, batchId: 'batch-1' } as PayoutEntity;
      await state.applyReport(item, report(p, PayoutStatus.SUCCEEDED), 'callback');
      expect(finished.mock.calls).toEqual([['batch-1']]);
      await state.applyReport({ ...(await state.load(p.id)), batchId: 'batch-1' } as PayoutEntity, report(p, PayoutStatus.FAILED), 'callback');
      // SUCCEEDED -> REVERSED: final to final, the batch already counted this item.
      expect(finished.mock.calls).toEqual([['batch-1']]);
    } finally {
      finished.mockRestore();
    }
  });
});
