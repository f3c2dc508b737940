import { maskAnswer, maskPersonalData, maskValuesIn, personalValues, scrubSecrets } from '../../domain/masking';
import { ChannelTimeouts } from '../channel-config';
import { HttpClient } from '../http-client';
import { parseJsonObject, trimTrailingSlashes } from '../json-url';
import { ExchangeRecord } from '../payout-provider';
import { payproSign } from './paypro.signature';

export interface PayproClientConfig {
  baseUrl: string;
  merchantId: string;
  secret: string;
  timeouts?: Partial<ChannelTimeouts>;
}

/** The outer envelope every Paypro answer has: `{code, msg, timestamp, success, data}` (docs/gateways.md, source 000). */
export interface PayproEnvelope {
  code?: unknown;
  msg?: unknown;
  data?: unknown;
}

/**
 * One signed call: `response` whenever the gateway answered (envelope undefined when the body
 * is not a JSON object), else the HTTP client's not_sent/unknown classification.
 */
export type PayproCall =
  | { kind: 'response'; httpStatus: number; envelope?: PayproEnvelope; exchange: ExchangeRecord }
  | { kind: 'not_sent' | 'unknown'; reason: string; exchange: ExchangeRecord };

const RAW_BODY_KEPT = 2_000;

/** Signs and POSTs Paypro/Vexora requests; knows the envelope, not the operations. */
export class PayproClient {
  constructor(
    private readonly http: HttpClient,
    private readonly config: PayproClientConfig,
  ) {}

  /**
   * Adds `timestamp` (ms, as a string: its signed form is then unambiguous, docs/gateways.md 1.1)
   * and `sign`, then posts with the `merchantNo` header, which is not signed.
   */
  async post(operation: ExchangeRecord['operation'], path: string, fields: Record<string, string>): Promise<PayproCall> {
    const unsigned = { ...fields, timestamp: String(Date.now()) };
    const body = { ...unsigned, sign: payproSign(unsigned, this.config.secret) };
    const result = await this.http.post({
      url: trimTrailingSlashes(this.config.baseUrl) + path,
      headers: { 'Content-Type': 'application/json', merchantNo: this.config.merchantId },
      body: JSON.stringify(body),
      timeouts: this.config.timeouts,
    });
    const exchange: ExchangeRecord = { operation, request: maskPersonalData(body), durationMs: result.durationMs };
    if (result.kind !== 'response') {
      return { kind: result.kind, reason: this.scrub(result.error), exchange };
    }
    exchange.httpStatus = result.status;
    const envelope = parseJsonObject(result.body);
    // The request's personal values are masked wherever the answer quotes them, not only under their names.
    const personal = personalValues(body);
    exchange.response = envelope ? maskAnswer(envelope, personal) : maskValuesIn(this.scrub(result.body.slice(0, RAW_BODY_KEPT)), personal);
    return { kind: 'response', httpStatus: result.status, envelope, exchange };
  }

  private scrub(text: string): string {
    return scrubSecrets(text, [this.config.secret]);
  }
}
