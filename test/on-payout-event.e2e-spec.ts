import { Injectable } from '@nestjs/common';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OnPayoutEvent, OutboxDispatcher, PayoutEventPublisher, PayoutService, PayoutsModule, PayoutStatusChangedEvent } from '../src/payouts';
import { CapturedLogger } from './support/captured-logger';
import { RecordingPublisher } from './support/recording-publisher';
import { FAKE_CHANNEL } from './support/test-app';
import { testDatabaseOptions } from './support/test-database';

/** The README's handler, as a host writes it: it fails twice before it takes the event. */
@Injectable()
class PaidHandler {
  readonly taken: string[] = [];
  readonly moves: string[] = [];
  failuresLeft = 2;

  @OnPayoutEvent('payout.succeeded')
  async onPaid(event: PayoutStatusChangedEvent): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.failuresLeft-- > 0) throw new Error('the host’s database is down');
    this.taken.push(event.eventId);
  }

  @OnPayoutEvent('payout.status_changed')
  onMove(event: PayoutStatusChangedEvent): void {
    this.moves.push(event.to);
  }
}

@Injectable()
class SwallowingListener {
  @OnEvent('payout.*')
  onAny(): void {}
}

@Injectable()
class DetachedListener {
  @OnEvent('payout.succeeded', { suppressErrors: false, async: true })
  onPaid(): void {}
}

async function boot(providers: unknown[], emitter: boolean, { publisher, logger }: { publisher?: PayoutEventPublisher; logger?: CapturedLogger } = {}) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot(testDatabaseOptions()),
      ScheduleModule.forRoot(),
      ...(emitter ? [EventEmitterModule.forRoot({ wildcard: true })] : []),
      PayoutsModule.forRoot({
        channels: [FAKE_CHANNEL], publicBaseUrl: 'https://host.example', polling: { enabled: false },
        events: { enabled: false, retry: { firstDelayMs: 0 }, publisher }, http: { enabled: false },
      }),
    ],
    providers: providers as never[],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: logger ?? false });
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

describe('@OnPayoutEvent handlers', () => {
  it('are found by the module and awaited: an error keeps the event, which is delivered again until taken, in order per payout', async () => {
    const app = await boot([PaidHandler], false);
    try {
      const handler = app.get(PaidHandler);
      const payouts = app.get(PayoutService);
      const { payout } = await payouts.create({
        merchantReference: `on-payout-event-${Date.now()}`, channel: 'fake-idr', amount: '10.00', currency: 'IDR',
        beneficiary: { name: 'Budi', accountNumber: '1234567890' },
      });
      await payouts.refresh(payout.id);
      const rows = async () =>
        (await app.get(DataSource).query('SELECT event_id AS id, published_at AS at, attempts FROM payout_outbox WHERE payout_id = ? ORDER BY sequence', [payout.id])) as {
          id: string; at: unknown; attempts: number;
        }[];
      for (let round = 1; round <= 2; round++) {
        await app.get(OutboxDispatcher).dispatchPending();
        expect((await rows()).at(-1)).toMatchObject({ at: null, attempts: round });
      }
      await app.get(OutboxDispatcher).dispatchPending();
      const [, settled] = await rows();
      expect(handler.taken).toEqual([settled.id]);
      expect(settled.at).not.toBeNull();
      // status_changed handlers ran for each attempt of the settled event: at least once.
      expect(handler.moves).toEqual(['PROCESSING', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    } finally {
      await app.close();
    }
  });

  it('the boot fails on an @OnEvent listener of payout events that would swallow errors or run detached', async () => {
    await expect(boot([SwallowingListener], true)).rejects.toThrow(/suppressErrors: false.*SwallowingListener\.onAny/);
    await expect(boot([DetachedListener], true)).rejects.toThrow(/DetachedListener\.onPaid/);
  });

  it('are named in a boot warning when events go to another transport, which never calls them', async () => {
    const warnings = async (providers: unknown[], publisher?: PayoutEventPublisher) => {
      const logger = new CapturedLogger();
      await (await boot(providers, false, { publisher, logger })).close();
      return logger.messages('warn', 'PayoutEvents');
    };
    expect(await warnings([PaidHandler], new RecordingPublisher())).toEqual(['@OnPayoutEvent handlers are not called: events go to a test recorder']);
    // Handlers with the in-process transport, or another transport and no handlers: nothing to say.
    expect(await warnings([PaidHandler])).toEqual([]);
    expect(await warnings([], new RecordingPublisher())).toEqual([]);
  });
});
