import { Inject, Injectable, Logger } from '@nestjs/common';
import { FieldProblem, PayoutConflictError, PayoutNotFoundError, PayoutValidationError } from './domain/errors';
import { canonicalJson, newTradeNo, sha256Hex, uuidv7 } from './domain/identifiers';
import { formatMinor, parseMajorAmount } from './domain/money';
import { canTransition, isFinal, PayoutStatus } from './domain/payout-status';
import { PayoutMetrics } from './observability/payout-metrics';
import { PayoutStatusChangedEvent } from './payout-events';
import { PayoutView, toPayoutView } from './payout.view';
import { PAYOUTS_POLLING } from './payouts.constants';
import { PollingOptions } from './payouts.options';
import { PayoutEntity } from './persistence/payout.entity';
import { PayoutPatch, PayoutRepository } from './persistence/payout.repository';
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
  | { kind: 'amount_mismatch'; payout: PayoutEntity; reason: string };

const MAX_VERSION_RETRIES = 8;

/**
 * Holds the rules of a payout's life: validation, idempotent creation, sending, and applying
 * what gateways report through the state machine. HTTP, the poller and webhooks all come here.
 */
@Injectable()
export class PayoutService {
  private readonly logger = new Logger('Payouts');

  constructor(
    private readonly repo: PayoutRepository,
    private readonly registry: PayoutProviderRegistry,
    @Inject(PAYOUTS_POLLING) private readonly polling: PollingOptions,
    private readonly metrics: PayoutMetrics,
  ) {}

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
      lastError: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
    });
    // The row is committed as CREATED before any network call, so a crash leaves evidence.
    if (!(await this.repo.insertNew(payout))) return this.replay(input.merchantReference, requestHash);
    this.metrics.payoutCreated(payout.channel);
    this.logger.log({ msg: 'payout created', payoutId: payout.id, channel: payout.channel, merchantReference: payout.merchantReference });
    const sent = await this.submit(payout, true);
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

  /** Asks the gateway now and applies its answer. */
  async refresh(id: string): Promise<PayoutView> {
    const payout = await this.load(id);
    const updated = await this.queryAndApply(payout);
    return toPayoutView(updated);
  }

  /**
   * Sends a payout under its own trade number and applies the outcome. `refusalIsDefinite` is
   * false when an earlier send may have reached the gateway: a refusal may then only mean
   * "duplicate trade number", so it must not fail the payout.
   */
  async submit(payout: PayoutEntity, refusalIsDefinite: boolean): Promise<PayoutEntity> {
    const provider = this.registry.get(payout.channel);
    const outcome = await provider.submit({
      tradeNo: payout.tradeNo,
      amountMinor: payout.amount,
      currency: payout.currency,
      beneficiary: payout.beneficiary,
      remark: payout.remark ?? undefined,
    });
    const attempts = payout.attempts + 1;
    await this.recordExchange(payout.id, outcome.kind, outcome.exchange, 'reason' in outcome ? outcome.reason : undefined);
    switch (outcome.kind) {
      case 'accepted':
        return (await this.applyReport(payout, outcome.report, 'submit', { attempts, lastError: null })).payout;
      case 'refused':
        if (!refusalIsDefinite) {
          return this.moveOrTouch(payout, PayoutStatus.UNKNOWN, {
            attempts,
            lastError: clip(`resubmission refused (${outcome.code}: ${outcome.message}); the first send may have been placed`),
          });
        }
        return this.moveOrTouch(payout, PayoutStatus.FAILED, {
          attempts,
          failureCode: clip(outcome.code, 64),
          failureMessage: clip(outcome.message, 255),
          completedAt: new Date(),
          nextPollAt: null,
          lastError: null,
        });
      case 'unknown':
        return this.moveOrTouch(payout, PayoutStatus.UNKNOWN, {
          attempts,
          lastError: clip(`outcome unknown: ${outcome.reason}`),
          nextPollAt: this.nextPollAt(attempts),
        });
      case 'not_sent':
        // Definitely not placed: stays CREATED and the poller sends it again after the grace period.
        await this.repo.touch(payout.id, { attempts, lastError: clip(`not sent: ${outcome.reason}`) });
        return { ...payout, attempts, lastError: clip(`not sent: ${outcome.reason}`) };
    }
  }

  /**
   * Brings one payout closer to the gateway's truth; the poller's unit of work. CREATED rows
   * past their grace period and UNKNOWN rows the gateway does not know are sent again under
   * the SAME trade number, never a new one.
   */
  async reconcile(payout: PayoutEntity, now: Date = new Date()): Promise<PayoutEntity> {
    const provider = this.registry.get(payout.channel);
    const query = await provider.query(payout.tradeNo, payout.providerReference ?? undefined);
    await this.recordExchange(payout.id, query.kind, query.exchange, query.kind === 'unknown' ? query.reason : undefined);
    let current: PayoutEntity = { ...payout, attempts: payout.attempts + 1 };
    // The row as the database holds it: as claimed, until applying or sending writes it.
    let stored = payout;
    let lastError: string | null = null;
    if (query.kind === 'found') {
      current = stored = (await this.applyReport(current, query.report, 'query', { attempts: current.attempts, lastError: null })).payout;
    } else if (payout.status === PayoutStatus.CREATED || payout.status === PayoutStatus.UNKNOWN) {
      const definitelyAbsent = query.kind === 'not_found';
      const waited = now.getTime() - payout.updatedAt.getTime() >= this.polling.unknownGraceMs;
      if (payout.status === PayoutStatus.CREATED || (definitelyAbsent && waited)) {
        current = stored = await this.submit(current, definitelyAbsent);
        lastError = current.lastError;
      } else {
        lastError = definitelyAbsent ? 'the gateway does not know this order yet' : `query failed: ${query.reason}`;
      }
    } else {
      lastError = query.kind === 'not_found' ? 'the gateway does not know an order it accepted' : `query failed: ${query.reason}`;
    }
    const patch: PayoutPatch = {
      attempts: current.attempts,
      lastError: lastError ? clip(lastError) : null,
      nextPollAt: isFinal(current.status) ? null : this.nextPollAt(current.attempts, now),
      ...this.deadlinePatch(current, now),
    };
    // A settled payout usually has all of this written already by its transition: no statement then.
    const changes = changedFields(patch, stored);
    if (Object.keys(changes).length) await this.repo.touch(payout.id, changes);
    return { ...current, ...patch };
  }

  /**
   * Applies a gateway's report through the state machine with a version check, retrying on
   * concurrent writers. Illegal moves (a late PROCESSING after SUCCEEDED) are ignored; a change
   * after SUCCEEDED is a late return and becomes REVERSED; an amount that differs is not applied.
   */
  async applyReport(payout: PayoutEntity, report: StatusReport, source: ReportSource, extra: PayoutPatch = {}): Promise<ApplyResult> {
    let current = payout;
    for (let i = 0; i < MAX_VERSION_RETRIES; i++) {
      if (report.amountMinor !== undefined && report.amountMinor !== current.amount) {
        const reason = `${source} reported ${formatMinor(report.amountMinor, current.currency)} ${current.currency}, expected ${formatMinor(current.amount, current.currency)}`;
        const patch: PayoutPatch = { ...extra, attention: true, attentionReason: clip(reason, 255), nextPollAt: new Date() };
        await this.repo.touch(current.id, patch);
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
        if (Object.keys(patch).length) await this.repo.touch(current.id, patch);
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
      const moved = await this.moveTo(current, patch);
      if (moved) return { kind: 'applied', payout: moved };
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

  private async queryAndApply(payout: PayoutEntity): Promise<PayoutEntity> {
    const provider = this.registry.get(payout.channel);
    const outcome = await provider.query(payout.tradeNo, payout.providerReference ?? undefined);
    await this.recordExchange(payout.id, outcome.kind, outcome.exchange, outcome.kind === 'unknown' ? outcome.reason : undefined);
    const attempts = payout.attempts + 1;
    if (outcome.kind === 'found') return (await this.applyReport(payout, outcome.report, 'query', { attempts, lastError: null })).payout;
    const lastError = outcome.kind === 'not_found' ? 'the gateway does not know this order' : clip(`query failed: ${outcome.reason}`);
    await this.repo.touch(payout.id, { attempts, lastError });
    return { ...payout, attempts, lastError };
  }

  /** Moves to `target` if the state machine allows it, otherwise only records the bookkeeping. */
  private async moveOrTouch(payout: PayoutEntity, target: PayoutStatus, patch: PayoutPatch): Promise<PayoutEntity> {
    let current = payout;
    for (let i = 0; i < MAX_VERSION_RETRIES; i++) {
      if (!canTransition(current.status, target)) {
        const { attempts, lastError } = patch;
        await this.repo.touch(current.id, { attempts, lastError });
        return { ...current, attempts: attempts ?? current.attempts, lastError: lastError ?? current.lastError };
      }
      const moved = await this.moveTo(current, { ...patch, status: target });
      if (moved) return moved;
      current = await this.load(current.id);
    }
    throw new Error(`Payout ${payout.id}: too many concurrent updates`);
  }

  private async moveTo(current: PayoutEntity, patch: PayoutPatch & { status: PayoutStatus }): Promise<PayoutEntity | null> {
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
    const ok = await this.repo.applyChange(current.id, current.version, patch, [
      { eventId: event.eventId, payoutId: current.id, type: patch.status, payload: event as unknown as Record<string, unknown> },
    ]);
    if (!ok) return null;
    if (isFinal(patch.status)) this.metrics.payoutSettled(current.channel, patch.status);
    this.logger.log({ msg: 'payout status changed', payoutId: current.id, channel: current.channel, from: current.status, to: patch.status });
    return next;
  }

  /** Details a report adds without a state change: the gateway's reference and fee. */
  private knownDetails(current: PayoutEntity, report: StatusReport): PayoutPatch {
    const patch: PayoutPatch = {};
    if (report.providerReference && !current.providerReference) patch.providerReference = clip(report.providerReference, 64);
    if (report.feeMinor !== undefined && current.fee === null) patch.fee = report.feeMinor;
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
