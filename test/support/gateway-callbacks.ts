import { createHash } from 'node:crypto';

/**
 * Callbacks written and signed the way each gateway does it (docs/gateways.md 1.1, 1.6,
 * 2.1, 2.5), from the documents rather than from src/, so that the contract suite checks our
 * verification against the protocol and not against itself.
 */

/** What a callback says happened, in the gateway-neutral words of the contract suite. */
export type CallbackOutcome = 'processing' | 'success' | 'failure' | 'cancel' | 'reversed';

/** A callback ready to post: the exact bytes and the headers that go with them. */
export interface SignedCallback {
  headers: Record<string, string>;
  raw: string;
}

/** The order a callback is about, as the gateway knows it. */
export interface CallbackOrder {
  providerReference: string;
  /** In the gateway's own format: Paypro "150000", Cashy "150.00". */
  amount: string;
}

/** A protocol's callback writer. */
export interface CallbackWriter {
  body(tradeNo: string, outcome: CallbackOutcome, order: CallbackOrder): Record<string, unknown>;
  /** Signs with the channel's secret, or with `key` to forge. */
  sign(body: Record<string, unknown>, key?: string): SignedCallback;
  /** Forgeries a verifier must refuse, each from a correctly signed callback, by what was done to it. */
  forgeries: Record<string, (signed: SignedCallback) => SignedCallback>;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** `yyyy-MM-dd HH:mm:ss` at the gateway's fixed UTC offset ("+07:00"). */
export function localTime(at: Date, utcOffset: string): string {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset);
  if (!m) throw new Error(`bad offset ${utcOffset}`);
  const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return new Date(at.getTime() + minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Paypro/Vexora: every field but `sign`, empty ones skipped, keys sorted, `k=v` joined, secret appended, MD5 lowercase. */
export function payproSignature(fields: Record<string, unknown>, secret: string): string {
  const text = Object.keys(fields)
    .filter((key) => key !== 'sign' && fields[key] !== null && fields[key] !== undefined && fields[key] !== '')
    .sort()
    .map((key) => `${key}=${String(fields[key])}`)
    .join('');
  return md5(text + secret);
}

const PAYPRO_STATUS: Record<CallbackOutcome, { status: string; message: string }> = {
  processing: { status: '0015', message: 'PAYING' },
  success: { status: '0000', message: 'SUCCESS' },
  failure: { status: '00029', message: 'REJECTED_TRANSACTION' },
  // Paypro has no cancel state, and a return after success is a failure status.
  cancel: { status: '00029', message: 'REJECTED_TRANSACTION' },
  reversed: { status: '00029', message: 'REJECTED_TRANSACTION' },
};

/** Paypro/Vexora notify: JSON `{status, message, platFormTradeNo, tradeNo, amount, successTime?, timestamp, sign}`. */
export function payproCallbacks(options: { secret: string; variant: 'bank' | 'mexico'; utcOffset: string }): CallbackWriter {
  return {
    body(tradeNo, outcome, order) {
      const { status, message } = PAYPRO_STATUS[outcome];
      const body: Record<string, unknown> = {
        status,
        message,
        platFormTradeNo: order.providerReference,
        tradeNo,
        // A string on most pages, a JSON number on the Mexico page (docs/gateways.md 1.6).
        amount: options.variant === 'mexico' ? Number(order.amount) : order.amount,
        timestamp: Date.now(),
      };
      if (outcome !== 'processing') body.successTime = localTime(new Date(), options.utcOffset);
      return body;
    },
    sign(body, key = options.secret) {
      const { sign: _ignored, ...fields } = body;
      return { headers: { 'content-type': 'application/json' }, raw: JSON.stringify({ ...fields, sign: payproSignature(fields, key) }) };
    },
    forgeries: {
      'the outcome changed after signing': (signed) => {
        const fields = JSON.parse(signed.raw) as Record<string, unknown>;
        fields.status = fields.status === '0000' ? '00029' : '0000';
        return { ...signed, raw: JSON.stringify(fields) };
      },
      'the sign removed': (signed) => {
        const { sign: _ignored, ...fields } = JSON.parse(signed.raw) as Record<string, unknown>;
        return { ...signed, raw: JSON.stringify(fields) };
      },
    },
  };
}

const CASHY_STATUS: Record<CallbackOutcome, { orderStatus: string; resultDesc: string }> = {
  processing: { orderStatus: 'PROCESSING', resultDesc: 'SUCCESS' },
  success: { orderStatus: 'SUCCESS', resultDesc: 'SUCCESS' },
  failure: { orderStatus: 'FAIL', resultDesc: 'ACCOUNT_NOT_EXIST' },
  cancel: { orderStatus: 'CANCEL', resultDesc: 'CHANNEL_EXCEPTION' },
  reversed: { orderStatus: 'FAIL', resultDesc: 'PAYMENT_OFFSET' },
};

/** Fields Cashy writes as Java BigDecimals: `"amount":150.00`, which JSON.stringify cannot produce. */
const CASHY_DECIMALS = new Set(['amount', 'fee']);

function cashyJson(body: Record<string, unknown>): string {
  const entries = Object.entries(body).filter(([, value]) => value !== undefined);
  return `{${entries
    .map(([key, value]) => `${JSON.stringify(key)}:${CASHY_DECIMALS.has(key) && typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(',')}}`;
}

/** Cashy webhook: the documented field order, `MerchantId` header, `Sign` = MD5(raw body + apiKey) uppercase. */
export function cashyCallbacks(options: { apiKey: string; merchantId: string; utcOffset: string; fee: string }): CallbackWriter {
  return {
    body(tradeNo, outcome, order) {
      const { orderStatus, resultDesc } = CASHY_STATUS[outcome];
      const paid = outcome === 'success';
      return {
        orderStatus,
        amount: order.amount,
        fee: paid ? options.fee : null,
        mchOrderNo: tradeNo,
        merchantId: options.merchantId,
        orderNo: order.providerReference,
        completionTime: paid ? localTime(new Date(), options.utcOffset) : null,
        resultDesc,
      };
    },
    sign(body, key = options.apiKey) {
      const raw = cashyJson(body);
      return {
        headers: { 'content-type': 'application/json', MerchantId: options.merchantId, Sign: md5(raw + key).toUpperCase() },
        raw,
      };
    },
    forgeries: {
      'the outcome changed after signing': (signed) => ({
        ...signed,
        raw: signed.raw.includes('"orderStatus":"SUCCESS"')
          ? signed.raw.replace('"orderStatus":"SUCCESS"', '"orderStatus":"FAIL"')
          : signed.raw.replace(/"orderStatus":"[A-Z]+"/, '"orderStatus":"SUCCESS"'),
      }),
      'the Sign header removed': (signed) => {
        const { Sign: _ignored, ...headers } = signed.headers;
        return { ...signed, headers };
      },
      'another merchant id in the MerchantId header': (signed) => ({ ...signed, headers: { ...signed.headers, MerchantId: `${options.merchantId}9` } }),
    },
  };
}
