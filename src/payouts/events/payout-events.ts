import { PayoutEvents } from '../payouts.constants';
import { PayoutStatus } from '../domain/payout-status';

/** The payload of every payout event. `eventId` is stable: hosts deduplicate on it. */
export interface PayoutStatusChangedEvent {
  eventId: string;
  payoutId: string;
  merchantReference: string;
  channel: string;
  tradeNo: string;
  from: PayoutStatus;
  to: PayoutStatus;
  amount: string;
  currency: string;
  failure: { code: string; message: string | null } | null;
  occurredAt: string;
}

/** The specific event for a move into `to`, besides the status_changed every move emits. */
export function specificEventFor(to: PayoutStatus): string | undefined {
  switch (to) {
    case PayoutStatus.SUCCEEDED:
      return PayoutEvents.SUCCEEDED;
    case PayoutStatus.FAILED:
    case PayoutStatus.CANCELLED:
      return PayoutEvents.FAILED;
    case PayoutStatus.REVERSED:
      return PayoutEvents.REVERSED;
    default:
      return undefined;
  }
}

/** Every name an event of a move into `to` is published under: status_changed first, then the specific one. */
export function eventNamesFor(to: PayoutStatus): string[] {
  const specific = specificEventFor(to);
  return specific ? [PayoutEvents.STATUS_CHANGED, specific] : [PayoutEvents.STATUS_CHANGED];
}
