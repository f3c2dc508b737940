import { randomUUID } from 'node:crypto';
import { FieldProblem } from '../../domain/errors';
import { PayoutStatus } from '../../domain/payout-status';
import { ChannelConfig } from '../channel-config';
import {
  CallbackInput, CallbackOutcome, ExchangeRecord, GatewayStatus, PayoutDraft, PayoutProvider, PayoutSubmission, QueryOutcome,
  StatusReport, SubmitOutcome,
} from '../payout-provider';
import { signFakeCallback, verifyFakeCallback } from './fake.signature';

interface FakeOrder {
  tradeNo: string;
  providerReference: string;
  amountMinor: number;
  outcome: PayoutStatus.SUCCEEDED | PayoutStatus.FAILED | PayoutStatus.REVERSED;
  settlesAt: number;
}

/**
 * An in-process gateway for host apps' own tests. The outcome is chosen by the beneficiary's name:
 * - contains "REFUSE": refused at once (code FAKE_REFUSED), nothing placed;
 * - contains "UNREACHABLE": not sent (as if the gateway could not be reached);
 * - contains "TIMEOUT": placed, but the create answer is lost (outcome unknown); a query finds it;
 * - contains "FAIL": placed, then FAILED (code FAKE_FAILED);
 * - anything else: placed, then SUCCEEDED.
 * Placed orders settle `options.settleAfterMs` (default 0) after creation, seen on the next query;
 * with `options.callbacks: true` the fake also calls the channel's callback URL once an order
 * settles, as a gateway would, so the payout settles then rather than on its next poll (30 s).
 * `returnOrder` turns a paid order into a return, as a bank bouncing a transfer would.
 * Callbacks: JSON `{ tradeNo, status, amount }` (amount in minor units) signed with
 * HMAC-SHA256(body, secret) in hex in the `x-fake-signature` header; see `signFakeCallback` (fake.signature.ts).
 */
export class FakePayoutProvider implements PayoutProvider {
  readonly callbackAck = { status: 200, contentType: 'text/plain', body: 'OK' };
  /** Orders this fake gateway accepted, by trade number: a test can assert none was placed twice. */
  readonly orders = new Map<string, FakeOrder>();
  /** How many create calls each trade number received. */
  readonly submissions = new Map<string, number>();

  /** `notifyUrl`: where settled orders are called back; none means queries are the only way to learn them. */
  constructor(
    readonly channel: ChannelConfig,
    private readonly notifyUrl?: string,
  ) {}

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
    if (this.notifyUrl) setTimeout(() => void this.callBack(order), Math.max(0, order.settlesAt - Date.now())).unref();
    if (name.includes('TIMEOUT')) return { kind: 'unknown', reason: 'fake timeout after the order was placed', exchange };
    return { kind: 'accepted', report: this.reportOf(order, PayoutStatus.PROCESSING), exchange };
  }

  /** The gateway takes a paid order back: its queries answer REVERSED from now on. */
  returnOrder(tradeNo: string): void {
    const order = this.orders.get(tradeNo);
    if (!order) throw new Error(`The fake gateway has no order ${tradeNo}`);
    order.outcome = PayoutStatus.REVERSED;
    void this.callBack(order);
  }

  /**
   * Posts the order's settled status, signed, to the channel's callback URL. A delivery that
   * fails is dropped, as a real gateway's last retry would be: the poller still learns the outcome.
   */
  private async callBack(order: FakeOrder): Promise<void> {
    if (!this.notifyUrl) return;
    const body = JSON.stringify({ tradeNo: order.tradeNo, status: order.outcome, amount: order.amountMinor });
    const headers = { 'content-type': 'application/json', 'x-fake-signature': signFakeCallback(body, this.channel.secret ?? '') };
    await fetch(this.notifyUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) })
      .then((answer) => answer.arrayBuffer())
      .catch(() => undefined);
  }

  async query(tradeNo: string): Promise<QueryOutcome> {
    const exchange: ExchangeRecord = { operation: 'query', request: { tradeNo }, durationMs: 0 };
    const order = this.orders.get(tradeNo);
    if (!order) return { kind: 'not_found', exchange };
    return { kind: 'found', report: this.reportOf(order, Date.now() >= order.settlesAt ? order.outcome : PayoutStatus.PROCESSING), exchange };
  }

  parseCallback(input: CallbackInput): CallbackOutcome {
    const signature = String(input.headers['x-fake-signature'] ?? '');
    if (!verifyFakeCallback(input.rawBody.toString('utf8'), signature, this.channel.secret ?? '')) {
      return { kind: 'rejected', problem: 'forged', reason: 'bad x-fake-signature' };
    }
    let body: { tradeNo?: unknown; status?: unknown; amount?: unknown };
    try {
      body = JSON.parse(input.rawBody.toString('utf8'));
    } catch {
      return { kind: 'rejected', problem: 'malformed', reason: 'body is not JSON' };
    }
    const statuses: string[] = [PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED, PayoutStatus.FAILED, PayoutStatus.CANCELLED, PayoutStatus.REVERSED];
    if (typeof body?.tradeNo !== 'string' || typeof body.status !== 'string' || !statuses.includes(body.status)) {
      return { kind: 'rejected', problem: 'malformed', reason: 'tradeNo and a known status are required' };
    }
    const report: StatusReport = {
      tradeNo: body.tradeNo,
      status: body.status as GatewayStatus,
      rawStatus: body.status,
      amountMinor: typeof body.amount === 'number' ? body.amount : undefined,
      failure: body.status === PayoutStatus.SUCCEEDED || body.status === PayoutStatus.PROCESSING ? undefined : { code: 'FAKE_FAILED' },
    };
    return { kind: 'verified', report, maskedBody: body };
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
