import { Injectable } from '@nestjs/common';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxDispatcher, PayoutService, PayoutsModule, PayoutStatusChangedEvent } from '../src/payouts';
import { FAKE_CHANNEL } from './support/test-app';
import { testDatabaseOptions } from './support/test-database';

/** The README's listener, as a host writes it: it throws twice before it takes the event. */
@Injectable()
class PaidListener {
  readonly taken: string[] = [];
  failuresLeft = 2;

  @OnEvent('payout.succeeded', { suppressErrors: false })
  async onPaid(event: PayoutStatusChangedEvent): Promise<void> {
    if (this.failuresLeft-- > 0) throw new Error('the host’s database is down');
    this.taken.push(event.eventId);
  }
}

describe('an @OnEvent listener written as the README shows', () => {
  it('gets the event again after it threw, and the event counts as published only once it was taken', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot(testDatabaseOptions()),
        ScheduleModule.forRoot(),
        EventEmitterModule.forRoot(),
        PayoutsModule.forRoot({
          channels: [FAKE_CHANNEL],
          publicBaseUrl: 'https://host.example',
          polling: { enabled: false },
          events: { enabled: false, retry: { firstDelayMs: 0 } },
          http: { enabled: false },
        }),
      ],
      providers: [PaidListener],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const listener = app.get(PaidListener);
      const dispatcher = app.get(OutboxDispatcher);
      const { payout } = await app.get(PayoutService).create({
        merchantReference: `on-event-${Date.now()}`, channel: 'fake-idr', amount: '10.00', currency: 'IDR',
        beneficiary: { name: 'Budi', accountNumber: '1234567890' },
      });
      await app.get(PayoutService).refresh(payout.id); // the fake gateway settles it: SUCCEEDED
      const published = async () =>
        (await app.get(DataSource).query(
          'SELECT event_id AS id, published_at AS at, attempts, last_error AS error FROM payout_outbox WHERE payout_id = ? ORDER BY sequence',
          [payout.id],
        )) as { id: string; at: unknown; attempts: number; error: string | null }[];
      // The listener's error reaches the dispatcher: the event stays unpublished, the attempt and error recorded.
      for (let round = 1; round <= 2; round++) {
        await dispatcher.dispatchPending();
        expect((await published()).at(-1)).toMatchObject({ at: null, attempts: round, error: 'the host’s database is down' });
      }
      await dispatcher.dispatchPending();
      const rows = await published();
      expect(listener.taken).toEqual([rows.at(-1)!.id]);
      expect(rows.every((r) => r.at !== null)).toBe(true);
    } finally {
      await app.close();
    }
  });
});
