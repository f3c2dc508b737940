import { Inject, Injectable, Logger } from '@nestjs/common';
import { PayoutActionRefusedError } from '../domain/errors';
import { isUnsent, PayoutStatus } from '../domain/payout-status';
import { FundsGate, HOLD_INSUFFICIENT_FUNDS } from '../funds/funds-gate.service';
import { clip } from '../domain/text';
import { PayoutSender } from '../lifecycle/payout-sender.service';
import { PayoutStateService } from '../lifecycle/payout-state.service';
import { PAYOUTS_POLLING } from '../payouts.constants';
import { PollingOptions } from '../payouts.options';
import { PayoutEntity } from '../persistence/payout.entity';
import { LEASE_RELEASED, PayoutPatch, PayoutRepository } from '../persistence/payout.repository';
import { ApprovalRepository } from './approval.repository';
import { ActionContext, AuditEntry } from './audit-entry';

/** Approvers decide once per payout; a payout moves at most once per decision, so few retries. */
const MAX_RACES = 4;

/**
 * What people do to payouts: approve and reject one that waits for approval, cancel one that was
 * never sent, acknowledge one flagged for attention. Each answers PayoutActionRefusedError (409)
 * with the reason when the payout's state does not allow it, and writes its audit line with it.
 */
@Injectable()
export class OperatorActions {
  private readonly logger = new Logger('Payouts');

  constructor(
    private readonly state: PayoutStateService,
    private readonly sender: PayoutSender,
    private readonly approvals: ApprovalRepository,
    private readonly repo: PayoutRepository,
    private readonly funds: FundsGate,
    @Inject(PAYOUTS_POLLING) private readonly polling: PollingOptions,
  ) {}

  /**
   * One approval by a principal other than the creator. The last one needed moves the payout to
   * CREATED (one writer wins the version check however many approve at once) and sends it,
   * exactly once, under its trade number; a crash before the send leaves it to the poller.
   */
  async approve(id: string, ctx: ActionContext): Promise<PayoutEntity> {
    const payout = await this.pending(id, 'approved');
    const request = await this.approvals.requestOf(id);
    if (!request) throw new PayoutActionRefusedError(`Payout ${id} has no approval request`);
    if (request.createdBy === ctx.principal.id) throw new PayoutActionRefusedError(`${ctx.principal.id} created payout ${id} and cannot approve it`);
    if (!(await this.approvals.recordDecision(id, ctx.principal.id, 'approved', note(ctx), this.audit(id, 'approve', ctx)))) {
      throw new PayoutActionRefusedError(`${ctx.principal.id} has already decided on payout ${id}`);
    }
    const approved = (await this.approvals.decisionsOf(id)).filter((d) => d.decision === 'approved').length;
    if (approved < request.required) return payout;
    // Its own audit line: the approval that released the payout for sending (or for the funds queue).
    const funds = await this.funds.reserve(payout.channel, payout.amount);
    if (funds === 'short') return this.queueForFunds(payout, ctx);
    const released = { nextPollAt: new Date(Date.now() + this.polling.createdGraceMs), fundsReserved: funds === 'reserved' };
    const moved = await this.move(payout, PayoutStatus.CREATED, released, this.audit(id, 'release', ctx));
    if (!moved) {
      if (funds === 'reserved') await this.funds.unreserve(payout.channel, payout.amount);
      return this.state.load(id);
    }
    const lease = this.sender.newLease();
    // The send slot: only while the payout is still this version and never sent.
    if (!(await this.repo.takeLease(id, lease, this.polling.leaseMs, { version: moved.version, waitMs: 0 }))) return this.state.load(id);
    return this.sender.send({ ...moved, leaseOwner: lease.owner, leaseToken: lease.token }, lease, LEASE_RELEASED);
  }

  /** Approved, but the channel's known balance cannot cover it: it waits for funds, unsent. */
  private async queueForFunds(payout: PayoutEntity, ctx: ActionContext): Promise<PayoutEntity> {
    const patch = { holdReason: HOLD_INSUFFICIENT_FUNDS, nextPollAt: new Date(Date.now() + this.funds.options.queueExpiresAfterMs) };
    const moved = await this.move(payout, PayoutStatus.QUEUED, patch, this.audit(payout.id, 'release', ctx));
    if (moved) await this.funds.queueOpened(payout.channel);
    return moved ?? this.state.load(payout.id);
  }

  /** A rejection by an approver: the payout is cancelled, never sent. */
  async reject(id: string, ctx: ActionContext): Promise<PayoutEntity> {
    const payout = await this.pending(id, 'rejected');
    if (!(await this.approvals.recordDecision(id, ctx.principal.id, 'rejected', note(ctx), this.audit(id, 'reject', ctx)))) {
      throw new PayoutActionRefusedError(`${ctx.principal.id} has already decided on payout ${id}`);
    }
    const patch = this.cancelled('REJECTED', `rejected by ${ctx.principal.id}${ctx.note ? `: ${ctx.note}` : ''}`);
    const moved = await this.move(payout, PayoutStatus.CANCELLED, patch);
    if (!moved) throw new PayoutActionRefusedError(`Payout ${id} was approved or cancelled meanwhile`);
    return moved;
  }

  /**
   * Cancels a payout before anything was sent: one waiting for approval or funds, or a CREATED one whose
   * first send has not started (its lease is taken first, so no worker can start it meanwhile).
   */
  async cancel(id: string, ctx: ActionContext): Promise<PayoutEntity> {
    const payout = await this.state.load(id);
    const patch = this.cancelled('CANCELLED_BY_OPERATOR', `cancelled by ${ctx.principal.id}${ctx.note ? `: ${ctx.note}` : ''}`);
    if (isUnsent(payout.status)) {
      const moved = await this.move(payout, PayoutStatus.CANCELLED, { ...patch, holdReason: null }, this.audit(id, 'cancel', ctx));
      if (moved) return moved;
    } else if (payout.status === PayoutStatus.CREATED && payout.lastSentAt === null) {
      const lease = this.sender.newLease();
      if (await this.repo.takeLease(id, lease, this.polling.leaseMs)) {
        const held = await this.state.load(id);
        if (held.status === PayoutStatus.CREATED && held.lastSentAt === null) {
          const moved = await this.state.decide(held, PayoutStatus.CANCELLED, { ...patch, ...LEASE_RELEASED }, this.audit(id, 'cancel', ctx), lease.token);
          if (moved) return moved;
        }
        await this.repo.releaseLease(id, lease);
      }
    }
    const now = await this.state.load(id);
    throw new PayoutActionRefusedError(`Payout ${id} is ${now.status}${now.lastSentAt ? ', sent to its gateway' : ''}: only a payout never sent can be cancelled`);
  }

  /** Clears the attention flag, with the operator's note in the audit trail. */
  async acknowledge(id: string, ctx: ActionContext): Promise<PayoutEntity> {
    const payout = await this.state.load(id);
    if (!payout.attention) throw new PayoutActionRefusedError(`Payout ${id} is not flagged for attention`);
    await this.state.note(id, { attention: false, attentionReason: null }, undefined, this.audit(id, 'acknowledge', ctx));
    return { ...payout, attention: false, attentionReason: null };
  }

  /** Cancels payouts whose approval did not come in time. Returns how many. */
  async expireDue(now: Date = new Date()): Promise<number> {
    let expired = 0;
    for (const payout of await this.approvals.expiredPending(now, 100)) {
      const ctx: ActionContext = { principal: { id: 'system', roles: [] }, note: 'approval window ended' };
      const moved = await this.state.decide(payout, PayoutStatus.CANCELLED, this.cancelled('APPROVAL_EXPIRED', 'not approved before its approval window ended'), this.audit(payout.id, 'expire', ctx));
      if (moved) expired++;
    }
    if (expired) this.logger.log({ msg: 'payouts cancelled: approval window ended', count: expired });
    return expired;
  }

  /** The payout, if it waits for approval; refused with its state otherwise. */
  private async pending(id: string, verb: string): Promise<PayoutEntity> {
    const payout = await this.state.load(id);
    if (payout.status !== PayoutStatus.PENDING_APPROVAL) {
      throw new PayoutActionRefusedError(`Payout ${id} is ${payout.status}: only a payout waiting for approval can be ${verb}`);
    }
    return payout;
  }

  /** Moves a payout that was never sent (waiting for approval or funds), again on the row as it is now if it changed under us. */
  private async move(payout: PayoutEntity, target: PayoutStatus, patch: PayoutPatch, audit?: AuditEntry): Promise<PayoutEntity | null> {
    let current = payout;
    const from = payout.status;
    for (let i = 0; i < MAX_RACES && current.status === from && isUnsent(from); i++) {
      const moved = await this.state.decide(current, target, patch, audit);
      if (moved) return moved;
      current = await this.state.load(current.id);
    }
    return null;
  }

  private cancelled(code: string, message: string): PayoutPatch {
    return { failureCode: code, failureMessage: clip(message, 255), completedAt: new Date(), nextPollAt: null };
  }

  private audit(payoutId: string, action: string, ctx: ActionContext): AuditEntry {
    return { payoutId, action, principalId: ctx.principal.id, address: ctx.address ? clip(ctx.address, 64) : null, note: note(ctx) };
  }
}

function note(ctx: ActionContext): string | null {
  return ctx.note ? clip(ctx.note, 255) : null;
}
