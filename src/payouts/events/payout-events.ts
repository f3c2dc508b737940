import { PayoutEvents } from '../payouts.constants';
import { PayoutStatus } from '../domain/payout-status';

/**
 * The payload of every payout event. `eventId` is stable: hosts deduplicate on it. A class (not
 * an interface) so that a handler's parameter type is a value: with the Nest starter's
 * `isolatedModules` and `emitDecoratorMetadata`, a decorated method may name it after a plain
 * import. In-process handlers get instances; brokers and webhooks get its JSON.
 */
export class PayoutStatusChangedEvent {
  eventId: string;
  payoutId: string;
  merchantReference: string;
  channel: string;
  tradeNo: string;
  from: PayoutStatus;
  to: PayoutStatus;
  /** Major units, as a decimal string ("150000", "150.00"). */
  amount: string;
  currency: string;
  failure: { code: string; message: string | null } | null;
  /** ISO 8601, UTC. */
  occurredAt: string;

  /** The event a stored or received payload describes. */
  static from(payload: PayoutStatusChangedEvent): PayoutStatusChangedEvent {
    return Object.assign(new PayoutStatusChangedEvent(), payload);
  }
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
