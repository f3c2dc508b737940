import { PayoutStatus } from '../../domain/payout-status';
import { GatewayStatus } from '../payout-provider';

/** The outer `code` (and `data.status`) meaning "done" or, for the envelope, "request taken". */
export const PAYPRO_OK = '0000';
/** `data.status` meaning "in progress" (CREDIT_INPROGRESS). */
export const PAYPRO_IN_PROGRESS = '0015';
/** Outer code "system operation exception; contact the provider" (South Korea error page). */
export const PAYPRO_SYSTEM_ERROR = '5000';

/**
 * The codes the public error pages document (docs/gateways.md 1.5: Mexico and South Korea pages),
 * used as the failure message when the answer carries no text of its own.
 */
export const PAYPRO_CODES: Readonly<Record<string, string>> = {
  '0000': 'Success',
  '0001': 'Partial payment',
  '0015': 'In progress (CREDIT_INPROGRESS)',
  '0100019': 'PAYEE_DAILY_CUMULATIVE_AMT_REACHED',
  '00029': 'REJECTED_TRANSACTION',
  '00032': 'UNKNOWN_ERROR',
  '5000': 'System operation exception; contact the provider',
};

/** `data.status`: 0000 succeeded, 0015 processing, "other codes … can be treated as failures" (docs/gateways.md, sources 000, 002, 003). */
export function mapPayproStatus(status: string): GatewayStatus {
  if (status === PAYPRO_OK) return PayoutStatus.SUCCEEDED;
  if (status === PAYPRO_IN_PROGRESS) return PayoutStatus.PROCESSING;
  return PayoutStatus.FAILED;
}

export function describePayproCode(code: string): string | undefined {
  return PAYPRO_CODES[code];
}
