import { lastValueFrom, Observable } from 'rxjs';
import { PayoutEventDelivery, PayoutEventPublisher } from './payout-event-publisher';

/**
 * What the module needs of a `@nestjs/microservices` ClientProxy (NATS, RabbitMQ, Kafka, Redis…),
 * typed by shape so that hosts without a broker never load that package.
 */
export interface PayoutEventClient {
  connect(): Promise<unknown>;
  emit(pattern: string, data: unknown): Observable<unknown>;
  /** The transport's own client (ClientProxy.unwrap): a NATS connection is flushed after each event. */
  unwrap?(): unknown;
}

/** The body every broker message carries as `data`: Kafka's record shape, so the payout id is the partition key. */
export interface PayoutEventRecord {
  key: string;
  value: PayoutEventDelivery['payload'];
}

/**
 * Publishes each event through a host's ClientProxy: one `emit(name, { key: payoutId, value })`
 * per name (`payout.status_changed`, then `payout.succeeded` / `payout.failed` / `payout.reversed`),
 * each awaited until the client reports it sent: RabbitMQ's publisher confirm, Kafka's and
 * Redis's reply. Core NATS publishes without any answer, so the connection is flushed (a
 * PING/PONG round trip): the server has then received the message and passed it on.
 */
export function brokerEventPublisher(client: PayoutEventClient, options: { target?: string } = {}): PayoutEventPublisher {
  return {
    target: options.target ?? `broker (${client.constructor?.name ?? 'ClientProxy'})`,
    async publish(delivery) {
      for (const name of delivery.names) {
        const record: PayoutEventRecord = { key: delivery.payoutId, value: delivery.payload };
        await lastValueFrom(client.emit(name, record), { defaultValue: undefined });
      }
      await flushed(client);
    },
  };
}

async function flushed(client: PayoutEventClient): Promise<void> {
  const native = client.unwrap?.() as { flush?: () => Promise<void> } | undefined;
  if (typeof native?.flush === 'function') await native.flush();
}
