import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import * as amqp from 'amqplib';
import { connect as natsConnect, NatsConnection, StringCodec } from 'nats';
import { brokerEventPublisher } from '../src/payouts';
import { eventually } from './support/eventually';
import { listening, TcpProxy } from './support/tcp-proxy';
import { createTestApp, TestApp } from './support/test-app';

/** One message as a subscriber got it: the subject or routing key, and the JSON body. */
interface Received {
  subject: string;
  body: { pattern: string; data: { key: string; value: { eventId: string; payoutId: string; to: string } } };
}

const NATS_PORT = 4222;
const RABBITMQ_PORT = 5672;
const natsUp = listening(NATS_PORT);
const rabbitUp = listening(RABBITMQ_PORT);
if (!natsUp) console.warn(`NATS is not reachable on 127.0.0.1:${NATS_PORT}: its broker tests are skipped (.ci/run starts it)`);
if (!rabbitUp) console.warn(`RabbitMQ is not reachable on 127.0.0.1:${RABBITMQ_PORT}: its broker tests are skipped (.ci/run starts it)`);

let seq = 0;
async function settle(t: TestApp, count: number): Promise<string[]> {
  const ids = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const { payout } = await t.service.create({
        merchantReference: `broker-${Date.now()}-${++seq}-${i}`, channel: 'fake-idr', amount: '100', currency: 'IDR',
        beneficiary: { name: i % 7 === 0 ? 'FAIL' : 'Budi', accountNumber: '1234567890' },
      });
      return payout.id;
    }),
  );
  for (const id of ids) await t.service.refresh(id);
  return ids;
}

/** What each payout should produce on the broker: status_changed for each move, and the settled event. */
function expected(ids: string[], failed: (i: number) => boolean): string[] {
  return ids.flatMap((id, i) => [
    `payout.status_changed ${id}:2 PROCESSING`,
    `payout.status_changed ${id}:3 ${failed(i) ? 'FAILED' : 'SUCCEEDED'}`,
    `${failed(i) ? 'payout.failed' : 'payout.succeeded'} ${id}:3 ${failed(i) ? 'FAILED' : 'SUCCEEDED'}`,
  ]);
}

/**
 * The broker suite for one transport: every event once with the documented subject and body, and
 * nothing lost while the broker is unreachable for a few seconds under load (its port closed).
 */
function brokerSuite(name: string, up: boolean, setup: () => Promise<{ client: (port: number) => ClientProxy; subscribe: (into: Received[]) => Promise<() => Promise<void>>; port: number }>) {
  (up ? describe : describe.skip)(`payout events on ${name}`, () => {
    const received: Received[] = [];
    let t: TestApp;
    let proxy: TcpProxy;
    let client: ClientProxy;
    let unsubscribe: () => Promise<void>;
    beforeAll(async () => {
      const broker = await setup();
      unsubscribe = await broker.subscribe(received);
      proxy = await new TcpProxy(broker.port).start();
      client = broker.client(proxy.port);
      t = await createTestApp({
        payouts: {
          events: {
            enabled: true, intervalMs: 20, publisher: brokerEventPublisher(client), publishTimeoutMs: 1_000, leaseMs: 5_000,
            maxAttempts: 1_000, retry: { firstDelayMs: 100, maxDelayMs: 500 },
          },
        },
      });
    });
    afterAll(async () => {
      await t?.close();
      await client?.close();
      await proxy?.close();
      await unsubscribe?.();
    });

    const seen = (ids: string[]) => {
      const mine = new Set(ids);
      return received.filter((r) => mine.has(r.body.data.key)).map((r) => `${r.subject} ${r.body.data.value.eventId} ${r.body.data.value.to}`);
    };

    it('delivers every event once, subject = event name, body { pattern, data: { key: payoutId, value: event } }', async () => {
      const ids = await settle(t, 20);
      const want = expected(ids, (i) => i % 7 === 0);
      await eventually(() => expect(seen(ids).sort()).toEqual(want.sort()), 15_000);
      const sample = received.find((r) => r.body.data.key === ids[1] && r.subject === 'payout.succeeded');
      expect(sample?.body).toEqual({
        pattern: 'payout.succeeded',
        data: { key: ids[1], value: expect.objectContaining({ eventId: `${ids[1]}:3`, payoutId: ids[1], from: 'PROCESSING', to: 'SUCCEEDED', amount: '100.00' }) },
      });
    });

    it('loses nothing while the broker is unreachable under load, and keeps each payout in order', async () => {
      const before = await settle(t, 10);
      await proxy.cut();
      const during = await settle(t, 20);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await proxy.restore();
      const ids = [...before, ...during];
      const want = new Set(expected(ids, (i) => (i < 10 ? i : i - 10) % 7 === 0));
      await eventually(() => expect(new Set(seen(ids))).toEqual(want), 30_000);
      // At least once: a publish cut mid-flight may be sent twice; order per payout holds for first receipts.
      for (const id of during) {
        const first = [...new Set(seen([id]).filter((s) => s.startsWith('payout.status_changed')))];
        expect(first.map((s) => s.split(' ')[2])).toEqual(['PROCESSING', expect.stringMatching(/^(SUCCEEDED|FAILED)$/)]);
      }
      // A publish that timed out during the cut and reached the broker later is still retried: it ends published too.
      await eventually(async () => {
        const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM payout_outbox WHERE published_at IS NULL');
        expect(Number(n)).toBe(0);
      }, 15_000);
    }, 60_000);
  });
}

brokerSuite('NATS (core subjects, JetStream server)', natsUp, async () => ({
  port: NATS_PORT,
  client: (port) =>
    ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [`nats://127.0.0.1:${port}`], reconnectTimeWait: 200, maxReconnectAttempts: -1 } }) as ClientProxy,
  subscribe: async (into) => {
    const nc: NatsConnection = await natsConnect({ servers: `127.0.0.1:${NATS_PORT}` });
    const codec = StringCodec();
    nc.subscribe('payout.>', { callback: (_, m) => into.push({ subject: m.subject, body: JSON.parse(codec.decode(m.data)) }) });
    await nc.flush();
    return () => nc.close();
  },
}));

brokerSuite('RabbitMQ (topic exchange "payouts", routing key = event name)', rabbitUp, async () => ({
  port: RABBITMQ_PORT,
  client: (port) =>
    ClientProxyFactory.create({
      transport: Transport.RMQ,
      options: {
        urls: [`amqp://guest:guest@127.0.0.1:${port}`], queue: 'payouts', exchange: 'payouts', exchangeType: 'topic', wildcards: true, persistent: true,
        socketOptions: { heartbeatIntervalInSeconds: 1, reconnectTimeInSeconds: 0.2 },
      },
    }) as ClientProxy,
  subscribe: async (into) => {
    const connection = await amqp.connect(`amqp://guest:guest@127.0.0.1:${RABBITMQ_PORT}`);
    const channel = await connection.createChannel();
    await channel.assertExchange('payouts', 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, 'payouts', 'payout.#');
    await channel.consume(queue, (m) => m && into.push({ subject: m.fields.routingKey, body: JSON.parse(m.content.toString()) }), { noAck: true });
    return () => connection.close();
  },
}));
