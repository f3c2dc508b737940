import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { FieldProblem, PayoutConflictError, PayoutNotFoundError, PayoutValidationError } from './domain/errors';
import { canonicalJson, newTradeNo, sha256Hex, uuidv7 } from './domain/identifiers';
import { formatMinor, parseMajorAmount } from './domain/money';
import { canTransition, isFinal, PayoutStatus } from './domain/payout-status';
import { PayoutMetrics } from './observability/payout-metrics';
import { PayoutStatusChangedEvent } from './payout-events';
import { PayoutView, toPayoutView } from './payout.view';
import { PAYOUTS_POLLING } from './payouts.constants';
import { PAYOUTS_MODULE_OPTIONS } from './payouts.module-definition';
import { PayoutsModuleOptions, PollingOptions } from './payouts.options';
import { PayoutEntity } from './persistence/payout.entity';
import { Lease, PayoutPatch, PayoutRepository } from './persistence/payout.repository';
import { Beneficiary, ExchangeRecord, StatusReport } from './providers/payout-provider';
import { PayoutProviderRegistry } from './providers/provider-registry';

export interface CreatePayoutInput {
  /** The caller's idempotency key: the same reference with the same request returns the same payout. */
  merchantReference: string;
  channel: string;
  /** Decimal string in major units, e.g. "150.00". */
  amount: string;
  currency: string;
  beneficiary: Beneficiary;
  remark?: string;
  metadata?: Record<string, unknown>;
}

export interface CreatePayoutResult {
  payout: PayoutView;
  /** False when this was an idempotent replay of an earlier request. */
  created: boolean;
}

export interface ListPayoutsQuery {
  status?: PayoutStatus;
  channel?: string;
  /** Only payouts flagged (true) or not flagged (false) for attention. */
  attention?: boolean;
  /** A payout id, a merchant reference or trade number prefix, or a gateway reference. */
  q?: string;
  createdFrom?: Date;
  createdTo?: Date;
  limit?: number;
  cursor?: string;
}

/** Where a status report came from, for the record and the events. */
export type ReportSource = 'submit' | 'query' | 'callback';

export type ApplyResult =
  | { kind: 'applied'; payout: PayoutEntity }
  | { kind: 'unchanged'; payout: PayoutEntity }
  | { kind: 'ignored'; payout: PayoutEntity; reason: string }
  | { kind: 'amount_mismatch'; payout: PayoutEntity; reason: string }
  /** The lease was taken over during the gateway call: nothing written, the payout as it is now. */
  | { kind: 'superseded'; payout: PayoutEntity };

/** The lease fields cleared, in the same write as an answer. */
const LEASE_RELEASED: PayoutPatch = { leaseOwner: null, leaseToken: null, leaseExpiresAt: null };

const MAX_VERSION_RETRIES = 8;

/**
 * Holds the rules of a payout's life: validation, idempotent creation, sending, and applying
 * what gateways report through the state machine. HTTP, the poller and webhooks all come here.
 */
@Injectable()
export class PayoutService {
  private readonly logger = new Logger('Payouts');
  /** Names this instance in leases. */
  readonly instanceId: string;

  constructor(
    private readonly repo: PayoutRepository,
    private readonly registry: PayoutProviderRegistry,
    @Inject(PAYOUTS_POLLING) private readonly polling: PollingOptions,
    private readonly metrics: PayoutMetrics,
    @Inject(PAYOUTS_MODULE_OPTIONS) options: PayoutsModuleOptions,
  ) {
    this.instanceId = (options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`).slice(0, 64);
  }

  async create(input: CreatePayoutInput): Promise<CreatePayoutResult> {
    const amountMinor = this.validate(input);
    const requestHash = sha256Hex(
      canonicalJson({
        channel: input.channel,
        amount: amountMinor,
        currency: input.currency,
        beneficiary: input.beneficiary,
        remark: input.remark,
        metadata: input.metadata,
      }),
    );
    const now = new Date();
    const payout: PayoutEntity = Object.assign(new PayoutEntity(), {
      id: uuidv7(now.getTime()),
      merchantReference: input.merchantReference,
      requestHash,
      channel: input.channel,
      tradeNo: newTradeNo(now),
      providerReference: null,
      amount: amountMinor,
      currency: input.currency,
      fee: null,
      beneficiary: input.beneficiary,
      remark: input.remark ?? null,
      metadata: input.metadata ?? null,
      status: PayoutStatus.CREATED,
      failureCode: null,
      failureMessage: null,
      attention: false,
      attentionReason: null,
      attempts: 0,
      // If it is still CREATED then, the app died between saving and sending: the poller sends it.
      nextPollAt: new Date(now.getTime() + this.polling.createdGraceMs),
      leaseOwner: null,
      leaseExpiresAt: null,
      leaseToken: null,
      lastSentAt: null,
      lastError: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
    });
    // The row is committed as CREATED before any network call, so a crash leaves evidence; it is
    // leased to this call, and marked as maybe sent, until the gateway's answer is written.
    const lease = this.newLease();
    if (!(await this.repo.insertNew(payout, lease, this.polling.leaseMs))) return this.replay(input.merchantReference, requestHash);
    this.metrics.payoutCreated(payout.channel);
    this.logger.log({ msg: 'payout created', payoutId: payout.id, channel: payout.channel, merchantReference: payout.merchantReference });
    const sent = await this.send({ ...payout, leaseOwner: lease.owner, leaseToken: lease.token }, lease, true, LEASE_RELEASED);
    return { payout: toPayoutView(sent), created: true };
  }

  async get(id: string): Promise<PayoutView> {
    return toPayoutView(await this.load(id));
  }

  async getByMerchantReference(merchantReference: string): Promise<PayoutView | null> {
    const p = await this.repo.findByMerchantReference(merchantReference);
    return p ? toPayoutView(p) : null;
  }

  async list(query: ListPayoutsQuery): Promise<{ items: PayoutView[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
    const q = query.q?.trim();
    const rows = await this.repo.list({
      status: query.status,
      channel: query.channel,
      attention: query.attention,
      ids: q ? await this.repo.searchIds(q, this.registry.codes(), 200) : undefined,
      createdFrom: query.createdFrom,
      createdTo: query.createdTo,
      beforeId: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(page[page.length - 1].id) : null;
    return { items: page.map(toPayoutView), nextCursor };
  }

  /**
   * Asks the gateway now and applies its answer; never sends. When another worker holds the
   * payout right now, answers its current state: that worker is asking the gateway already.
   */
  async refresh(id: string): Promise<PayoutView> {
    const payout = await this.load(id);
    return toPayoutView(await this.underOwnLease(payout, (lease) => this.reconcile(payout, lease, new Date(), { resend: false })) ?? payout);
  }

  /**
   * Bad news from a callback (FAILED, CANCELLED, REVERSED) is only believed once a status query
   * by trade number says the same: a relay can shift the fields of a Paypro signature, and a
   * gateway can send a callback its own ledger contradicts. The query's answer is applied, whatever
   * it says; when it cannot be made, nothing final is applied and the payout is polled at once.
   */
  async confirmByQuery(payout: PayoutEntity): Promise<PayoutEntity> {
    const now = new Date();
    const checked = await this.underOwnLease(payout, (lease) => this.reconcile(payout, lease, now, { resend: false }));
    const current = checked ?? payout;
    if (!isFinal(current.status)) await this.repo.touch(payout.id, { nextPollAt: now });
    return { ...current, nextPollAt: isFinal(current.status) ? current.nextPollAt : now };
  }

  /**
   * Brings one payout closer to the gateway's truth under `lease` (the poller's unit of work).
   * A payout never sent is sent. Otherwise the gateway is asked first; a CREATED payout it does
   * not report, and an UNKNOWN one it definitely does not know, are sent again under the SAME
   * trade number, never a new one, once their grace period since the last send has passed.
   */
  async reconcile(payout: PayoutEntity, lease: Lease, now: Date = new Date(), options: { resend?: boolean } = {}): Promise<PayoutEntity> {
    const resend = options.resend ?? true;
    let current: PayoutEntity = payout;
    let lastError: string | null = null;
    if (resend && payout.status === PayoutStatus.CREATED && payout.lastSentAt === null) {
      // Nothing that may have reached the gateway was ever sent: no order can exist to ask about.
      const sent = await this.sendUnderLease(payout, lease, 0);
      if (sent === 'superseded') return payout;
      current = sent === 'waiting' ? payout : sent;
      lastError = sent === 'waiting' ? 'not sent: the payout changed before its send' : current.lastError;
    } else {
      if (!(await this.repo.takeLease(payout.id, lease, this.polling.leaseMs))) return payout;
      const query = await this.registry.get(payout.channel).query(payout.tradeNo, payout.providerReference ?? undefined);
      await this.recordExchange(payout.id, query.kind, query.exchange, query.kind === 'unknown' ? query.reason : undefined);
      current = { ...payout, attempts: payout.attempts + 1 };
      if (query.kind === 'found') {
        const applied = await this.applyReport(current, query.report, 'query', { attempts: current.attempts, lastError: null }, lease.token);
        if (applied.kind === 'superseded') return applied.payout;
        current = applied.payout;
      } else if (resend && (payout.status === PayoutStatus.CREATED || (payout.status === PayoutStatus.UNKNOWN && query.kind === 'not_found'))) {
        const waitMs = payout.status === PayoutStatus.CREATED ? this.polling.createdGraceMs : this.polling.unknownGraceMs;
        const sent = await this.sendUnderLease(current, lease, waitMs);
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
    const patch: PayoutPatch = {
      attempts: current.attempts,
      lastError: lastError ? clip(lastError) : null,
      nextPollAt: isFinal(current.status) ? null : this.nextPollAt(current.attempts, now),
      ...this.deadlinePatch(current, now),
    };
    // A settled payout usually has all of this written already by its transition: no statement then.
    const changes = changedFields(patch, current);
    if (Object.keys(changes).length && !(await this.repo.touch(payout.id, changes, lease.token))) return current;
    return { ...current, ...patch };
  }

  /**
   * Applies a gateway's report through the state machine with a version check, retrying on
   * concurrent writers. Illegal moves (a late PROCESSING after SUCCEEDED) are ignored; a change
   * after SUCCEEDED is a late return and becomes REVERSED; an amount that differs is not applied.
   * With `fence`, the answer is only written while that lease still holds the payout.
   */
  async applyReport(payout: PayoutEntity, report: StatusReport, source: ReportSource, extra: PayoutPatch = {}, fence?: string): Promise<ApplyResult> {
    let current = payout;
    for (let i = 0; i < MAX_VERSION_RETRIES; i++) {
      const superseded = async (): Promise<ApplyResult | undefined> => {
        if (fence === undefined) return undefined;
        const now = await this.load(current.id);
        return now.leaseToken === fence ? undefined : this.superseded(now, source);
      };
      if (report.amountMinor !== undefined && report.amountMinor !== current.amount) {
        const reason = `${source} reported ${formatMinor(report.amountMinor, current.currency)} ${current.currency}, expected ${formatMinor(current.amount, current.currency)}`;
        const patch: PayoutPatch = { ...extra, attention: true, attentionReason: clip(reason, 255), nextPollAt: new Date() };
        if (!(await this.repo.touch(current.id, patch, fence))) return (await superseded()) ?? { kind: 'amount_mismatch', payout: current, reason };
        this.logger.warn({ msg: 'amount mismatch: report not applied, payout flagged', payoutId: current.id, channel: current.channel, reason });
        return { kind: 'amount_mismatch', payout: { ...current, ...patch }, reason };
      }
      let target: PayoutStatus = report.status;
      if (current.status === PayoutStatus.SUCCEEDED && target !== PayoutStatus.SUCCEEDED && target !== PayoutStatus.PROCESSING) {
        // Any definite change after a success is a late return (Cashy PAYMENT_OFFSET, a Paypro status change).
        target = PayoutStatus.REVERSED;
      }
      const known = this.knownDetails(current, report);
      if (current.status === target || !canTransition(current.status, target)) {
        const patch: PayoutPatch = { ...extra, ...known };
        if (Object.keys(patch).length && !(await this.repo.touch(current.id, patch, fence))) {
          const lost = await superseded();
          if (lost) return lost;
        }
        const updated = { ...current, ...patch };
        if (current.status === target) return { kind: 'unchanged', payout: updated };
        const reason = `${source} reported ${report.rawStatus} (${target}) while ${current.status}: not a legal move`;
        this.logger.log({ msg: 'report ignored: not a legal move', payoutId: current.id, channel: current.channel, reason });
        return { kind: 'ignored', payout: updated, reason };
      }
      const patch: PayoutPatch & { status: PayoutStatus } = { ...extra, ...known, status: target };
      if (target === PayoutStatus.FAILED || target === PayoutStatus.CANCELLED || target === PayoutStatus.REVERSED) {
        patch.failureCode = clip(report.failure?.code ?? report.rawStatus, 64);
        patch.failureMessage = report.failure?.message ? clip(report.failure.message, 255) : null;
      }
      if (isFinal(target)) {
        // Final states leave the poll queue; a late return after success arrives by callback or refresh.
        if (target !== PayoutStatus.REVERSED) patch.completedAt = report.completedAt ?? new Date();
        patch.nextPollAt = null;
      } else if (extra.nextPollAt === undefined) {
        patch.nextPollAt = this.nextPollAt(extra.attempts ?? current.attempts);
      }
      const moved = await this.moveTo(current, patch, fence);
      if (moved) return { kind: 'applied', payout: moved };
      const lost = await superseded();
      if (lost) return lost;
      current = await this.load(current.id);
    }
    throw new Error(`Payout ${payout.id}: too many concurrent updates`);
  }

  /** Loads a payout, or throws PayoutNotFoundError. */
  async load(id: string): Promise<PayoutEntity> {
    const payout = await this.repo.findById(id);
    if (!payout) throw new PayoutNotFoundError(id);
    return payout;
  }

  private validate(input: CreatePayoutInput): number {
    const problems: FieldProblem[] = [];
    const provider = this.registry.has(input.channel) ? this.registry.get(input.channel) : undefined;
    if (!provider) {
      problems.push({ field: 'channel', problem: `unknown channel "${input.channel}"; configured: ${this.registry.codes().join(', ')}` });
    } else if (input.currency !== provider.channel.currency) {
      problems.push({ field: 'currency', problem: `channel ${input.channel} pays out in ${provider.channel.currency}, not ${input.currency}` });
    }
    const amount = parseMajorAmount(input.amount, input.currency);
    if ('problem' in amount) problems.push(amount.problem);
    else if (provider) {
      for (const p of provider.validate({ amountMinor: amount.minor, currency: input.currency, beneficiary: input.beneficiary, remark: input.remark })) {
        if (!problems.some((q) => q.field === p.field && q.problem === p.problem)) problems.push(p);
      }
    }
    if (problems.length || 'problem' in amount) throw new PayoutValidationError(problems);
    return amount.minor;
  }

  private async replay(merchantReference: string, requestHash: string): Promise<CreatePayoutResult> {
    const existing = await this.repo.findByMerchantReference(merchantReference);
    if (!existing) throw new Error(`Payout with merchantReference "${merchantReference}" vanished during creation`);
    if (existing.requestHash !== requestHash) throw new PayoutConflictError(merchantReference, existing.id);
    return { payout: toPayoutView(existing), created: false };
  }

  /**
   * Sends a payout under its own trade number and applies the outcome, fenced by `lease`.
   * `first`: no earlier send can have reached the gateway, so a definite refusal is final. A
   * refused resend never is: the gateway may be refusing the duplicate of an order it placed.
   * `release` goes into the same write (the create path gives its lease back with its answer).
   */
  private async send(payout: PayoutEntity, lease: Lease, first: boolean, release: PayoutPatch = {}): Promise<PayoutEntity> {
    const outcome = await this.registry.get(payout.channel).submit({
      tradeNo: payout.tradeNo,
      amountMinor: payout.amount,
      currency: payout.currency,
      beneficiary: payout.beneficiary,
      remark: payout.remark ?? undefined,
    });
    const attempts = payout.attempts + 1;
    await this.recordExchange(payout.id, outcome.kind, outcome.exchange, 'reason' in outcome ? outcome.reason : undefined);
    const fence = lease.token;
    switch (outcome.kind) {
      case 'accepted':
        return (await this.applyReport(payout, outcome.report, 'submit', { attempts, lastError: null, ...release }, fence)).payout;
      case 'refused': {
        if (first) {
          const failure: PayoutPatch = {
            failureCode: clip(outcome.code, 64),
            failureMessage: clip(outcome.message, 255),
            completedAt: new Date(),
            nextPollAt: null,
          };
          return this.moveOrTouch(payout, PayoutStatus.FAILED, failure, { attempts, lastError: null, ...release }, fence);
        }
        const refusal = `resend refused (${outcome.code}: ${outcome.message})`;
        return this.moveOrTouch(payout, PayoutStatus.UNKNOWN, {}, {
          attempts,
          lastError: clip(`${refusal}; an earlier send may have been placed`),
          // The gateway denies an order its queries did not show: someone should look.
          attention: true,
          attentionReason: clip(`${refusal}: an earlier send may have been placed; the payout is queried, never failed`, 255),
          nextPollAt: this.nextPollAt(attempts),
          ...release,
        }, fence);
      }
      case 'unknown':
        return this.moveOrTouch(payout, PayoutStatus.UNKNOWN, {}, {
          attempts,
          lastError: clip(`outcome unknown: ${outcome.reason}`),
          nextPollAt: this.nextPollAt(attempts),
          ...release,
        }, fence);
      case 'not_sent': {
        // Definitely not placed: the send stamp goes back to what it was, so the next send is as
        // "first" as this one was; a CREATED payout is sent again by the poller after its grace.
        const patch: PayoutPatch = { attempts, lastError: clip(`not sent: ${outcome.reason}`), lastSentAt: payout.lastSentAt, ...release };
        if (!(await this.repo.touch(payout.id, patch, fence))) return (await this.superseded(await this.load(payout.id), 'submit')).payout;
        return { ...payout, ...patch };
      }
    }
  }

  /**
   * Sends a payout again (or for the first time) once its send slot is free: the lease renewed,
   * the send stamped on the database's clock, the payout unchanged since it was read and its last
   * send at least `waitMs` old. 'waiting' when the slot is not free yet.
   */
  private async sendUnderLease(payout: PayoutEntity, lease: Lease, waitMs: number): Promise<PayoutEntity | 'waiting' | 'superseded'> {
    if (!(await this.repo.takeLease(payout.id, lease, this.polling.leaseMs, { version: payout.version, waitMs }))) {
      const now = await this.repo.findById(payout.id);
      return now?.leaseToken === lease.token ? 'waiting' : 'superseded';
    }
    return this.send(payout, lease, payout.lastSentAt === null);
  }

  /** Runs `work` under a lease of its own on `payout`; undefined when another worker holds it. */
  private async underOwnLease<T>(payout: PayoutEntity, work: (lease: Lease) => Promise<T>): Promise<T | undefined> {
    const lease = this.newLease();
    if (!(await this.repo.takeLease(payout.id, lease, this.polling.leaseMs))) return undefined;
    try {
      return await work(lease);
    } finally {
      await this.repo.releaseLease(payout.id, lease);
    }
  }

  /** A lease for one unit of work by this instance. */
  newLease(): Lease {
    return { owner: this.instanceId, token: randomUUID() };
  }

  /**
   * Another worker took the payout over while this one waited for the gateway (its lease lapsed):
   * the answer is not written (the attempt is recorded) and the payout is asked about again.
   */
  private async superseded(current: PayoutEntity, source: ReportSource): Promise<ApplyResult> {
    this.logger.warn({ msg: 'lease lost during a gateway call: answer not applied', payoutId: current.id, channel: current.channel, source });
    if (!isFinal(current.status)) await this.repo.touch(current.id, { nextPollAt: new Date() });
    return { kind: 'superseded', payout: current };
  }

  /**
   * Moves to `target` with `change` if the state machine allows it; `always` (bookkeeping) is
   * written either way. Fenced like applyReport.
   */
  private async moveOrTouch(payout: PayoutEntity, target: PayoutStatus, change: PayoutPatch, always: PayoutPatch, fence: string): Promise<PayoutEntity> {
    let current = payout;
    for (let i = 0; i < MAX_VERSION_RETRIES; i++) {
      if (current.status === target || !canTransition(current.status, target)) {
        // A payout settled meanwhile (a callback) leaves the poll queue for good.
        const patch: PayoutPatch = isFinal(current.status) ? { ...always, nextPollAt: undefined } : always;
        if (!(await this.repo.touch(current.id, patch, fence))) return (await this.superseded(await this.load(current.id), 'submit')).payout;
        return { ...current, ...definedFields(patch) };
      }
      const moved = await this.moveTo(current, { ...always, ...change, status: target }, fence);
      if (moved) return moved;
      const now = await this.load(current.id);
      if (now.leaseToken !== fence) return (await this.superseded(now, 'submit')).payout;
      current = now;
    }
    throw new Error(`Payout ${payout.id}: too many concurrent updates`);
  }

  private async moveTo(current: PayoutEntity, patch: PayoutPatch & { status: PayoutStatus }, fence?: string): Promise<PayoutEntity | null> {
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
    const ok = await this.repo.applyChange(
      current.id,
      current.version,
      patch,
      [{ eventId: event.eventId, payoutId: current.id, type: patch.status, payload: event as unknown as Record<string, unknown> }],
      fence,
    );
    if (!ok) return null;
    if (isFinal(patch.status)) this.metrics.payoutSettled(current.channel, patch.status);
    this.logger.log({ msg: 'payout status changed', payoutId: current.id, channel: current.channel, from: current.status, to: patch.status });
    return next;
  }

  /**
   * Details a report adds without a state change: the gateway's reference, and the fee. A fee
   * seen while the order is still open may be a placeholder (Cashy answers `fee: 0` until paid):
   * a final report's fee replaces it.
   */
  private knownDetails(current: PayoutEntity, report: StatusReport): PayoutPatch {
    const patch: PayoutPatch = {};
    if (report.providerReference && !current.providerReference) patch.providerReference = clip(report.providerReference, 64);
    const fee = report.feeMinor;
    if (fee !== undefined && Number.isSafeInteger(fee) && fee >= 0 && fee !== current.fee && (current.fee === null || isFinal(report.status))) {
      patch.fee = fee;
    }
    return patch;
  }

  private async recordExchange(payoutId: string, outcome: string, exchange: ExchangeRecord, error?: string): Promise<void> {
    await this.repo.recordAttempt({
      payoutId,
      operation: exchange.operation,
      outcome,
      httpStatus: exchange.httpStatus ?? null,
      durationMs: Math.round(exchange.durationMs),
      request: exchange.request ?? null,
      response: exchange.response ?? null,
      error: error ? clip(error) : null,
    });
  }

  /** When to ask the gateway again, by the backoff schedule (the last step repeats). */
  nextPollAt(attempts: number, now: Date = new Date()): Date {
    const schedule = this.polling.schedule;
    const delay = schedule[Math.min(Math.max(attempts - 1, 0), schedule.length - 1)];
    return new Date(now.getTime() + delay);
  }

  /** Past the deadline without a final state: flag for attention and poll at the slowest rate. Never failed. */
  deadlinePatch(payout: PayoutEntity, now: Date): PayoutPatch {
    if (isFinal(payout.status) || now.getTime() - payout.createdAt.getTime() <= this.polling.deadlineMs) return {};
    const slowest = this.polling.schedule[this.polling.schedule.length - 1];
    const patch: PayoutPatch = { nextPollAt: new Date(now.getTime() + slowest) };
    if (!payout.attention) {
      patch.attention = true;
      patch.attentionReason = 'no final state from the gateway before the deadline';
    }
    return patch;
  }
}

/** The fields of `patch` that are set. */
function definedFields(patch: PayoutPatch): PayoutPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as PayoutPatch;
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

function clip(text: string, max = 500): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function encodeCursor(id: string): string {
  return Buffer.from(id).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new PayoutValidationError([{ field: 'cursor', problem: 'is not a cursor this API returned' }]);
  return id;
}
