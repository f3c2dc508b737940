import { FieldProblem, GatewayUnavailableError } from '../../domain/errors';
import { decimalToMinor } from '../../domain/money';
import { ChannelConfig } from '../channel-config';
import { asText, isJsonObject } from '../json-url';
import { ProtocolContext } from '../payout-protocol';
import {
  Balance,
  Bank,
  CallbackAck,
  CallbackInput,
  CallbackOutcome,
  PayoutDraft,
  PayoutProvider,
  PayoutSubmission,
  QueryOutcome,
  SubmitOutcome,
  refusedBeforeSending,
} from '../payout-provider';
import { PERU_BANKS } from './cashy.banks';
import { parseCashyCallback } from './cashy.callback';
import { buildPayOutBody, buildQueryBody, CASHY_PATHS, CashyCall, CashyClient, cashyNonce, isSuccess } from './cashy.client';
import { CASHY_TRADE_NO_MESSAGE, CashySettings, isCashyRefusal } from './cashy.config';
import { cashyReport } from './cashy.report';
import { checkPeruPayout } from './cashy.rules';
import { CASHY_RETRYABLE_MESSAGES } from './cashy.status-map';

/** Cashy counts any answer other than the plain text SUCCESS as a failed delivery and retries. */
export const CASHY_CALLBACK_ACK: CallbackAck = Object.freeze({ status: 200, contentType: 'text/plain', body: 'SUCCESS' });

/** A Cashy Peru channel: payOut, payOutQuery, getBalance, bankListQuery and the payout webhook. */
export class CashyProvider implements PayoutProvider {
  readonly callbackAck = CASHY_CALLBACK_ACK;
  private readonly client: CashyClient;

  constructor(
    readonly channel: ChannelConfig,
    private readonly settings: CashySettings,
    private readonly context: ProtocolContext,
    private readonly nonce: () => string = cashyNonce,
  ) {
    this.client = new CashyClient(context.http, {
      baseUrl: settings.baseUrl,
      merchantId: settings.merchantId,
      apiKey: settings.apiKey,
      timeouts: channel.timeouts,
    });
  }

  validate(draft: PayoutDraft): FieldProblem[] {
    const check = checkPeruPayout(draft, this.settings.limits);
    return check.ok ? [] : check.problems;
  }

  async submit(submission: PayoutSubmission): Promise<SubmitOutcome> {
    const check = checkPeruPayout(submission, this.settings.limits);
    if (!check.ok) return refusedBeforeSending(check.problems);
    const body = buildPayOutBody(check.payee, {
      mchOrderNo: submission.tradeNo,
      notifyUrl: this.context.notifyUrl,
      nonceStr: this.nonce(),
    });
    const b = submission.beneficiary;
    const call = await this.client.post('submit', CASHY_PATHS.payOut, body, [b.accountNumber, b.cci, b.idNumber, b.phone, b.email]);
    if (call.kind === 'failed') return { kind: call.sent, reason: call.reason, exchange: call.exchange };
    const { envelope, exchange } = call;
    if (!envelope) return { kind: 'unknown', reason: `no Cashy answer (HTTP ${exchange.httpStatus})`, exchange };

    if (isSuccess(envelope)) {
      // code 200 means the order was created, even when data is missing: the query fills in the rest.
      const data = isJsonObject(envelope.data) ? envelope.data : {};
      const echoed = asText(data.mchOrderNo);
      if (echoed !== undefined && echoed !== submission.tradeNo) {
        return { kind: 'unknown', reason: `Cashy answered for another order (${echoed})`, exchange };
      }
      const report = this.report(data, submission.tradeNo);
      if (typeof report === 'string') return { kind: 'unknown', reason: report, exchange };
      return { kind: 'accepted', report, exchange };
    }
    if (CASHY_RETRYABLE_MESSAGES.includes(envelope.msg)) {
      return { kind: 'not_sent', reason: `Cashy answered ${envelope.msg}`, exchange };
    }
    const code = envelope.msg || `code_${envelope.code}`;
    if (CASHY_TRADE_NO_MESSAGE.test(envelope.msg)) {
      return { kind: 'unknown', reason: `Cashy answered ${code}, which may mean that mchOrderNo already exists`, exchange };
    }
    // Only a message the channel lists says that no order was placed; System_error and anything
    // not listed may sit on a placed order: the payout is then queried, never failed (issue 11).
    if (!isCashyRefusal(envelope.msg, this.settings.refusalMessages)) {
      return { kind: 'unknown', reason: `Cashy answered ${code} (code ${envelope.code}), not a definite refusal`, exchange };
    }
    return { kind: 'refused', code, message: `Cashy refused the payout: ${code} (code ${envelope.code})`, exchange };
  }

  async query(tradeNo: string, providerReference?: string): Promise<QueryOutcome> {
    const body = buildQueryBody(tradeNo, providerReference, this.nonce());
    const call = await this.client.post('query', CASHY_PATHS.payOutQuery, body, []);
    if (call.kind === 'failed') return { kind: 'unknown', reason: call.reason, exchange: call.exchange };
    const { envelope, exchange } = call;
    if (!envelope) return { kind: 'unknown', reason: `no Cashy answer (HTTP ${exchange.httpStatus})`, exchange };

    if (isSuccess(envelope) && isJsonObject(envelope.data)) {
      const data = envelope.data;
      const echoed = asText(data.mchOrderNo);
      const reference = asText(data.orderNo);
      if ((echoed !== undefined && echoed !== tradeNo) || (providerReference && reference !== undefined && reference !== providerReference)) {
        return { kind: 'unknown', reason: 'Cashy answered for another order', exchange };
      }
      const report = this.report(data, tradeNo);
      if (typeof report === 'string') return { kind: 'unknown', reason: report, exchange };
      return { kind: 'found', report, exchange };
    }
    // Cashy does not document a not-found answer; only messages the channel lists count as one.
    if (this.settings.notFoundMessages.includes(envelope.msg)) return { kind: 'not_found', exchange };
    return { kind: 'unknown', reason: `Cashy answered code ${envelope.code} ${envelope.msg}`.trim(), exchange };
  }

  async balance(): Promise<Balance> {
    const call = await this.client.post('balance', CASHY_PATHS.getBalance, { nonceStr: this.nonce() }, []);
    const data = this.successData(call);
    const currency = this.channel.currency;
    const availableMinor = isJsonObject(data) ? decimalToMinor(data.balance, currency) : undefined;
    if (!isJsonObject(data) || availableMinor === undefined) {
      throw new GatewayUnavailableError(`Cashy channel "${this.channel.code}": balance query failed (${this.describe(call)})`);
    }
    const unsettledMinor = decimalToMinor(data.unBalance, currency);
    return { currency, availableMinor, ...(unsettledMinor !== undefined && { unsettledMinor }) };
  }

  async banks(): Promise<Bank[]> {
    const call = await this.client.post('banks', CASHY_PATHS.bankListQuery, { nonceStr: this.nonce() }, []);
    const data = this.successData(call);
    if (!Array.isArray(data)) return PERU_BANKS.map((b) => ({ ...b }));
    return data.flatMap((entry: unknown) => {
      if (!isJsonObject(entry)) return [];
      const code = asText(entry.bankId);
      const name = asText(entry.bankName) ?? asText(entry.bankCode);
      return code !== undefined && name !== undefined ? [{ code, name }] : [];
    });
  }

  parseCallback(input: CallbackInput): CallbackOutcome {
    return parseCashyCallback(input, {
      merchantId: this.settings.merchantId,
      apiKey: this.settings.apiKey,
      currency: this.channel.currency,
      utcOffsetMinutes: this.settings.utcOffsetMinutes,
    });
  }

  /** The order's report, or why it is malformed (then never accepted, found nor verified). */
  private report(order: Record<string, unknown>, tradeNo: string) {
    return cashyReport(order, tradeNo, this.channel.currency, this.settings.utcOffsetMinutes);
  }

  private successData(call: CashyCall): unknown {
    return call.kind === 'answer' && call.envelope && isSuccess(call.envelope) ? call.envelope.data : undefined;
  }

  private describe(call: CashyCall): string {
    if (call.kind === 'failed') return call.reason;
    if (!call.envelope) return `HTTP ${call.exchange.httpStatus}, not a Cashy answer`;
    return `code ${call.envelope.code} ${call.envelope.msg}`.trim();
  }
}
