import { Injectable } from '@nestjs/common';
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { FieldProblem } from '../../domain/errors';
import { PayoutStatus } from '../../domain/payout-status';
import {
  CallbackInput, CallbackOutcome, ChannelConfig, ExchangeRecord, GatewayStatus, PayoutDraft, PayoutProtocol, PayoutProvider,
  PayoutSubmission, QueryOutcome, StatusReport, SubmitOutcome,
} from '../payout-provider';

/**
 * An in-process gateway for host apps' own tests. The outcome is chosen by the beneficiary's name:
 * - contains "REFUSE": refused at once (code FAKE_REFUSED), nothing placed;
 * - contains "UNREACHABLE": not sent (as if the gateway could not be reached);
 * - contains "TIMEOUT": placed, but the create answer is lost (outcome unknown); a query finds it;
 * - contains "FAIL": placed, then FAILED (code FAKE_FAILED);
 * - anything else: placed, then SUCCEEDED.
 * Placed orders settle `options.settleAfterMs` (default 0) after creation, seen on the next query;
 * `returnOrder` turns a paid order into a return, as a bank bouncing a transfer would.
 * Callbacks: JSON `{ tradeNo, status, amount }` (amount in minor units) signed with
 * HMAC-SHA256(body, secret) in hex in the `x-fake-signature` header; see `signFakeCallback`.
 */
@Injectable()
export class FakePayoutProtocol implements PayoutProtocol {
  readonly names = ['fake'];

  checkConfig(channel: ChannelConfig): FieldProblem[] {
    const settle = channel.options?.settleAfterMs;
    if (settle !== undefined && (typeof settle !== 'number' || settle < 0)) {
      return [{ field: 'options.settleAfterMs', problem: 'must be a number of milliseconds ≥ 0' }];
    }
    return [];
  }

  create(channel: ChannelConfig): PayoutProvider {
    return new FakePayoutProvider(channel);
  }
}

interface FakeOrder {
  tradeNo: string;
  providerReference: string;
  amountMinor: number;
  outcome: PayoutStatus.SUCCEEDED | PayoutStatus.FAILED | PayoutStatus.REVERSED;
  settlesAt: number;
}

export function signFakeCallback(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export class FakePayoutProvider implements PayoutProvider {
  readonly callbackAck = { status: 200, contentType: 'text/plain', body: 'OK' };
  /** Orders this fake gateway accepted, by trade number: a test can assert none was placed twice. */
  readonly orders = new Map<string, FakeOrder>();
  /** How many create calls each trade number received. */
  readonly submissions = new Map<string, number>();

  constructor(readonly channel: ChannelConfig) {}

  validate(draft: PayoutDraft): FieldProblem[] {
    return draft.beneficiary.accountNumber.length < 4 ? [{ field: 'beneficiary.accountNumber', problem: 'must have at least 4 characters' }] : [];
  }

  async submit(s: PayoutSubmission): Promise<SubmitOutcome> {
    const exchange: ExchangeRecord = { operation: 'submit', request: { tradeNo: s.tradeNo, amount: s.amountMinor }, durationMs: 0 };
    this.submissions.set(s.tradeNo, (this.submissions.get(s.tradeNo) ?? 0) + 1);
    const name = s.beneficiary.name.toUpperCase();
    if (name.includes('UNREACHABLE')) return { kind: 'not_sent', reason: 'fake gateway unreachable', exchange };
    if (this.orders.has(s.tradeNo)) return { kind: 'refused', code: 'FAKE_DUPLICATE', message: 'duplicate trade number', exchange };
    if (name.includes('REFUSE')) return { kind: 'refused', code: 'FAKE_REFUSED', message: 'refused by the fake gateway', exchange };
    const order: FakeOrder = {
      tradeNo: s.tradeNo,
      providerReference: `FAKE-${randomUUID()}`,
      amountMinor: s.amountMinor,
      outcome: name.includes('FAIL') ? PayoutStatus.FAILED : PayoutStatus.SUCCEEDED,
      settlesAt: Date.now() + Number(this.channel.options?.settleAfterMs ?? 0),
    };
    this.orders.set(s.tradeNo, order);
    if (name.includes('TIMEOUT')) return { kind: 'unknown', reason: 'fake timeout after the order was placed', exchange };
    return { kind: 'accepted', report: this.reportOf(order, PayoutStatus.PROCESSING), exchange };
  }

  /** The gateway takes a paid order back: its queries answer REVERSED from now on. */
  returnOrder(tradeNo: string): void {
    const order = this.orders.get(tradeNo);
    if (!order) throw new Error(`The fake gateway has no order ${tradeNo}`);
    order.outcome = PayoutStatus.REVERSED;
  }

  async query(tradeNo: string): Promise<QueryOutcome> {
    const exchange: ExchangeRecord = { operation: 'query', request: { tradeNo }, durationMs: 0 };
    const order = this.orders.get(tradeNo);
    if (!order) return { kind: 'not_found', exchange };
    return { kind: 'found', report: this.reportOf(order, Date.now() >= order.settlesAt ? order.outcome : PayoutStatus.PROCESSING), exchange };
  }

  parseCallback(input: CallbackInput): CallbackOutcome {
    const signature = String(input.headers['x-fake-signature'] ?? '');
    const expected = signFakeCallback(input.rawBody.toString('utf8'), this.channel.secret ?? '');
    if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
      return { kind: 'rejected', httpStatus: 401, reason: 'bad x-fake-signature' };
    }
    let body: { tradeNo?: unknown; status?: unknown; amount?: unknown };
    try {
      body = JSON.parse(input.rawBody.toString('utf8'));
    } catch {
      return { kind: 'rejected', httpStatus: 400, reason: 'body is not JSON' };
    }
    const statuses: string[] = [PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED, PayoutStatus.FAILED, PayoutStatus.CANCELLED, PayoutStatus.REVERSED];
    if (typeof body?.tradeNo !== 'string' || typeof body.status !== 'string' || !statuses.includes(body.status)) {
      return { kind: 'rejected', httpStatus: 400, reason: 'tradeNo and a known status are required' };
    }
    const report: StatusReport = {
      tradeNo: body.tradeNo,
      status: body.status as GatewayStatus,
      rawStatus: body.status,
      amountMinor: typeof body.amount === 'number' ? body.amount : undefined,
      failure: body.status === PayoutStatus.SUCCEEDED || body.status === PayoutStatus.PROCESSING ? undefined : { code: 'FAKE_FAILED' },
    };
    return { kind: 'verified', report, dedupeKey: createHash('sha256').update(input.rawBody).digest('hex'), maskedBody: body };
  }

  private reportOf(order: FakeOrder, status: GatewayStatus): StatusReport {
    return {
      tradeNo: order.tradeNo,
      status,
      rawStatus: status,
      providerReference: order.providerReference,
      amountMinor: order.amountMinor,
      failure:
        status === PayoutStatus.FAILED
          ? { code: 'FAKE_FAILED', message: 'failed at the fake gateway' }
          : status === PayoutStatus.REVERSED
            ? { code: 'FAKE_RETURNED', message: 'returned by the beneficiary bank' }
            : undefined,
    };
  }
}
