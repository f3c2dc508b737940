import { Inject, Injectable } from '@nestjs/common';
import { describeError } from '../domain/masking';
import { isFinal, isUnsent, PayoutStatus } from '../domain/payout-status';
import { nextPollAt, overdueFlag } from '../domain/poll-schedule';
import { clip } from '../domain/text';
import { PAYOUTS_POLLING } from '../payouts.constants';
import { PollingOptions } from '../payouts.options';
import { PayoutEntity } from '../persistence/payout.entity';
import { Lease, LEASE_RELEASED, PayoutPatch, PayoutRepository, PendingAttempt } from '../persistence/payout.repository';
import { PayoutProviderRegistry } from '../providers/provider-registry';
import { PayoutSender } from './payout-sender.service';
import { PayoutStateService } from './payout-state.service';

/** Time a lease must still have left after the longest call: slack for the writes around it. */
const LEASE_MARGIN_MS = 1_000;

/** Whether a payout the gateway does not report may be sent again. */
type Resubmission = 'resubmit' | 'query_only';

/**
 * Brings payouts closer to the gateway's truth: the poller's unit of work (`reconcile`), an
 * operator's refresh, and the check that confirms bad news before it is believed.
 */
@Injectable()
export class PayoutReconciler {
  constructor(
    private readonly repo: PayoutRepository,
    private readonly registry: PayoutProviderRegistry,
    private readonly state: PayoutStateService,
    private readonly sender: PayoutSender,
    @Inject(PAYOUTS_POLLING) private readonly polling: PollingOptions,
  ) {}

  /**
   * One payout under `lease`. A payout never sent is sent. Otherwise the gateway is asked first; a
   * CREATED payout it does not report, and an UNKNOWN one it definitely does not know, are sent
   * again under the SAME trade number, never a new one, once their grace since the last send passed.
   */
  reconcile(payout: PayoutEntity, lease: Lease, now: Date = new Date()): Promise<PayoutEntity> {
    return this.work(payout, lease, now, 'resubmit');
  }

  /**
   * Reconcile without resubmission: asks the gateway now and applies its answer. When another
   * worker holds the payout right now, answers its current state: that worker is asking already.
   */
  async refresh(payout: PayoutEntity): Promise<PayoutEntity> {
    return (await this.underOwnLease(payout, (lease) => this.work(payout, lease, new Date(), 'query_only'))) ?? payout;
  }

  /**
   * Bad news from a callback (FAILED, CANCELLED, REVERSED) is only believed once a status query
   * by trade number says the same: a relay can shift the fields of a Paypro signature, and a
   * gateway can send a callback its own ledger contradicts. The query's answer is applied, whatever
   * it says; when it cannot be made, nothing final is applied and the payout is polled at once.
   */
  async confirmByQuery(payout: PayoutEntity): Promise<PayoutEntity> {
    const now = new Date();
    const current = (await this.underOwnLease(payout, (lease) => this.work(payout, lease, now, 'query_only'))) ?? payout;
    if (isFinal(current.status)) return current;
    await this.state.note(payout.id, { nextPollAt: now });
    return { ...current, nextPollAt: now };
  }

  /** A reconcile that threw (a bug, the database): the row keeps the error and is polled again later. */
  async recordFailure(payout: PayoutEntity, lease: Lease, now: Date, error: unknown): Promise<void> {
    const attempts = payout.attempts + 1;
    const patch: PayoutPatch = {
      lastError: clip(`reconcile failed: ${describeError(error)}`),
      nextPollAt: nextPollAt(this.polling, attempts, now),
      attempts,
      ...overdueFlag(payout, this.polling, now),
    };
    await this.state.note(payout.id, patch, lease.token);
  }

  private async work(payout: PayoutEntity, lease: Lease, now: Date, resubmission: Resubmission): Promise<PayoutEntity> {
    // Never sent, so there is nothing to ask a gateway about; approvers or funds decide what comes next.
    if (isUnsent(payout.status)) return payout;
    const resend = resubmission === 'resubmit';
    let current: PayoutEntity = payout;
    let lastError: string | null = null;
    if (resend && payout.status === PayoutStatus.CREATED && payout.lastSentAt === null) {
      // Nothing that may have reached the gateway was ever sent: no order can exist to ask about.
      const sent = await this.sender.sendWhenFree(payout, lease, 0);
      if (sent === 'superseded') return payout;
      current = sent === 'waiting' ? payout : sent;
      lastError = sent === 'waiting' ? 'not sent: the payout changed before its send' : current.lastError;
    } else {
      if (!this.leaseOutlastsCall(lease, payout.channel) && !(await this.repo.takeLease(payout.id, lease, this.polling.leaseMs))) return payout;
      const query = await this.registry.get(payout.channel).query(payout.tradeNo, payout.providerReference ?? undefined);
      const attempt = new PendingAttempt(this.sender.attemptOf(payout.id, query.kind, query.exchange, query.kind === 'unknown' ? query.reason : undefined));
      current = { ...payout, attempts: payout.attempts + 1 };
      if (query.kind === 'found') {
        // One commit: the query's record, the report, the bookkeeping for the state it leads to,
        // and the lease given back (the poller then has nothing left to release).
        const { attempts } = current;
        const bookkeeping = (status: PayoutStatus, row: PayoutEntity): PayoutPatch => ({ ...this.bookkeeping({ ...row, attempts, status }, null, now), ...LEASE_RELEASED });
        const applied = await this.state
          .applyReport(current, query.report, 'query', bookkeeping, lease.token, attempt)
          .finally(() => this.repo.settleAttempt(attempt));
        return applied.payout;
      }
      // Any other answer is recorded now; what it leads to is written below.
      await this.repo.settleAttempt(attempt);
      if (resend && (payout.status === PayoutStatus.CREATED || (payout.status === PayoutStatus.UNKNOWN && query.kind === 'not_found'))) {
        const waitMs = payout.status === PayoutStatus.CREATED ? this.polling.createdGraceMs : this.polling.unknownGraceMs;
        const sent = await this.sender.sendWhenFree(current, lease, waitMs);
        if (sent === 'superseded') return current;
        if (sent === 'waiting') {
          lastError = query.kind === 'not_found' ? 'the gateway does not know this order yet' : `query failed: ${query.reason}`;
        } else {
          current = sent;
          lastError = sent.lastError;
        }
      } else if (query.kind === 'not_found') {
        lastError = payout.status === PayoutStatus.PROCESSING ? 'the gateway does not know an order it accepted' : 'the gateway does not know this order';
      } else {
        lastError = `query failed: ${query.reason}`;
      }
    }
    const patch = this.bookkeeping(current, lastError, now);
    // A settled payout usually has all of this written already by its transition: no statement then.
    const changes = changedFields(patch, current);
    if (Object.keys(changes).length && !(await this.state.note(payout.id, changes, lease.token))) return current;
    return { ...current, ...patch };
  }

  /** What a poll leaves on a payout in `current`'s state: attempts, error, next poll, overdue flag. */
  private bookkeeping(current: PayoutEntity, lastError: string | null, now: Date): PayoutPatch {
    return {
      attempts: current.attempts,
      lastError: lastError ? clip(lastError) : null,
      nextPollAt: isFinal(current.status) ? null : nextPollAt(this.polling, current.attempts, now),
      ...overdueFlag(current, this.polling, now),
    };
  }

  /**
   * Whether the batch's claim still covers the longest call this channel can make, with a
   * margin: then the lease needs no renewal (one commit fewer per payout). Counted on this
   * process's monotonic clock from before the claim was sent, so no clock skew shortens it.
   */
  private leaseOutlastsCall(lease: Lease, channel: string): boolean {
    if (lease.heldUntil === undefined) return false;
    return lease.heldUntil - performance.now() > this.registry.longestCallMs(channel) + LEASE_MARGIN_MS;
  }

  /** Runs `work` under a lease of its own on `payout`; undefined when another worker holds it. */
  private async underOwnLease<T>(payout: PayoutEntity, work: (lease: Lease) => Promise<T>): Promise<T | undefined> {
    const lease = this.sender.newLease();
    if (!(await this.repo.takeLease(payout.id, lease, this.polling.leaseMs))) return undefined;
    try {
      return await work(lease);
    } finally {
      await this.repo.releaseLease(payout.id, lease);
    }
  }
}

/** The fields of `patch` whose values differ from the row's. */
function changedFields(patch: PayoutPatch, row: PayoutEntity): PayoutPatch {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    const was: unknown = row[key as keyof PayoutEntity];
    const same = value instanceof Date && was instanceof Date ? value.getTime() === was.getTime() : value === was;
    if (!same) changed[key] = value;
  }
  return changed as PayoutPatch;
}
