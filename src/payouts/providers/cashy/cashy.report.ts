import { parseLocalTime } from '../../domain/local-time';
import { readGatewayDecimal } from '../../domain/money';
import { isFinal } from '../../domain/payout-status';
import { asText } from '../json-url';
import { StatusReport } from '../payout-provider';
import { mapCashyStatus } from './cashy.status-map';

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
