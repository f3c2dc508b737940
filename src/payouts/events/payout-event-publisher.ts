import { PayoutEventPayload } from './payout-events';

/** One outbox row on its way out. */
export interface PayoutEventDelivery {
  eventId: string;
  /** The key a transport orders by (a broker's message key, a webhook's header): the payout's id, or a batch's for its event. */
  payoutId: string;
  /** `payout.status_changed`, then the specific name of a settled move (`payout.succeeded`, …); a named event's one name. */
  names: string[];
  payload: PayoutEventPayload;
  /** Earlier failed deliveries of this row. */
  attempts: number;
}

/**
 * Where the dispatcher sends each outbox row: in process (the default), a broker
 * (`brokerEventPublisher`), signed webhooks (`webhookEventPublisher`) or one of the host's own.
 * `publish` resolves once the destination has taken the event and rejects otherwise; the row is
 * then tried again with backoff and, after `events.maxAttempts`, dead-lettered.
 */
export interface PayoutEventPublisher {
  /** Where events go, for the boot log (never a secret). */
  readonly target: string;
  publish(delivery: PayoutEventDelivery): Promise<void>;
}
