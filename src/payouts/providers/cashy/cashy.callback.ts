import { isOurTradeNo } from '../../domain/identifiers';
import { maskPersonalData } from '../../domain/masking';
import { asText, parseJsonObject, quote } from '../json-url';
import { CallbackInput, CallbackOutcome, CallbackProblem } from '../payout-provider';
import { cashyReport } from './cashy.report';
import { cashyVerify } from './cashy.signature';
import { CASHY_ORDER_STATUSES } from './cashy.status-map';

export interface CashyCallbackContext {
  merchantId: string;
  apiKey: string;
  currency: string;
  utcOffsetMinutes: number;
}

/**
 * The payout webhook (docs/gateways.md 2.5): the exact bytes are signed like a request, MD5(body +
 * apiKey) in the `Sign` header, with the `MerchantId` header. Nothing in the body is trusted
 * before both check out, and only a documented order status about a trade number of ours is taken.
 */
export function parseCashyCallback(input: CallbackInput, context: CashyCallbackContext): CallbackOutcome {
  const json = parseJsonObject(input.rawBody.toString('utf8'));
  const maskedBody = json ? maskPersonalData(json) : undefined;
  const reject = (problem: CallbackProblem, reason: string): CallbackOutcome => ({
    kind: 'rejected',
    problem,
    reason,
    ...(maskedBody !== undefined && { maskedBody }),
  });

  // Signature over the exact bytes first: nothing in the payload is trusted before it.
  const sign = header(input.headers, 'sign');
  if (!sign) return reject('forged', 'missing Sign header');
  if (!cashyVerify(input.rawBody, sign, context.apiKey)) return reject('forged', 'Sign does not match the body');
  if (header(input.headers, 'merchantid') !== context.merchantId) {
    return reject('forged', 'MerchantId header does not match this channel');
  }
  if (!json) return reject('malformed', 'body is not a JSON object');
  if (json.merchantId !== undefined && json.merchantId !== null && asText(json.merchantId) !== context.merchantId) {
    return reject('forged', 'merchantId does not match this channel');
  }
  // Cashy signs the raw bytes, so no field can have been shifted; still, nothing undocumented is acted on.
  if (typeof json.orderStatus !== 'string' || !Object.hasOwn(CASHY_ORDER_STATUSES, json.orderStatus)) {
    return reject('malformed', `malformed: orderStatus ${quote(json.orderStatus)} is not one of ${Object.keys(CASHY_ORDER_STATUSES).join(', ')}`);
  }
  const tradeNo = asText(json.mchOrderNo);
  if (tradeNo === undefined) return reject('malformed', 'mchOrderNo is missing');
  const report = cashyReport(json, tradeNo, context.currency, context.utcOffsetMinutes);
  if (typeof report === 'string') return reject('malformed', report);
  if (!isOurTradeNo(tradeNo)) return reject('malformed', `malformed: mchOrderNo ${quote(tradeNo)} is not a trade number of ours`);
  if (!report.amountMinor) return reject('malformed', `malformed amount: ${quote(json.amount)} is not a positive amount`);
  return {
    kind: 'verified',
    report,
    maskedBody,
  };
}

/** A header's value; the input type allows a repeated header as a list, and then the first counts. */
function header(headers: CallbackInput['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
