import { randomBytes } from 'node:crypto';
import { maskAnswer, maskPersonalData, maskValuesIn, scrubSecrets } from '../../domain/masking';
import { ChannelTimeouts } from '../channel-config';
import { HttpClient } from '../http-client';
import { parseJsonObject } from '../json-url';
import { ExchangeRecord } from '../payout-provider';
import { PeruPayee } from './cashy.rules';
import { cashySign } from './cashy.signature';

export const CASHY_PATHS = {
  payOut: '/api/payOut',
  payOutQuery: '/api/payOutQuery',
  getBalance: '/api/getBalance',
  bankListQuery: '/api/bankListQuery',
} as const;

export interface CashyClientConfig {
  /** Without a trailing slash (the config strips it). */
  baseUrl: string;
  merchantId: string;
  apiKey: string;
  timeouts?: Partial<ChannelTimeouts>;
}

/** Cashy's answer envelope `{code, msg, data}`; `code` arrives as 200 or "200". */
export interface CashyEnvelope {
  code: string;
  msg: string;
  data: unknown;
}

/** One POST to Cashy: either nothing usable came back, or an HTTP answer (maybe not an envelope). */
export type CashyCall =
  | { kind: 'failed'; sent: 'not_sent' | 'unknown'; reason: string; exchange: ExchangeRecord }
  | { kind: 'answer'; envelope?: CashyEnvelope; exchange: ExchangeRecord };

/** How much of an answer that is not JSON is kept for the record. */
const MAX_RAW_RECORD = 2_000;

/** Signs and POSTs Cashy requests (`MerchantId` and `Sign` headers); knows the envelope, not the operations. */
export class CashyClient {
  constructor(
    private readonly http: HttpClient,
    private readonly config: CashyClientConfig,
  ) {}

  /**
   * Serializes the body once, signs that string and sends the same string. `personal` lists the
   * request's personal values, so that an answer echoing them is not stored in clear.
   */
  async post(
    operation: ExchangeRecord['operation'],
    path: string,
    body: Record<string, unknown>,
    personal: readonly (string | undefined)[],
  ): Promise<CashyCall> {
    const bodyString = JSON.stringify(body);
    const result = await this.http.post({
      url: this.config.baseUrl + path,
      headers: {
        'Content-Type': 'application/json',
        MerchantId: this.config.merchantId,
        Sign: cashySign(bodyString, this.config.apiKey),
      },
      body: bodyString,
      timeouts: this.config.timeouts,
    });
    const exchange: ExchangeRecord = { operation, request: maskPersonalData(body), durationMs: result.durationMs };
    if (result.kind !== 'response') {
      return { kind: 'failed', sent: result.kind, reason: this.redact(result.error, personal), exchange };
    }
    exchange.httpStatus = result.status;
    const json = parseJsonObject(result.body);
    exchange.response = json ? maskAnswer(json, personal) : this.redact(result.body.slice(0, MAX_RAW_RECORD), personal);
    // A 5xx may come from a proxy in front of a gateway that did take the order.
    if (result.status >= 500) return { kind: 'failed', sent: 'unknown', reason: `HTTP ${result.status}`, exchange };
    return { kind: 'answer', envelope: readEnvelope(json), exchange };
  }

  private redact(value: string, personal: readonly (string | undefined)[]): string {
    return maskValuesIn(scrubSecrets(value, [this.config.apiKey]), personal);
  }
}

/** The envelope of an answer, or undefined when the answer is not one (no usable `code`). */
export function readEnvelope(json: Record<string, unknown> | undefined): CashyEnvelope | undefined {
  const code = json?.code;
  if (typeof code !== 'number' && typeof code !== 'string') return undefined;
  return { code: String(code).trim(), msg: typeof json?.msg === 'string' ? json.msg : '', data: json?.data };
}

export function isSuccess(envelope: CashyEnvelope): boolean {
  return envelope.code === '200';
}

/** nonceStr: string(32), digits like the doc examples; 64 random bits give at most 20 digits. */
export function cashyNonce(): string {
  return BigInt(`0x${randomBytes(8).toString('hex')}`).toString();
}

/**
 * The payOut body in a stable field order (the one of test vector C1). Optional fields are left
 * out when absent so that no null is sent. The caller serializes it once and signs that string.
 */
export function buildPayOutBody(
  payee: PeruPayee,
  order: { mchOrderNo: string; notifyUrl: string; nonceStr: string },
): Record<string, string | number> {
  return {
    accountName: payee.accountName,
    accountNo: payee.accountNo,
    accountType: payee.accountType,
    amount: payee.amount,
    bankId: payee.bankId,
    ...(payee.cciAccountNo !== undefined && { cciAccountNo: payee.cciAccountNo }),
    currency: payee.currency,
    ...(payee.email !== undefined && { email: payee.email }),
    idCard: payee.idCard,
    idType: payee.idType,
    mchOrderNo: order.mchOrderNo,
    nonceStr: order.nonceStr,
    notifyUrl: order.notifyUrl,
    ...(payee.phone !== undefined && { phone: payee.phone }),
    remark: payee.remark,
  };
}

/** payOutQuery: both order numbers when the platform's is known (the doc prefers orderNo). */
export function buildQueryBody(mchOrderNo: string, orderNo: string | undefined, nonceStr: string): Record<string, string> {
  return { mchOrderNo, ...(orderNo ? { orderNo } : {}), nonceStr };
}
