import { parseLocalTime } from '../../domain/local-time';
import { decimalToMinor } from '../../domain/money';
import { PayoutStatus, isFinal } from '../../domain/payout-status';
import { asText } from '../json-url';
import { StatusReport } from '../payout-provider';
import { describePayproCode, mapPayproStatus } from './paypro.status-map';

export interface ReportContext {
  /** The trade number the report is about. */
  tradeNo: string;
  currency: string;
  utcOffsetMinutes: number;
  /** The amount field of this answer (query: orderAmount or amount; callback: amount). */
  amount?: unknown;
}

/**
 * A status report from a Paypro `data` object or notification. Returns undefined when `status`
 * is missing or not a string: an answer without a status says nothing, and must never be read
 * as a failure (that could pay twice).
 */
export function payproReport(data: Record<string, unknown>, context: ReportContext): StatusReport | undefined {
  const rawStatus = data.status;
  if (typeof rawStatus !== 'string' || rawStatus === '') return undefined;
  const status = mapPayproStatus(rawStatus);
  const report: StatusReport = { tradeNo: context.tradeNo, status, rawStatus };
  const reference = asText(data.platFormTradeNo);
  if (reference) report.providerReference = reference;
  const amountMinor = decimalToMinor(context.amount, context.currency);
  if (amountMinor !== undefined) report.amountMinor = amountMinor;
  if (status === PayoutStatus.FAILED) {
    // Mexico answers carry `desc` where the other countries carry `message` (docs/gateways.md, source 002).
    const message = asText(data.message) ?? asText(data.desc) ?? describePayproCode(rawStatus);
    report.failure = message === undefined ? { code: rawStatus } : { code: rawStatus, message };
  }
  // The query example shows successTime on a 0015 order; it only means completion on a final status.
  const completedAt = isFinal(status) ? parseLocalTime(data.successTime, context.utcOffsetMinutes) : undefined;
  if (completedAt) report.completedAt = completedAt;
  return report;
}
