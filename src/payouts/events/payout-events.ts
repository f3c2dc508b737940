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

/** `payout.batch_completed`: published once, when the last item of a batch reached a final state. */
export class PayoutBatchCompletedEvent {
  /** `<batchId>:completed`. */
  eventId: string;
  batchId: string;
  batchReference: string;
  /** Payouts in the batch. */
  items: number;
  /** Items by final status, e.g. `{ SUCCEEDED: 9998, FAILED: 2 }`. */
  counts: Partial<Record<PayoutStatus, number>>;
  /** Per currency, in major units: everything in the batch, what succeeded, and the fees charged. */
  totals: { currency: string; amount: string; succeeded: string; fees: string }[];
  completedAt: string;
}

/** `payout.low_balance`: a channel's balance read fell under its `lowBalanceBelow`; once per fall. */
export class PayoutLowBalanceEvent {
  /** `<channel>:low:<read time in ms>`. */
  eventId: string;
  channel: string;
  currency: string;
  /** Major units, as decimal strings. */
  available: string;
  threshold: string;
  /** ISO 8601, UTC. */
  readAt: string;
}

/** What an outbox row carries: a status change, or a named event (`event_name` set). */
export type PayoutEventPayload = PayoutStatusChangedEvent | PayoutBatchCompletedEvent | PayoutLowBalanceEvent;

const NAMED_EVENTS: Readonly<Record<string, new () => PayoutEventPayload>> = {
  [PayoutEvents.BATCH_COMPLETED]: PayoutBatchCompletedEvent,
  [PayoutEvents.LOW_BALANCE]: PayoutLowBalanceEvent,
};

/** The payload as an instance of its event's class, for in-process handlers (`names` as eventNamesOf gives them). */
export function eventInstance(names: readonly string[], payload: PayoutEventPayload): PayoutEventPayload {
  const Named = NAMED_EVENTS[names[0]];
  return Named ? Object.assign(new Named(), payload) : PayoutStatusChangedEvent.from(payload as PayoutStatusChangedEvent);
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

/**
 * Every name an outbox row is published under: a named event under its name only; a move into
 * `to` as status_changed first, then the specific one.
 */
export function eventNamesOf(row: { eventName: string | null; toStatus: PayoutStatus | null }): string[] {
  if (row.eventName) return [row.eventName];
  return eventNamesFor(row.toStatus as PayoutStatus);
}

/** Every name an event of a move into `to` is published under: status_changed first, then the specific one. */
export function eventNamesFor(to: PayoutStatus): string[] {
  const specific = specificEventFor(to);
  return specific ? [PayoutEvents.STATUS_CHANGED, specific] : [PayoutEvents.STATUS_CHANGED];
}
