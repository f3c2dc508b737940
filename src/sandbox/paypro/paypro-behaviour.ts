import { RenderedCallback } from '../core/callback-dispatcher';
import { LedgerOrder } from '../core/ledger';
import { formatLocalTime } from '../core/local-time';
import { CallbackView, ProtocolBehaviour } from '../core/order-engine';
import { randomToken } from '../core/prng';
import { PAYPRO_FAILURE_MESSAGES, PAYPRO_STATUS } from './paypro-codes';
import { PayproVariant } from './paypro-payout-rules';
import { payproSign } from './paypro-signature';

/** 2s, 5s, 10s, 30s, 1h, 3h, 3h, 3h between deliveries (docs/gateways.md 1.6). */
const RETRY_DELAYS_MS = [2, 5, 10, 30, 3_600, 10_800, 10_800, 10_800].map((s) => s * 1_000);

const REJECTED = { code: '00029', message: PAYPRO_FAILURE_MESSAGES['00029'] };

export interface PayproBehaviourSettings {
  secret: string;
  variant: PayproVariant;
  utcOffsetMinutes: number;
}

/** An order's data.status and its message, as queries and callbacks report it. */
export function payproStatusOf(order: LedgerOrder): { status: string; message: string } {
  if (order.state === 'processing') return { status: PAYPRO_STATUS.PROCESSING, message: 'PAYING' };
  if (order.state === 'succeeded') return { status: PAYPRO_STATUS.SUCCESS, message: 'SUCCESS' };
  return { status: order.failure?.code ?? REJECTED.code, message: order.failure?.message ?? REJECTED.message };
}

/** Paypro/Vexora as the order engine sees it: the OK acknowledgement, the retry schedule, signed callbacks. */
export function payproBehaviour(settings: PayproBehaviourSettings): ProtocolBehaviour {
  return {
    ack: 'OK',
    retryDelaysMs: RETRY_DELAYS_MS,
    // Like the documented "64qpx8yljs8beccd" (docs/gateways.md, source 000).
    newProviderReference: (random) => randomToken(random, 16, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    // Paypro documents no cancel state and no return code: both read as a failure status.
    defaults: { failure: REJECTED, cancel: REJECTED, return: REJECTED },
    failureMessage: (code) => PAYPRO_FAILURE_MESSAGES[code] ?? 'FAILED',
    reservedCodes: Object.values(PAYPRO_STATUS),
    renderCallback: (order, view) => renderCallback(settings, order, view),
    renderFieldShifted: (order) => renderFieldShifted(settings, order),
  };
}

/**
 * The notify fields (docs/gateways.md 1.6): status, message, platFormTradeNo, tradeNo, amount,
 * successTime when completed, remark when the order had one ("returned in the callback"),
 * timestamp; without the sign.
 */
function callbackFields(settings: PayproBehaviourSettings, order: LedgerOrder, view: CallbackView): Record<string, unknown> {
  let { status, message } = view === 'stale' ? { status: PAYPRO_STATUS.PROCESSING as string, message: 'PAYING' } : payproStatusOf(order);
  if (view === 'forged') {
    ({ status, message } = status === PAYPRO_STATUS.SUCCESS ? { status: REJECTED.code, message: REJECTED.message } : { status: PAYPRO_STATUS.SUCCESS, message: 'SUCCESS' });
  }
  if (view === 'contradicting') {
    status = REJECTED.code;
    message = REJECTED.message;
  }
  const fields: Record<string, unknown> = {
    status,
    message,
    platFormTradeNo: order.providerReference,
    tradeNo: order.tradeNo,
    // A string on most pages, a number on the Mexico page (docs/gateways.md 1.6).
    amount: settings.variant === 'mexico' ? Number(order.amount) : order.amount,
    timestamp: Date.now(),
  };
  // A failure notification carries its completion time, even a contradicting one about an order still processing.
  const completedAt = view === 'stale' ? undefined : view === 'contradicting' ? (order.completedAt ?? Date.now()) : order.completedAt;
  if (completedAt !== undefined) fields.successTime = formatLocalTime(completedAt, settings.utcOffsetMinutes);
  if (typeof order.request.remark === 'string' && order.request.remark !== '') fields.remark = order.request.remark;
  return fields;
}

function renderCallback(settings: PayproBehaviourSettings, order: LedgerOrder, view: CallbackView): RenderedCallback {
  const fields = callbackFields(settings, order, view);
  // A forged callback is signed with another key: a client that checks signatures refuses it.
  const sign = payproSign(fields, view === 'forged' ? `${settings.secret}-forged` : settings.secret);
  return { status: String(fields.status), body: JSON.stringify({ ...fields, sign }), headers: { 'content-type': 'application/json' } };
}

/**
 * The current notification with `status` run into the field after it in signing order
 * ("0000successTime=2024-07-01 18:34:31", successTime gone): the string `k1=v1k2=v2…` is unchanged,
 * so the genuine sign still matches, and a client that takes any status reads a failure.
 */
function renderFieldShifted(settings: PayproBehaviourSettings, order: LedgerOrder): RenderedCallback {
  const fields = callbackFields(settings, order, 'current');
  const sign = payproSign(fields, settings.secret);
  const keys = Object.keys(fields).sort();
  const next = keys[keys.indexOf('status') + 1];
  const { [next]: swallowed, ...rest } = fields;
  const status = `${String(fields.status)}${next}=${String(swallowed)}`;
  return { status, body: JSON.stringify({ ...rest, status, sign }), headers: { 'content-type': 'application/json' } };
}
