import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { PayoutStatus } from '../domain/payout-status';
import { nextPollAt } from '../domain/poll-schedule';
import { clip } from '../domain/text';
import { PAYOUTS_POLLING } from '../payouts.constants';
import { PAYOUTS_MODULE_OPTIONS } from '../payouts.module-definition';
import { PayoutsModuleOptions, PollingOptions } from '../payouts.options';
import { PayoutEntity } from '../persistence/payout.entity';
import { FundsGate, HOLD_INSUFFICIENT_FUNDS } from '../funds/funds-gate.service';
import { PayoutMetrics } from '../observability/payout-metrics';
import { AttemptRow, Lease, LEASE_RELEASED, PayoutPatch, PayoutRepository, PendingAttempt } from '../persistence/payout.repository';
import { ExchangeRecord } from '../providers/payout-provider';
import { PayoutProviderRegistry } from '../providers/provider-registry';
import { PayoutStateService } from './payout-state.service';

/** What a definite refusal of a send means for the payout. */
type OnRefused = (payout: PayoutEntity, refusal: { code: string; message: string }, bookkeeping: PayoutPatch, fence: string, attempt: PendingAttempt) => Promise<PayoutEntity>;

/**
 * Puts a payout's order to its gateway, always under the payout's own trade number, and writes
 * the outcome through the state service. `send` is a first send: no earlier one can have reached
 * the gateway, so a definite refusal fails the payout. `resend` may follow an order the gateway
 * placed: a refusal then may be the gateway refusing a duplicate, so it is never a failure.
 */
@Injectable()
export class PayoutSender {
  /** Names this instance in leases. */
  readonly instanceId: string;

  constructor(
    private readonly repo: PayoutRepository,
    private readonly registry: PayoutProviderRegistry,
    private readonly state: PayoutStateService,
    private readonly funds: FundsGate,
    private readonly metrics: PayoutMetrics,
    @Inject(PAYOUTS_POLLING) private readonly polling: PollingOptions,
    @Inject(PAYOUTS_MODULE_OPTIONS) options: PayoutsModuleOptions,
  ) {
    this.instanceId = (options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`).slice(0, 64);
  }

  /** A lease for one unit of work by this instance. */
  newLease(): Lease {
    return { owner: this.instanceId, token: randomUUID() };
  }

  /** A first send. `release` goes into the same write as the answer (the create path gives its lease back). */
  send(payout: PayoutEntity, lease: Lease, release: PayoutPatch = {}): Promise<PayoutEntity> {
    return this.submit(payout, lease, release, this.failRefused);
  }

  /** A send that may follow an order the gateway placed. */
  resend(payout: PayoutEntity, lease: Lease): Promise<PayoutEntity> {
    return this.submit(payout, lease, {}, this.flagRefusedResend);
  }

  /**
   * Sends once the payout's send slot is free: the lease renewed, the send stamped on the
   * database's clock, the payout unchanged since it was read and its last send at least `waitMs`
   * old. 'waiting' when the slot is not free yet; 'superseded' when another worker holds it.
   */
  async sendWhenFree(payout: PayoutEntity, lease: Lease, waitMs: number): Promise<PayoutEntity | 'waiting' | 'superseded'> {
    if (!(await this.repo.takeLease(payout.id, lease, this.polling.leaseMs, { version: payout.version, waitMs }))) {
      const now = await this.repo.findById(payout.id);
      return now?.leaseToken === lease.token ? 'waiting' : 'superseded';
    }
    if (payout.lastSentAt !== null) return this.resend(payout, lease);
    // A first send reserves its amount against the channel's balance unless that was done when it
    // was created or released; the reservation is stored with the send's answer.
    if (payout.fundsReserved) return this.send(payout, lease);
    const funds = await this.funds.reserve(payout.channel, payout.amount);
    if (funds === 'short') return this.queueShort(payout, lease);
    return this.send(payout, lease, funds === 'reserved' ? { fundsReserved: true } : {});
  }

  /** A first send the channel's known balance cannot cover: it waits for funds, unsent. */
  private async queueShort(payout: PayoutEntity, lease: Lease): Promise<PayoutEntity> {
    const queued = await this.state.decide(payout, PayoutStatus.QUEUED, {
      holdReason: HOLD_INSUFFICIENT_FUNDS,
      lastSentAt: null,
      nextPollAt: new Date(Date.now() + this.funds.options.queueExpiresAfterMs),
      ...LEASE_RELEASED,
    }, undefined, lease.token);
    if (!queued) return this.state.load(payout.id);
    await this.funds.queueOpened(payout.channel);
    this.metrics.payoutQueued(payout.channel, 'insufficient_funds');
    return queued;
  }

  /** One exchange with the gateway (masked by the provider), as the attempts log stores it. */
  attemptOf(payoutId: string, outcome: string, exchange: ExchangeRecord, error?: string): AttemptRow {
    return {
      payoutId,
      operation: exchange.operation,
      outcome,
      httpStatus: exchange.httpStatus ?? null,
      durationMs: Math.round(exchange.durationMs),
      request: exchange.request ?? null,
      response: exchange.response ?? null,
      error: error ? clip(error) : null,
    };
  }

  private async submit(payout: PayoutEntity, lease: Lease, release: PayoutPatch, onRefused: OnRefused): Promise<PayoutEntity> {
    const outcome = await this.registry.get(payout.channel).submit({
      tradeNo: payout.tradeNo,
      amountMinor: payout.amount,
      currency: payout.currency,
      beneficiary: payout.beneficiary,
      remark: payout.remark ?? undefined,
    });
    const attempts = payout.attempts + 1;
    // The exchange's record goes into the commit of the state write it leads to.
    const attempt = new PendingAttempt(this.attemptOf(payout.id, outcome.kind, outcome.exchange, 'reason' in outcome ? outcome.reason : undefined));
    const fence = lease.token;
    try {
      switch (outcome.kind) {
        case 'accepted':
          return (await this.state.applyReport(payout, outcome.report, 'submit', { attempts, lastError: null, ...release }, fence, attempt)).payout;
        case 'refused':
          return await onRefused(payout, outcome, { attempts, ...release }, fence, attempt);
        case 'unknown':
          return await this.state.moveOrNote(payout, PayoutStatus.UNKNOWN, {}, {
            attempts,
            lastError: clip(`outcome unknown: ${outcome.reason}`),
            nextPollAt: nextPollAt(this.polling, attempts),
            ...release,
          }, fence, attempt);
        case 'not_sent': {
          // Definitely not placed: the send stamp goes back to what it was, so the next send is as
          // "first" as this one was; a CREATED payout is sent again by the poller after its grace.
          const patch: PayoutPatch = { attempts, lastError: clip(`not sent: ${outcome.reason}`), lastSentAt: payout.lastSentAt, ...release };
          if (!(await this.state.note(payout.id, patch, fence))) return (await this.state.superseded(await this.state.load(payout.id), 'submit')).payout;
          return { ...payout, ...patch };
        }
      }
    } finally {
      // Whatever path wrote no state (or failed to), the exchange is still on record.
      await this.repo.settleAttempt(attempt);
    }
  }

  private readonly failRefused: OnRefused = async (payout, refusal, bookkeeping, fence, attempt) => {
    if (this.funds.refusedForFunds(payout.channel, refusal.code)) return this.queueRefused(payout, refusal, bookkeeping, fence, attempt);
    // Refused before anything was placed: the money it had reserved is free again.
    if (payout.fundsReserved || bookkeeping.fundsReserved) await this.funds.unreserve(payout.channel, payout.amount);
    return this.state.moveOrNote(payout, PayoutStatus.FAILED, {
      failureCode: clip(refusal.code, 64),
      failureMessage: clip(refusal.message, 255),
      completedAt: new Date(),
      nextPollAt: null,
    }, { ...bookkeeping, lastError: null }, fence, attempt);
  };

  /**
   * A first send the gateway definitely refused for want of balance placed nothing: the payout
   * waits for funds (never sent, so its next send is a first send again) and so does every later
   * one on the channel until a balance read shows money.
   */
  private async queueRefused(payout: PayoutEntity, refusal: { code: string; message: string }, bookkeeping: PayoutPatch, fence: string, attempt: PendingAttempt): Promise<PayoutEntity> {
    await this.funds.refused(payout.channel);
    const queued = await this.state.moveOrNote(payout, PayoutStatus.QUEUED, {
      holdReason: HOLD_INSUFFICIENT_FUNDS,
      fundsReserved: false,
      nextPollAt: new Date(Date.now() + this.funds.options.queueExpiresAfterMs),
    }, { ...bookkeeping, lastSentAt: payout.lastSentAt, lastError: clip(`refused for funds (${refusal.code}: ${refusal.message}); waiting for funds`) }, fence, attempt);
    if (queued.status === PayoutStatus.QUEUED) this.metrics.payoutQueued(payout.channel, 'refused_for_funds');
    return queued;
  }

  private readonly flagRefusedResend: OnRefused = (payout, refusal, bookkeeping, fence, attempt) => {
    const refused = `resend refused (${refusal.code}: ${refusal.message})`;
    return this.state.moveOrNote(payout, PayoutStatus.UNKNOWN, {}, {
      lastError: clip(`${refused}; an earlier send may have been placed`),
      // The gateway denies an order its queries did not show: someone should look.
      attention: true,
      attentionReason: clip(`${refused}: an earlier send may have been placed; the payout is queried, never failed`, 255),
      nextPollAt: nextPollAt(this.polling, bookkeeping.attempts ?? payout.attempts + 1),
      ...bookkeeping,
    }, fence, attempt);
  };
}
