import { RenderedCallback } from '../core/callback-dispatcher';
import { LedgerOrder } from '../core/ledger';
import { formatLocalTime } from '../core/local-time';
import { CallbackView, FailureReason, ProtocolBehaviour } from '../core/order-engine';
import { randomToken } from '../core/prng';
import { JsonDecimal, toJavaJson } from './cashy-json';
import { cashySign } from './cashy-signature';

/** Retried after 1, 2, 4 … 512 minutes, 10 times (docs/gateways.md 2.5, source 001). */
const RETRY_DELAYS_MS = Array.from({ length: 10 }, (_, i) => 2 ** i * 60_000);

const ACCOUNT_NOT_EXIST: FailureReason = { code: 'ACCOUNT_NOT_EXIST', message: 'ACCOUNT_NOT_EXIST' };
const CHANNEL_EXCEPTION: FailureReason = { code: 'CHANNEL_EXCEPTION', message: 'CHANNEL_EXCEPTION' };
const PAYMENT_OFFSET: FailureReason = { code: 'PAYMENT_OFFSET', message: 'PAYMENT_OFFSET' };

export interface CashyBehaviourSettings {
  merchantId: string;
  apiKey: string;
  /** Fee of a paid order, as a decimal string written verbatim ("0", "1.50"). */
  fee: string;
  utcOffsetMinutes: number;
  /** A processing order reads PAYING once half of this has passed, PROCESSING before. */
  completeAfterMs: number;
}

/** Status fields of an order as payOutQuery and callbacks report them. */
export interface CashyStatusView {
  orderStatus: string;
  /** fee and completionTime only have a value once the order is paid (docs/gateways.md, source 001). */
  fee: JsonDecimal | null;
  completionTime: string | null;
  resultDesc: string;
}

export function cashyStatusOf(order: LedgerOrder, settings: CashyBehaviourSettings, now = Date.now()): CashyStatusView {
  switch (order.state) {
    case 'processing':
      // The doc's own query example shows PAYING with resultDesc "SUCCESS" (docs/gateways.md, source 001): only orderStatus counts.
      return {
        orderStatus: now - order.createdAt >= settings.completeAfterMs / 2 ? 'PAYING' : 'PROCESSING',
        fee: null,
        completionTime: null,
        resultDesc: 'SUCCESS',
      };
    case 'succeeded':
      return {
        orderStatus: 'SUCCESS',
        fee: new JsonDecimal(settings.fee),
        completionTime: formatLocalTime(order.completedAt ?? now, settings.utcOffsetMinutes),
        resultDesc: 'SUCCESS',
      };
    default:
      return {
        orderStatus: order.state === 'cancelled' ? 'CANCEL' : 'FAIL',
        fee: null,
        completionTime: null,
        resultDesc: order.failure?.code ?? ACCOUNT_NOT_EXIST.code,
      };
  }
}

/** Cashy as the order engine sees it: the SUCCESS acknowledgement, the retry schedule, signed callbacks. */
export function cashyBehaviour(settings: CashyBehaviourSettings): ProtocolBehaviour {
  return {
    ack: 'SUCCESS',
    retryDelaysMs: RETRY_DELAYS_MS,
    // Like the documented "PAYOUT8232147367892025344".
    newProviderReference: (random) => `PAYOUT${randomToken(random, 1, '123456789')}${randomToken(random, 18, '0123456789')}`,
    defaults: { failure: ACCOUNT_NOT_EXIST, cancel: CHANNEL_EXCEPTION, return: PAYMENT_OFFSET },
    // resultDesc is the code itself.
    failureMessage: (code) => code,
    reservedCodes: ['SUCCESS'],
    renderCallback: (order, view) => renderCallback(settings, order, view),
  };
}

/** The webhook body in the documented field order; amount written like BigDecimal ("10.00"). */
export function cashyCallbackBody(order: LedgerOrder, merchantId: string, view: CashyStatusView): string {
  return toJavaJson({
    orderStatus: view.orderStatus,
    amount: new JsonDecimal(order.amount),
    fee: view.fee,
    mchOrderNo: order.tradeNo,
    merchantId,
    orderNo: order.providerReference,
    completionTime: view.completionTime,
    resultDesc: view.resultDesc,
  });
}

const FAILED: CashyStatusView = { orderStatus: 'FAIL', fee: null, completionTime: null, resultDesc: ACCOUNT_NOT_EXIST.code };

/**
 * A forged or contradicting callback claims a failure (forged: the opposite of the truth). There
 * is no field-shifted Cashy callback: the Sign covers the raw body, so any shift would break it.
 */
function renderCallback(settings: CashyBehaviourSettings, order: LedgerOrder, view: CallbackView): RenderedCallback {
  let status: CashyStatusView;
  if (view === 'stale') {
    status = { orderStatus: 'PROCESSING', fee: null, completionTime: null, resultDesc: 'SUCCESS' };
  } else if (view === 'contradicting') {
    status = FAILED;
  } else {
    status = cashyStatusOf(order, settings);
    if (view === 'forged') status = status.orderStatus === 'SUCCESS' ? FAILED : cashyStatusOf({ ...order, state: 'succeeded' }, settings);
  }
  const body = cashyCallbackBody(order, settings.merchantId, status);
  // A forged callback is signed with another key: a client that checks signatures refuses it.
  const key = view === 'forged' ? `${settings.apiKey}-forged` : settings.apiKey;
  return {
    status: status.orderStatus,
    body,
    headers: { 'content-type': 'application/json', MerchantId: settings.merchantId, Sign: cashySign(body, key) },
  };
}
