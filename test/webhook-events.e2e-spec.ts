import { createServer, IncomingMessage, Server } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { webhookEventPublisher } from '../src/payouts';
import { eventually } from './support/eventually';
import { createTestApp, freePort, TestApp } from './support/test-app';

// The README's verification snippet, verbatim.
function verifyPayoutEvent(rawBody: string, headers: IncomingMessage['headers'], secret: string): boolean {
  const timestamp = String(headers['x-payouts-timestamp'] ?? '');
  const signature = String(headers['x-payouts-signature'] ?? '');
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false; // a replay of an old delivery
  const expected = 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

const SECRET = 'whsec-test-0123456789';

describe('payout events as signed webhooks', () => {
  const deliveries: { status: number; id: string; type: string; to: string; payoutId: string; eventHeader: unknown }[] = [];
  let answer = 200;
  let server: Server;
  let t: TestApp;
  beforeAll(async () => {
    const port = await freePort();
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const body = JSON.parse(raw);
        const status = verifyPayoutEvent(raw, req.headers, SECRET) ? answer : 401;
        deliveries.push({ status, id: body.id, type: body.type, to: body.data.to, payoutId: body.data.payoutId, eventHeader: req.headers['x-payouts-event-id'] });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    t = await createTestApp({
      payouts: {
        events: {
          enabled: true, intervalMs: 20, maxAttempts: 100, retry: { firstDelayMs: 50, maxDelayMs: 200 },
          publisher: webhookEventPublisher({ url: `http://127.0.0.1:${port}/payout-events`, secret: SECRET }),
        },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const create = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const { payout } = await t.service.create({
        merchantReference: `webhook-${Date.now()}-${i}`, channel: 'fake-idr', amount: '100', currency: 'IDR', beneficiary: { name: 'Budi', accountNumber: '1234567890' },
      });
      ids.push(payout.id);
    }
    for (const id of ids) await t.service.refresh(id);
    return ids;
  };
  const accepted = (id: string) => deliveries.filter((d) => d.payoutId === id && d.status === 200).map((d) => `${d.type} ${d.to}`);

  it('signs every delivery so that the documented snippet verifies it, one POST per event', async () => {
    const [id] = await create(1);
    await eventually(() => expect(accepted(id)).toEqual(['payout.status_changed PROCESSING', 'payout.succeeded SUCCEEDED']));
    expect(deliveries.filter((d) => d.payoutId === id)).toEqual([
      expect.objectContaining({ status: 200, id: `${id}:2`, eventHeader: `${id}:2` }),
      expect.objectContaining({ status: 200, id: `${id}:3`, eventHeader: `${id}:3` }),
    ]);
    // The snippet refuses a body it was not signed for.
    expect(verifyPayoutEvent('{"id":"forged"}', { 'x-payouts-timestamp': String(Math.floor(Date.now() / 1000)), 'x-payouts-signature': 'sha256=00' }, SECRET)).toBe(false);
  });

  it('redelivers after a receiver answered 500 for a while: every event arrives, in order per payout', async () => {
    answer = 500;
    const ids = await create(8);
    await eventually(() => expect(deliveries.filter((d) => d.status === 500).length).toBeGreaterThanOrEqual(16));
    answer = 200;
    await eventually(() => {
      for (const id of ids) expect([id, accepted(id)]).toEqual([id, ['payout.status_changed PROCESSING', 'payout.succeeded SUCCEEDED']]);
    }, 10_000);
    // A payout's SUCCEEDED was never posted before its PROCESSING was accepted.
    for (const id of ids) {
      const mine = deliveries.filter((d) => d.payoutId === id);
      const firstSettled = mine.findIndex((d) => d.to === 'SUCCEEDED');
      expect(mine.slice(0, firstSettled).some((d) => d.status === 200 && d.to === 'PROCESSING')).toBe(true);
    }
  });
});
