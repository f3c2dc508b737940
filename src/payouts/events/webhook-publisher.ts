import { createHmac } from 'node:crypto';
import { PayoutEventDelivery, PayoutEventPublisher } from './payout-event-publisher';

export interface WebhookEventOptions {
  /** The receiver, http(s). */
  url: string;
  /** The shared secret the receiver verifies signatures with. */
  secret: string;
  /** A request not answered within this fails the delivery (default 5000). */
  timeoutMs?: number;
}

/** The headers of every delivery. */
export const PAYOUT_WEBHOOK_HEADERS = {
  EVENT_ID: 'x-payouts-event-id',
  TIMESTAMP: 'x-payouts-timestamp',
  SIGNATURE: 'x-payouts-signature',
} as const;

/** The body of a webhook delivery: one per event, typed by its most specific name. */
export interface PayoutWebhookBody {
  id: string;
  type: string;
  data: PayoutEventDelivery['payload'];
}

/**
 * `sha256=` + hex HMAC-SHA256, keyed by the secret, of `<timestamp>.<raw body>`: the timestamp
 * (Unix seconds, also in its own header) is signed so that a receiver can refuse old replays.
 */
export function signPayoutWebhook(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/**
 * POSTs each event as JSON to `url`, signed (see signPayoutWebhook). Any 2xx answer delivers it;
 * anything else, a network error or the timeout fails it, and the dispatcher retries with backoff
 * and dead-letters it after `events.maxAttempts`, as for every transport.
 */
export function webhookEventPublisher(options: WebhookEventOptions): PayoutEventPublisher {
  const url = new URL(options.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`Payout events webhook URL must be http(s), got ${url.protocol}`);
  if (!options.secret) throw new Error('Payout events webhook needs a secret to sign with');
  const timeoutMs = options.timeoutMs ?? 5_000;
  return {
    target: `webhook ${url.origin}${url.pathname}`,
    async publish(delivery) {
      const body: PayoutWebhookBody = { id: delivery.eventId, type: delivery.names[delivery.names.length - 1], data: delivery.payload };
      const raw = JSON.stringify(body);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [PAYOUT_WEBHOOK_HEADERS.EVENT_ID]: delivery.eventId,
          [PAYOUT_WEBHOOK_HEADERS.TIMESTAMP]: timestamp,
          [PAYOUT_WEBHOOK_HEADERS.SIGNATURE]: signPayoutWebhook(options.secret, timestamp, raw),
        },
        body: raw,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status < 200 || response.status > 299) throw new Error(`webhook ${url.origin}${url.pathname} answered ${response.status}`);
    },
  };
}
