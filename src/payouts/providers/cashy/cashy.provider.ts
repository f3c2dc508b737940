import { createHash } from 'node:crypto';
import { FieldProblem, GatewayUnavailableError } from '../../domain/errors';
import { isOurTradeNo } from '../../domain/identifiers';
import { maskPersonalData, maskTail, scrubSecrets } from '../../domain/masking';
import { decimalToMinor } from '../../domain/money';
import {
  Balance,
  Bank,
  CallbackAck,
  CallbackInput,
  CallbackOutcome,
  ChannelConfig,
  ExchangeRecord,
  PayoutDraft,
  PayoutProvider,
  PayoutSubmission,
  ProtocolContext,
  QueryOutcome,
  SubmitOutcome,
} from '../payout-provider';
import { PERU_BANKS } from './cashy.banks';
import { CASHY_TRADE_NO_MESSAGE, CashySettings, isCashyRefusal } from './cashy.config';
import { checkPeruPayout } from './cashy.peru-rules';
import { buildPayOutBody, buildQueryBody, CASHY_PATHS, cashyNonce } from './cashy.request';
import {
  asText,
  CASHY_RETRYABLE_MESSAGES,
  CashyEnvelope,
  cashyReport,
  isObject,
  isSuccess,
  parseJsonObject,
  readEnvelope,
} from './cashy.response';
import { cashySign, cashyVerify } from './cashy.signature';
import { CASHY_ORDER_STATUSES } from './cashy.status-map';

/** Cashy counts any answer other than the plain text SUCCESS as a failed delivery and retries. */
export const CASHY_CALLBACK_ACK: CallbackAck = Object.freeze({ status: 200, contentType: 'text/plain', body: 'SUCCESS' });

/** How much of an answer that is not JSON is kept for the record. */
const MAX_RAW_RECORD = 2_000;

/** One POST to Cashy: either nothing usable came back, or an HTTP answer (maybe not an envelope). */
type CashyCall =
  | { kind: 'failed'; sent: 'not_sent' | 'unknown'; reason: string; exchange: ExchangeRecord }
  | { kind: 'answer'; envelope?: CashyEnvelope; exchange: ExchangeRecord };

/** A Cashy Peru channel: payOut, payOutQuery, getBalance, bankListQuery and the payout webhook. */
export class CashyProvider implements PayoutProvider {
  readonly callbackAck = CASHY_CALLBACK_ACK;

  constructor(
    readonly channel: ChannelConfig,
    private readonly settings: CashySettings,
    private readonly context: ProtocolContext,
    private readonly nonce: () => string = cashyNonce,
  ) {}

  validate(draft: PayoutDraft): FieldProblem[] {
    const check = checkPeruPayout(draft, this.settings.limits);
    return check.ok ? [] : check.problems;
  }

  async submit(submission: PayoutSubmission): Promise<SubmitOutcome> {
    const check = checkPeruPayout(submission, this.settings.limits);
    if (!check.ok) {
      // Nothing is sent, so no order can exist: a definite refusal.
      const message = check.problems.map((p) => `${p.field} ${p.problem}`).join('; ');
      return { kind: 'refused', code: 'INVALID_REQUEST', message, exchange: { operation: 'submit', durationMs: 0 } };
    }
    const body = buildPayOutBody(check.payee, {
      mchOrderNo: submission.tradeNo,
      notifyUrl: this.context.notifyUrl,
      nonceStr: this.nonce(),
    });
    const b = submission.beneficiary;
    const call = await this.post('submit', CASHY_PATHS.payOut, body, [b.accountNumber, b.cci, b.idNumber, b.phone, b.email]);
    if (call.kind === 'failed') return { kind: call.sent, reason: call.reason, exchange: call.exchange };
    const { envelope, exchange } = call;
    if (!envelope) return { kind: 'unknown', reason: `no Cashy answer (HTTP ${exchange.httpStatus})`, exchange };

    if (isSuccess(envelope)) {
      // code 200 means the order was created, even when data is missing: the query fills in the rest.
      const data = isObject(envelope.data) ? envelope.data : {};
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
    const call = await this.post('query', CASHY_PATHS.payOutQuery, body, []);
    if (call.kind === 'failed') return { kind: 'unknown', reason: call.reason, exchange: call.exchange };
    const { envelope, exchange } = call;
    if (!envelope) return { kind: 'unknown', reason: `no Cashy answer (HTTP ${exchange.httpStatus})`, exchange };

    if (isSuccess(envelope) && isObject(envelope.data)) {
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
    const call = await this.post('balance', CASHY_PATHS.getBalance, { nonceStr: this.nonce() }, []);
    const data = this.successData(call);
    const currency = this.channel.currency;
    const availableMinor = isObject(data) ? decimalToMinor(data.balance, currency) : undefined;
    if (!isObject(data) || availableMinor === undefined) {
      throw new GatewayUnavailableError(`Cashy channel "${this.channel.code}": balance query failed (${this.describe(call)})`);
    }
    const unsettledMinor = decimalToMinor(data.unBalance, currency);
    return { currency, availableMinor, ...(unsettledMinor !== undefined && { unsettledMinor }) };
  }

  async banks(): Promise<Bank[]> {
    const call = await this.post('banks', CASHY_PATHS.bankListQuery, { nonceStr: this.nonce() }, []);
    const data = this.successData(call);
    if (!Array.isArray(data)) return PERU_BANKS.map((b) => ({ ...b }));
    return data.flatMap((entry: unknown) => {
      if (!isObject(entry)) return [];
      const code = asText(entry.bankId);
      const name = asText(entry.bankName) ?? asText(entry.bankCode);
      return code !== undefined && name !== undefined ? [{ code, name }] : [];
    });
  }

  parseCallback(input: CallbackInput): CallbackOutcome {
    const json = parseJsonObject(input.rawBody.toString('utf8'));
    const maskedBody = json ? maskPersonalData(json) : undefined;
    const reject = (httpStatus: 400 | 401, reason: string): CallbackOutcome => ({
      kind: 'rejected',
      httpStatus,
      reason,
      ...(maskedBody !== undefined && { maskedBody }),
    });

    // Signature over the exact bytes first: nothing in the payload is trusted before it.
    const sign = header(input.headers, 'sign');
    if (!sign) return reject(401, 'missing Sign header');
    if (!cashyVerify(input.rawBody, sign, this.settings.apiKey)) return reject(401, 'Sign does not match the body');
    if (header(input.headers, 'merchantid') !== this.settings.merchantId) {
      return reject(401, 'MerchantId header does not match this channel');
    }
    if (!json) return reject(400, 'body is not a JSON object');
    if (json.merchantId !== undefined && json.merchantId !== null && asText(json.merchantId) !== this.settings.merchantId) {
      return reject(401, 'merchantId does not match this channel');
    }
    // Cashy signs the raw bytes, so no field can have been shifted; still, nothing undocumented is acted on.
    if (typeof json.orderStatus !== 'string' || !Object.hasOwn(CASHY_ORDER_STATUSES, json.orderStatus)) {
      return reject(400, `malformed: orderStatus ${quote(json.orderStatus)} is not one of ${Object.keys(CASHY_ORDER_STATUSES).join(', ')}`);
    }
    const tradeNo = asText(json.mchOrderNo);
    if (tradeNo === undefined) return reject(400, 'mchOrderNo is missing');
    const report = this.report(json, tradeNo);
    if (typeof report === 'string') return reject(400, report);
    if (!isOurTradeNo(tradeNo)) return reject(400, `malformed: mchOrderNo ${quote(tradeNo)} is not a trade number of ours`);
    if (!report.amountMinor) return reject(400, `malformed amount: ${quote(json.amount)} is not a positive amount`);
    return {
      kind: 'verified',
      report,
      dedupeKey: createHash('sha256').update(input.rawBody).digest('hex'),
      maskedBody,
    };
  }

  /** The order's report, or why it is malformed (then never accepted, found nor verified). */
  private report(order: Record<string, unknown>, tradeNo: string) {
    return cashyReport(order, tradeNo, this.channel.currency, this.settings.utcOffsetMinutes);
  }

  /**
   * Serializes the body once, signs that string and sends the same string. `personal` lists the
   * request's personal values, so that an answer echoing them is not stored in clear.
   */
  private async post(
    operation: ExchangeRecord['operation'],
    path: string,
    body: Record<string, unknown>,
    personal: readonly (string | undefined)[],
  ): Promise<CashyCall> {
    const bodyString = JSON.stringify(body);
    const result = await this.context.http.post({
      url: this.settings.baseUrl + path,
      headers: {
        'Content-Type': 'application/json',
        MerchantId: this.settings.merchantId,
        Sign: cashySign(bodyString, this.settings.apiKey),
      },
      body: bodyString,
      timeouts: this.channel.timeouts,
    });
    const exchange: ExchangeRecord = { operation, request: maskPersonalData(body), durationMs: result.durationMs };
    if (result.kind !== 'response') {
      return { kind: 'failed', sent: result.kind, reason: this.redact(result.error, personal), exchange };
    }
    exchange.httpStatus = result.status;
    const json = parseJsonObject(result.body);
    exchange.response = json ? maskPersonalData(json) : this.redact(result.body.slice(0, MAX_RAW_RECORD), personal);
    // A 5xx may come from a proxy in front of a gateway that did take the order.
    if (result.status >= 500) return { kind: 'failed', sent: 'unknown', reason: `HTTP ${result.status}`, exchange };
    return { kind: 'answer', envelope: readEnvelope(json), exchange };
  }

  private successData(call: CashyCall): unknown {
    return call.kind === 'answer' && call.envelope && isSuccess(call.envelope) ? call.envelope.data : undefined;
  }

  private describe(call: CashyCall): string {
    if (call.kind === 'failed') return call.reason;
    if (!call.envelope) return `HTTP ${call.exchange.httpStatus}, not a Cashy answer`;
    return `code ${call.envelope.code} ${call.envelope.msg}`.trim();
  }

  private redact(value: string, personal: readonly (string | undefined)[]): string {
    let out = scrubSecrets(value, [this.settings.apiKey]);
    for (const p of personal) if (p && p.length > 4) out = out.split(p).join(maskTail(p));
    return out;
  }
}

/** A value for a rejection reason, cut short: it came from outside. */
function quote(value: unknown): string {
  const json = JSON.stringify(value) ?? 'undefined';
  return json.length > 48 ? `${json.slice(0, 45)}...` : json;
}

/** A header's value; the input type allows a repeated header as a list, and then the first counts. */
function header(headers: CallbackInput['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
