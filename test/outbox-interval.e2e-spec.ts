import { EventEmitter2 } from '@nestjs/event-emitter';
import { CreatePayoutInput, PayoutEvents, PayoutStatusChangedEvent } from '../src/payouts';
import { PayoutOutboxRepository } from '../src/payouts/events/payout-outbox.repository';
import { CapturedLogger } from './support/captured-logger';
import { eventually } from './support/eventually';
import { RecordingPublisher } from './support/recording-publisher';
import { createTestApp, TestApp } from './support/test-app';

let seq = 0;
const input = (): CreatePayoutInput => ({
  merchantReference: `outbox-${++seq}-${Date.now()}`,
  channel: 'fake-idr',
  amount: '1000.00',
  currency: 'IDR',
  beneficiary: { name: 'Budi Santoso', accountNumber: '1234567890' },
});

// Nothing here calls dispatchPending: only the dispatcher's own interval publishes.
describe('the outbox dispatcher on its interval', () => {
  let t: TestApp;
  let emitter: EventEmitter2;
  beforeAll(async () => {
    t = await createTestApp({ payouts: { events: { enabled: true, intervalMs: 20, retry: { firstDelayMs: 20, maxDelayMs: 100 } } } });
    emitter = t.app.get(EventEmitter2);
  });
  afterAll(() => t.close());

  const publishedAt = async (eventId: string) =>
    (await t.dataSource.query('SELECT published_at AS at FROM payout_outbox WHERE event_id = ?', [eventId]))[0].at as Date | string | null;

  it('publishes a new event to a listener and marks it published', async () => {
    const seen: PayoutStatusChangedEvent[] = [];
    const listener = (event: PayoutStatusChangedEvent) => void seen.push(event);
    emitter.on(PayoutEvents.STATUS_CHANGED, listener);
    try {
      const { payout } = await t.service.create(input());
      const eventId = `${payout.id}:2`;
      await eventually(() => expect(seen.map((e) => e.eventId)).toContain(eventId));
      await eventually(async () => expect(await publishedAt(eventId)).not.toBeNull());
    } finally {
      emitter.off(PayoutEvents.STATUS_CHANGED, listener);
    }
  });

  it('leaves an event unpublished while its listener throws, and delivers it again later', async () => {
    const attempts = new Map<string, number>();
    let down = true;
    const delivered: string[] = [];
    const listener = (event: PayoutStatusChangedEvent) => {
      attempts.set(event.eventId, (attempts.get(event.eventId) ?? 0) + 1);
      if (down) throw new Error('listener down');
      delivered.push(event.eventId);
    };
    emitter.on(PayoutEvents.STATUS_CHANGED, listener);
    try {
      const { payout } = await t.service.create(input());
      const eventId = `${payout.id}:2`;
      await eventually(() => expect(attempts.get(eventId)).toBeGreaterThanOrEqual(3));
      expect(await publishedAt(eventId)).toBeNull();
      down = false;
      await eventually(async () => expect(await publishedAt(eventId)).not.toBeNull());
      expect(delivered).toEqual([eventId]);
    } finally {
      emitter.off(PayoutEvents.STATUS_CHANGED, listener);
    }
  });
});

// Apps made inside the test: the interval starts (or not) at each app's boot.
describe('the outbox interval', () => {
  it('runs only when events are enabled, and a round that failed is logged under PayoutEvents', async () => {
    const publisher = new RecordingPublisher();
    const off = await createTestApp({ payouts: { events: { enabled: false, intervalMs: 20, publisher } } });
    try {
      await off.service.create(input());
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(publisher.attempts).toBe(0);
    } finally {
      await off.close();
    }
    const logger = new CapturedLogger();
    const on = await createTestApp({ logger, payouts: { events: { enabled: true, intervalMs: 20, publisher } } });
    try {
      const { payout } = await on.service.create(input());
      await eventually(() => expect(publisher.seen.map((s) => s.eventId)).toContain(`${payout.id}:2`));
      jest.spyOn(on.app.get(PayoutOutboxRepository), 'claim').mockRejectedValue(new Error('database unreachable'));
      await eventually(() => expect(logger.messages('error', 'PayoutEvents')).toContain('Publishing payout events failed: database unreachable'));
    } finally {
      await on.close();
    }
  });
});
