import { readGatewayDecimal } from '../../domain/money';
import { isFinal } from '../../domain/payout-status';
import { StatusReport } from '../payout-provider';
import { parseLocalTime } from '../../domain/local-time';
import { mapCashyStatus } from './cashy.status-map';

/** Cashy's answer envelope `{code, msg, data}`; `code` arrives as 200 or "200". */
export interface CashyEnvelope {
  code: string;
  msg: string;
  data: unknown;
}

/** Common error messages the docs mark as retryable: the order was not placed. */
export const CASHY_RETRYABLE_MESSAGES: readonly string[] = ['System_busy', 'System_Maintenance'];

/** The JSON text as an object, or undefined when it is not a JSON object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
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

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An order number field as text (the docs type them string(32), but ids may come as numbers). */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * One order as Cashy describes it (payOut and payOutQuery `data`, or a callback body) in our terms,
 * or why it cannot be taken (a reason starting with "malformed"): an amount or fee that is there
 * but is not a safe, non-negative number of minor units.
 */
export function cashyReport(
  order: Record<string, unknown>,
  tradeNo: string,
  currency: string,
  utcOffsetMinutes: number,
): StatusReport | string {
  const amount = readGatewayDecimal(order.amount, currency);
  if (amount.kind === 'malformed') return `malformed amount: ${amount.problem}`;
  const fee = readGatewayDecimal(order.fee, currency);
  if (fee.kind === 'malformed') return `malformed fee: ${fee.problem}`;
  const { status, failure } = mapCashyStatus(order.orderStatus, order.resultDesc);
  const report: StatusReport = {
    tradeNo,
    status,
    rawStatus: typeof order.orderStatus === 'string' ? order.orderStatus : '',
  };
  const reference = asText(order.orderNo);
  if (reference !== undefined) report.providerReference = reference;
  if (amount.minor !== undefined) report.amountMinor = amount.minor;
  if (failure) report.failure = failure;
  // The docs: fee and completionTime only have a value once the order is paid; before that a
  // `fee: 0` is a placeholder, not the fee.
  if (isFinal(status)) {
    if (fee.minor !== undefined) report.feeMinor = fee.minor;
    const completedAt = parseLocalTime(order.completionTime, utcOffsetMinutes);
    if (completedAt) report.completedAt = completedAt;
  }
  return report;
}
