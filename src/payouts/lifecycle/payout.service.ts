import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CompiledPolicy, requiredApprovals } from '../approvals/approval-policy';
import { ApprovalRepository } from '../approvals/approval.repository';
import { ActionContext, AuditEntry } from '../approvals/audit-entry';
import { PayoutConflictError, PayoutValidationError } from '../domain/errors';
import { PayoutStatus } from '../domain/payout-status';
import { FundsGate, HOLD_INSUFFICIENT_FUNDS } from '../funds/funds-gate.service';
import { PayoutMetrics } from '../observability/payout-metrics';
import { PAYOUT_APPROVAL_POLICIES, PAYOUTS_POLLING } from '../payouts.constants';
import { PollingOptions } from '../payouts.options';
import { PayoutEntity } from '../persistence/payout.entity';
import { LEASE_RELEASED, PayoutRepository } from '../persistence/payout.repository';
import { PayoutProviderRegistry } from '../providers/provider-registry';
import { ListPayoutsQuery, PayoutReader } from '../read/payout-reader.service';
import { PayoutView, toPayoutView } from '../read/payout.view';
import { PayoutReconciler } from './payout-reconciler.service';
import { checkPayoutRequest, CreatePayoutInput, newPayout } from './payout-request';
import { PayoutSender } from './payout-sender.service';

export type { CreatePayoutInput } from './payout-request';

export interface CreatePayoutResult {
  payout: PayoutView;
  /** False when this was an idempotent replay of an earlier request. */
  created: boolean;
}

const DAY_MS = 86_400_000;

/**
 * What a host calls: create a payout (validated, idempotent by merchant reference, stored
 * before it is sent), read payouts, and refresh one from its gateway.
 */
@Injectable()
export class PayoutService {
  private readonly logger = new Logger('Payouts');

  constructor(
    private readonly repo: PayoutRepository,
    private readonly registry: PayoutProviderRegistry,
    private readonly sender: PayoutSender,
    private readonly reconciler: PayoutReconciler,
    private readonly reader: PayoutReader,
    private readonly metrics: PayoutMetrics,
    private readonly approvals: ApprovalRepository,
    private readonly funds: FundsGate,
    @Inject(PAYOUTS_POLLING) private readonly polling: PollingOptions,
    @Inject(PAYOUT_APPROVAL_POLICIES) private readonly policies: Map<string, CompiledPolicy>,
  ) {}

  /**
   * `by`: who asks (the REST API passes its caller), for the audit trail and the approval rule
   * that a creator never approves their own payout.
   */
  async create(input: CreatePayoutInput, by?: ActionContext): Promise<CreatePayoutResult> {
    const checked = checkPayoutRequest(this.registry, input);
    if (checked.problems) throw new PayoutValidationError(checked.problems);
    const amountMinor = checked.amountMinor;
    const now = new Date();
    // If it is still CREATED then, the app died between saving and sending: the poller sends it.
    const payout = newPayout(input, amountMinor, now, new Date(now.getTime() + this.polling.createdGraceMs));
    const requestHash = payout.requestHash;
    const audit: AuditEntry | undefined = by && { payoutId: payout.id, action: 'create', principalId: by.principal.id, address: by.address ?? null, note: null };
    const policy = this.policies.get(input.channel);
    const required = await requiredApprovals(policy, amountMinor, () => this.approvals.beneficiaryDay(payout.beneficiaryKey!, new Date(now.getTime() - DAY_MS)));
    if (policy && required > 0) {
      // Stored, not sent: approvers decide; the deadline is its next poll time (see OperatorActions.expireDue).
      const pending = { ...payout, status: PayoutStatus.PENDING_APPROVAL, nextPollAt: new Date(now.getTime() + policy.expiresAfterMs) };
      const creator = by?.principal.id ?? 'host';
      if (!(await this.approvals.insertPending(pending, required, creator, audit ?? { payoutId: payout.id, action: 'create', principalId: creator, address: null, note: null }))) {
        return this.replay(input.merchantReference, requestHash);
      }
      this.metrics.payoutCreated(payout.channel);
      this.logger.log({ msg: 'payout created, waiting for approval', payoutId: payout.id, channel: payout.channel, approvals: required });
      return { payout: toPayoutView(pending), created: true };
    }
    // The row is committed as CREATED before any network call, so a crash leaves evidence; it is
    // leased to this call, and marked as maybe sent, until the gateway's answer is written. Its
    // funds reservation is part of the same commit: a replay or a shortfall leaves none behind.
    const bounded = await this.funds.checks(payout.channel);
    const lease = this.sender.newLease();
    const created = { ...payout, fundsReserved: bounded };
    const reserve = bounded ? (m: EntityManager) => this.funds.reserveIn(m, payout.channel, amountMinor) : undefined;
    const inserted = await this.repo.insertNew(created, lease, this.polling.leaseMs, audit, reserve);
    if (inserted === 'short') return this.queue(payout, requestHash, audit);
    if (inserted === 'duplicate') return this.replay(input.merchantReference, requestHash);
    this.metrics.payoutCreated(payout.channel);
    this.logger.log({ msg: 'payout created', payoutId: payout.id, channel: payout.channel, merchantReference: payout.merchantReference });
    const sent = await this.sender.send({ ...created, leaseOwner: lease.owner, leaseToken: lease.token }, lease, LEASE_RELEASED);
    return { payout: toPayoutView(sent), created: true };
  }

  async get(id: string): Promise<PayoutView> {
    return toPayoutView(await this.reader.load(id));
  }

  getByMerchantReference(merchantReference: string): Promise<PayoutView | null> {
    return this.reader.getByMerchantReference(merchantReference);
  }

  list(query: ListPayoutsQuery): Promise<{ items: PayoutView[]; nextCursor: string | null }> {
    return this.reader.list(query);
  }

  /** Asks the gateway now and applies its answer; never sends. `by`: audited as a refresh. */
  async refresh(id: string, by?: ActionContext): Promise<PayoutView> {
    const refreshed = await this.reconciler.refresh(await this.reader.load(id));
    if (by) await this.approvals.audit({ payoutId: id, action: 'refresh', principalId: by.principal.id, address: by.address ?? null, note: by.note ?? null });
    return toPayoutView(refreshed);
  }

  /** Loads a payout, or throws PayoutNotFoundError. */
  load(id: string): Promise<PayoutEntity> {
    return this.reader.load(id);
  }

  /** Stored, not sent: the channel's known balance cannot cover it (or others wait before it). */
  private async queue(payout: PayoutEntity, requestHash: string, audit?: AuditEntry): Promise<CreatePayoutResult> {
    const queued: PayoutEntity = {
      ...payout,
      status: PayoutStatus.QUEUED,
      holdReason: HOLD_INSUFFICIENT_FUNDS,
      nextPollAt: new Date(payout.createdAt.getTime() + this.funds.options.queueExpiresAfterMs),
    };
    if (!(await this.repo.insertWaiting(queued, audit))) return this.replay(payout.merchantReference, requestHash);
    await this.funds.queueOpened(payout.channel);
    this.metrics.payoutCreated(payout.channel);
    this.metrics.payoutQueued(payout.channel, 'insufficient_funds');
    this.logger.log({ msg: 'payout created, waiting for funds', payoutId: payout.id, channel: payout.channel, merchantReference: payout.merchantReference });
    return { payout: toPayoutView(queued), created: true };
  }

  private async replay(merchantReference: string, requestHash: string): Promise<CreatePayoutResult> {
    const existing = await this.repo.findByMerchantReference(merchantReference);
    if (!existing) throw new Error(`Payout with merchantReference "${merchantReference}" vanished during creation`);
    if (existing.requestHash !== requestHash) throw new PayoutConflictError(merchantReference, existing.id);
    return { payout: toPayoutView(existing), created: false };
  }
}
