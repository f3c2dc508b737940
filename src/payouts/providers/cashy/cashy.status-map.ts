import { PayoutStatus } from '../../domain/payout-status';
import { GatewayStatus } from '../payout-provider';

/** Cashy's "Payout Order Status Enum"; only SUCCESS, FAIL and CANCEL are final. */
export const CASHY_ORDER_STATUSES: Readonly<Record<string, GatewayStatus>> = {
  PROCESSING: PayoutStatus.PROCESSING,
  WAITING: PayoutStatus.PROCESSING,
  PAYING: PayoutStatus.PROCESSING,
  SUCCESS: PayoutStatus.SUCCEEDED,
  FAIL: PayoutStatus.FAILED,
  CANCEL: PayoutStatus.CANCELLED,
};

/** Common error messages the docs mark as retryable: the order was not placed. */
export const CASHY_RETRYABLE_MESSAGES: readonly string[] = ['System_busy', 'System_Maintenance'];

/** The resultDesc Cashy's shared reason list gives for a reversal ("PAYMENT_OFFSET (reversal)"). */
export const CASHY_REVERSAL_RESULT = 'PAYMENT_OFFSET';

export interface CashyStatus {
  status: GatewayStatus;
  failure?: { code: string };
}

/**
 * orderStatus + resultDesc to our status. An unknown orderStatus stays pending: only a documented
 * final status may move money state. PAYMENT_OFFSET is listed as a reversal (docs/gateways.md 2.3): a paid
 * order taken back, which can arrive with orderStatus FAIL. Calling it FAILED would hide that the
 * money first left, so a final report with that reason becomes REVERSED.
 */
export function mapCashyStatus(orderStatus: unknown, resultDesc: unknown): CashyStatus {
  const mapped = typeof orderStatus === 'string' ? CASHY_ORDER_STATUSES[orderStatus] : undefined;
  if (mapped === undefined || mapped === PayoutStatus.PROCESSING) return { status: PayoutStatus.PROCESSING };
  const reason = typeof resultDesc === 'string' && resultDesc !== '' ? resultDesc : undefined;
  if (reason === CASHY_REVERSAL_RESULT) return { status: PayoutStatus.REVERSED, failure: { code: reason } };
  if (mapped === PayoutStatus.SUCCEEDED) return { status: mapped };
  return { status: mapped, failure: { code: reason ?? String(orderStatus) } };
}
