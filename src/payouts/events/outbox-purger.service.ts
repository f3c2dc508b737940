import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PAYOUTS_EVENTS } from '../payouts.constants';
import { EventOptions } from '../payouts.options';
import { IntervalJob } from '../scheduling/interval-job';
import { PayoutOutboxRepository } from './payout-outbox.repository';

export const OUTBOX_PURGE_INTERVAL_NAME = 'payouts-outbox-purge';
const BATCH = 500;
/** Between batches: other flows' writes (one queue on SQLite) go first. */
const PAUSE_MS = 50;

/**
 * Deletes published outbox rows past `events.retentionMs`, on its own interval and in batches of
 * 500 with a pause between them, so a large backlog never holds the table or the write queue
 * for long. Unpublished and dead-lettered rows are never purged.
 */
@Injectable()
export class OutboxPurger implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PayoutEvents');
  private readonly job: IntervalJob;

  constructor(
    private readonly outbox: PayoutOutboxRepository,
    // Optional: without ScheduleModule the boot checks name what to import, instead of a DI error.
    @Optional() @Inject(SchedulerRegistry) scheduler: SchedulerRegistry | undefined,
    @Inject(PAYOUTS_EVENTS) private readonly settings: EventOptions,
  ) {
    this.job = new IntervalJob(scheduler, OUTBOX_PURGE_INTERVAL_NAME, () => this.purge(), (error) =>
      this.logger.error(`Purging published payout events failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  onApplicationBootstrap(): void {
    if (this.settings.enabled) this.job.start(this.settings.purgeIntervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Deletes every published row past the retention period; returns how many. */
  async purge(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const n = await this.outbox.purgePublished(this.settings.retentionMs, BATCH);
      deleted += n;
      if (n < BATCH) return deleted;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
  }
}
