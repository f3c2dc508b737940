import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SchedulerRegistry } from '@nestjs/schedule';
import { specificEventFor } from './payout-events';
import { PayoutEvents } from '../payouts.constants';
import { PAYOUTS_MODULE_OPTIONS } from '../payouts.module-definition';
import { PayoutsModuleOptions } from '../payouts.options';
import { PayoutRepository } from '../persistence/payout.repository';
import { IntervalJob } from '../scheduling/interval-job';

export const OUTBOX_INTERVAL_NAME = 'payouts-outbox';
const BATCH = 200;
const DEFAULT_INTERVAL_MS = 250;

/**
 * Publishes the outbox through @nestjs/event-emitter: at least once, in order, surviving a
 * restart (rows stay until every listener has returned). Each move emits `payout.status_changed`
 * and, for settled states, `payout.succeeded` / `payout.failed` / `payout.reversed`, with the
 * same stable `eventId` for the host to deduplicate on.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PayoutEvents');
  private readonly job: IntervalJob;

  constructor(
    private readonly repo: PayoutRepository,
    scheduler: SchedulerRegistry,
    @Inject(PAYOUTS_MODULE_OPTIONS) private readonly options: PayoutsModuleOptions,
    @Optional() private readonly emitter?: EventEmitter2,
  ) {
    this.job = new IntervalJob(scheduler, OUTBOX_INTERVAL_NAME, () => this.dispatchPending(), (error) =>
      this.logger.error(`Publishing payout events failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  onApplicationBootstrap(): void {
    if (this.options.events?.enabled === false) return;
    if (!this.emitter) {
      this.logger.warn('EventEmitterModule.forRoot() is not imported: payout events stay in the outbox until it is');
      return;
    }
    this.job.start(this.options.events?.intervalMs ?? DEFAULT_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One round, unless one is still running. Returns how many events were published. */
  tick(): Promise<number> {
    return this.job.tick();
  }

  /** Publishes pending events in order; stops at the first listener failure to keep the order. */
  async dispatchPending(): Promise<number> {
    if (!this.emitter) return 0;
    let published = 0;
    for (;;) {
      const rows = await this.repo.pendingEvents(BATCH);
      if (!rows.length) return published;
      const done: string[] = [];
      try {
        for (const row of rows) {
          await this.emitter.emitAsync(PayoutEvents.STATUS_CHANGED, row.payload);
          const specific = specificEventFor(row.toStatus);
          if (specific) await this.emitter.emitAsync(specific, row.payload);
          done.push(row.sequence);
        }
      } finally {
        await this.repo.markEventsPublished(done);
        published += done.length;
      }
      if (rows.length < BATCH) return published;
      // better-sqlite3 answers synchronously: yield so that HTTP and timers are not starved.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
