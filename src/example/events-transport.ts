import { brokerEventPublisher, PayoutEventPublisher, webhookEventPublisher } from '../payouts';

/**
 * The events transport from `PAYOUTS_EVENTS_URL`: `nats://…` and `amqp(s)://…` publish through a
 * @nestjs/microservices ClientProxy (RabbitMQ: topic exchange `payouts`, routing key = event
 * name), `http(s)://…` posts signed webhooks (secret in `PAYOUTS_EVENTS_SECRET`); unset, events
 * stay in process. The microservices package is loaded only when a broker is asked for.
 */
export async function eventPublisherFrom(env: NodeJS.ProcessEnv): Promise<PayoutEventPublisher | undefined> {
  const raw = env.PAYOUTS_EVENTS_URL;
  if (!raw) return undefined;
  const url = new URL(raw);
  const shown = `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    if (!env.PAYOUTS_EVENTS_SECRET) throw new Error('PAYOUTS_EVENTS_URL is a webhook URL: set PAYOUTS_EVENTS_SECRET, the key its deliveries are signed with');
    return webhookEventPublisher({ url: raw, secret: env.PAYOUTS_EVENTS_SECRET });
  }
  const { ClientProxyFactory, Transport } = await import('@nestjs/microservices');
  if (url.protocol === 'nats:') {
    const client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [raw], maxReconnectAttempts: -1 } });
    return brokerEventPublisher(client, { target: `NATS ${shown} (subjects payout.*)` });
  }
  if (url.protocol === 'amqp:' || url.protocol === 'amqps:') {
    const client = ClientProxyFactory.create({
      transport: Transport.RMQ,
      options: { urls: [raw], queue: 'payouts', exchange: 'payouts', exchangeType: 'topic', wildcards: true, persistent: true },
    });
    return brokerEventPublisher(client, { target: `RabbitMQ ${shown} (exchange payouts, routing keys payout.*)` });
  }
  throw new Error(`PAYOUTS_EVENTS_URL must start with nats://, amqp://, amqps://, http:// or https://, got ${url.protocol}`);
}
