import { Inject, Injectable, Logger } from '@nestjs/common';
import { PayoutNotFoundError } from '../domain/errors';
import { formatMinor } from '../domain/money';
import { canTransition, isFinal, isUnsent, PayoutStatus } from '../domain/payout-status';
import { nextPollAt } from '../domain/poll-schedule';
import { clip } from '../domain/text';
import { AuditEntry } from '../approvals/audit-entry';
import { PayoutStatusChangedEvent } from '../events/payout-events';
import { PayoutMetrics } from '../observability/payout-metrics';
import { PAYOUTS_POLLING } from '../payouts.constants';
import { PollingOptions } from '../payouts.options';
import { PayoutEntity } from '../persistence/payout.entity';
import { PayoutPatch, PayoutRepository, PendingAttempt } from '../persistence/payout.repository';
import { StatusReport } from '../providers/payout-provider';
import { BatchCompletion } from './batch-completion.service';

/** Where a status report came from, for the record and the events. */
export type ReportSource = 'submit' | 'query' | 'callback';

/**
 * What a caller writes with a report besides the report itself: a patch, or a patch chosen by the
 * status the payout has after the write and the row as last read (the poller's bookkeeping
 * differs for a final state, and flags an overdue payout only once).
 */
export type ReportExtra = PayoutPatch | ((status: PayoutStatus, row: PayoutEntity) => PayoutPatch);

export type ApplyResult =
  | { kind: 'applied'; payout: PayoutEntity }
  | { kind: 'unchanged'; payout: PayoutEntity }
  | { kind: 'ignored'; payout: PayoutEntity; reason: string }
  | { kind: 'amount_mismatch'; payout: PayoutEntity; reason: string }
  /** The lease was taken over during the gateway call: nothing written, the payout as it is now. */
  | { kind: 'superseded'; payout: PayoutEntity };

const MAX_VERSION_RETRIES = 8;

/**
 * The one writer of a payout's state: every status change goes through the state machine here,
 * with a version check, and writes its outbox event in the same transaction. Bookkeeping without
 * a status change (attempts, errors, next poll) is written here too, fenced by the caller's lease
 * when it has one: a worker whose lease was taken over writes nothing.
 */
@Injectable()
export class PayoutStateService {
  private readonly logger = new Logger('Payouts');

  constructor(
    private readonly repo: PayoutRepository,
    private readonly metrics: PayoutMetrics,
    @Inject(PAYOUTS_POLLING) private readonly polling: PollingOptions,
    private readonly batches: BatchCompletion,
  ) {}

  /** Loads a payout, or throws PayoutNotFoundError. */
  async load(id: string): Promise<PayoutEntity> {
    const payout = await this.repo.findById(id);
    if (!payout) throw new PayoutNotFoundError(id);
    return payout;
  }

  /**
   * Applies a gateway's report through the state machine, retrying on concurrent writers.
   * Illegal moves (a late PROCESSING after SUCCEEDED) are ignored; a change after SUCCEEDED is a
   * late return and becomes REVERSED; an amount that differs is not applied but flagged.
   * With `fence`, the answer is only written while that lease still holds the payout. `attempt`,
   * the exchange that brought the report, goes into the commit of the first write made; the
   * caller settles it (PayoutRepository.settleAttempt) for when none was. `extra` is written in
   * the same statement, whatever the outcome; its `nextPollAt`, when set, replaces the module's.
   */
  async applyReport(payout: PayoutEntity, report: StatusReport, source: ReportSource, extra: ReportExtra = {}, fence?: string, attempt?: PendingAttempt): Promise<ApplyResult> {
    const extraAt = typeof extra === 'function' ? extra : () => extra;
    let current = payout;
    for (let i = 0; i < MAX_VERSION_RETRIES; i++) {
      if (isUnsent(current.status)) {
        // Nothing was sent: no gateway can know this trade number, whatever it says.
        return { kind: 'ignored', payout: current, reason: `${source} reported ${report.rawStatus} for a payout that was never sent (${current.status})` };
      }
      const superseded = async (): Promise<ApplyResult | undefined> => {
        if (fence === undefined) return undefined;
        const now = await this.load(current.id);
        return now.leaseToken === fence ? undefined : this.superseded(now, source);
      };
      if (report.amountMinor !== undefined && report.amountMinor !== current.amount) {
        const reason = `${source} reported ${formatMinor(report.amountMinor, current.currency)} ${current.currency}, expected ${formatMinor(current.amount, current.currency)}`;
        const added = extraAt(current.status, current);
        // Polled again at once (to confirm by query), unless the caller schedules the next poll itself.
        const patch: PayoutPatch = { ...added, attention: true, attentionReason: clip(reason, 255), nextPollAt: added.nextPollAt ?? new Date() };
        if (!(await this.repo.touch(current.id, patch, fence, undefined, attempt))) return (await superseded()) ?? { kind: 'amount_mismatch', payout: current, reason };
        this.logger.warn({ msg: 'amount mismatch: report not applied, payout flagged', payoutId: current.id, channel: current.channel, reason });
        return { kind: 'amount_mismatch', payout: { ...current, ...patch }, reason };
      }
      let target: PayoutStatus = report.status;
      if (current.status === PayoutStatus.SUCCEEDED && target !== PayoutStatus.SUCCEEDED && target !== PayoutStatus.PROCESSING) {
        // Any definite change after a success is a late return (Cashy PAYMENT_OFFSET, a Paypro status change).
        target = PayoutStatus.REVERSED;
      }
      const known = knownDetails(current, report);
      if (current.status === target || !canTransition(current.status, target)) {
        const patch: PayoutPatch = { ...extraAt(current.status, current), ...known };
        if (Object.keys(patch).length && !(await this.repo.touch(current.id, patch, fence, undefined, attempt))) {
          const lost = await superseded();
          if (lost) return lost;
        }
        const updated = { ...current, ...patch };
        if (current.status === target) return { kind: 'unchanged', payout: updated };
        const reason = `${source} reported ${report.rawStatus} (${target}) while ${current.status}: not a legal move`;
        this.logger.log({ msg: 'report ignored: not a legal move', payoutId: current.id, channel: current.channel, reason });
        return { kind: 'ignored', payout: updated, reason };
      }
      const added = extraAt(target, current);
      const patch: PayoutPatch & { status: PayoutStatus } = { ...added, ...known, status: target };
      if (target === PayoutStatus.FAILED || target === PayoutStatus.CANCELLED || target === PayoutStatus.REVERSED) {
        patch.failureCode = clip(report.failure?.code ?? report.rawStatus, 64);
        patch.failureMessage = report.failure?.message ? clip(report.failure.message, 255) : null;
      }
      if (isFinal(target)) {
        // Final states leave the poll queue; a late return after success arrives by callback or refresh.
        if (target !== PayoutStatus.REVERSED) patch.completedAt = report.completedAt ?? new Date();
        patch.nextPollAt = null;
      } else if (added.nextPollAt === undefined) {
        patch.nextPollAt = nextPollAt(this.polling, added.attempts ?? current.attempts);
      }
      const moved = await this.moveTo(current, patch, fence, undefined, attempt);
      if (moved) return { kind: 'applied', payout: moved };
      const lost = await superseded();
      if (lost) return lost;
      current = await this.load(current.id);
    }
    throw new Error(`Payout ${payout.id}: too many concurrent updates`);
  }

  /**
   * The module's own verdict on a send (a refusal, an unknown outcome): moves to `target` with
   * `change` if the state machine allows it; `always` (bookkeeping) is written either way, and
   * `attempt` (the exchange that led to the verdict) in the same commit; the caller settles it.
   */
  async moveOrNote(payout: PayoutEntity, target: PayoutStatus, change: PayoutPatch, always: PayoutPatch, fence: string, attempt?: PendingAttempt): Promise<PayoutEntity> {
    let current = payout;
    for (let i = 0; i < MAX_VERSION_RETRIES; i++) {
      if (current.status === target || !canTransition(current.status, target)) {
        // A payout settled meanwhile (a callback) leaves the poll queue for good.
        const patch: PayoutPatch = isFinal(current.status) ? { ...always, nextPollAt: undefined } : always;
        if (!(await this.repo.touch(current.id, patch, fence, undefined, attempt))) return (await this.superseded(await this.load(current.id), 'submit')).payout;
        return { ...current, ...definedFields(patch) };
      }
      const moved = await this.moveTo(current, { ...always, ...change, status: target }, fence, undefined, attempt);
      if (moved) return moved;
      const now = await this.load(current.id);
      if (now.leaseToken !== fence) return (await this.superseded(now, 'submit')).payout;
      current = now;
    }
    throw new Error(`Payout ${payout.id}: too many concurrent updates`);
  }

  /**
   * Bookkeeping without a status change. With `fence`, written only while that lease holds the
   * payout; false when it no longer does.
   */
  note(id: string, patch: PayoutPatch, fence?: string, audit?: AuditEntry): Promise<boolean> {
    return this.repo.touch(id, patch, fence, audit);
  }

  /**
   * A person's decision (approve, reject, cancel, an approval's expiry): moves `payout` to
   * `target` if it is still as read and the state machine allows it, with its audit line (when
   * the decision has none of its own) in the same transaction. Null when it changed meanwhile: the caller reloads and decides again.
   */
  async decide(payout: PayoutEntity, target: PayoutStatus, patch: PayoutPatch, audit?: AuditEntry, fence?: string): Promise<PayoutEntity | null> {
    if (!canTransition(payout.status, target)) return null;
    return this.moveTo(payout, { ...patch, status: target }, fence, audit);
  }

  /**
   * Another worker took the payout over while this one waited for the gateway (its lease lapsed):
   * the answer is not written (the attempt is recorded) and the payout is asked about again.
   */
  async superseded(current: PayoutEntity, source: ReportSource): Promise<ApplyResult & { kind: 'superseded' }> {
    this.logger.warn({ msg: 'lease lost during a gateway call: answer not applied', payoutId: current.id, channel: current.channel, source });
    if (!isFinal(current.status)) await this.repo.touch(current.id, { nextPollAt: new Date() });
    return { kind: 'superseded', payout: current };
  }

  private async moveTo(current: PayoutEntity, patch: PayoutPatch & { status: PayoutStatus }, fence?: string, audit?: AuditEntry, attempt?: PendingAttempt): Promise<PayoutEntity | null> {
    const version = current.version + 1;
    const next: PayoutEntity = { ...current, ...patch, version, updatedAt: new Date() };
    const event: PayoutStatusChangedEvent = {
      eventId: `${current.id}:${version}`,
      payoutId: current.id,
      merchantReference: current.merchantReference,
      channel: current.channel,
      tradeNo: current.tradeNo,
      from: current.status,
      to: patch.status,
      amount: formatMinor(current.amount, current.currency),
      currency: current.currency,
      failure: next.failureCode ? { code: next.failureCode, message: next.failureMessage } : null,
      occurredAt: next.updatedAt.toISOString(),
    };
    if (!(await this.repo.applyChange(current.id, current.version, patch, [event], fence, audit, attempt))) return null;
    if (isFinal(patch.status)) this.metrics.payoutSettled(current.channel, patch.status);
    this.logger.log({ msg: 'payout status changed', payoutId: current.id, channel: current.channel, from: current.status, to: patch.status });
    // Only a batch item's first final state can finish its batch: one indexed probe, nothing for single payouts.
    if (current.batchId && isFinal(patch.status) && !isFinal(current.status)) await this.batches.afterItemSettled(current.batchId);
    return next;
  }
}

/**
 * Details a report adds without a state change: the gateway's reference, and the fee. A fee
 * seen while the order is still open may be a placeholder (Cashy answers `fee: 0` until paid):
 * a final report's fee replaces it.
 */
function knownDetails(current: PayoutEntity, report: StatusReport): PayoutPatch {
  const patch: PayoutPatch = {};
  if (report.providerReference && !current.providerReference) patch.providerReference = clip(report.providerReference, 64);
  const fee = report.feeMinor;
  if (fee !== undefined && Number.isSafeInteger(fee) && fee >= 0 && fee !== current.fee && (current.fee === null || isFinal(report.status))) {
    patch.fee = fee;
  }
  return patch;
}

/** The fields of `patch` that are set. */
function definedFields(patch: PayoutPatch): PayoutPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as PayoutPatch;
}
