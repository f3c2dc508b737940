import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { PAYOUTS_EVENTS } from '../payouts.constants';
import { EventOptions } from '../payouts.options';
import { PayoutMetrics } from '../observability/payout-metrics';
import { IntervalJob } from '../scheduling/interval-job';
import { InProcessEventPublisher } from './in-process-publisher';
import { PayoutEventPublisher } from './payout-event-publisher';
import { eventNamesOf } from './payout-events';
import { PayoutOutboxEntity } from './payout-outbox.entity';
import { PayoutOutboxRepository } from './payout-outbox.repository';

export const OUTBOX_INTERVAL_NAME = 'payouts-outbox';

/**
 * Publishes the outbox: at least once, in order per payout, surviving restarts. Each round
 * claims rows under a lease of its own (so instances never deliver one row at once), delivers
 * them concurrently (a claim holds at most one row per payout), and records each outcome fenced
 * by the lease token: published, or failed with the time of its next attempt, or dead-lettered.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PayoutEvents');
  private readonly job: IntervalJob;
  private readonly publisher: PayoutEventPublisher;

  constructor(
    private readonly outbox: PayoutOutboxRepository,
    // Optional: without ScheduleModule the boot checks name what to import, instead of a DI error.
    @Optional() @Inject(SchedulerRegistry) scheduler: SchedulerRegistry | undefined,
    @Inject(PAYOUTS_EVENTS) private readonly settings: EventOptions,
    private readonly metrics: PayoutMetrics,
    private readonly inProcess: InProcessEventPublisher,
  ) {
    this.publisher = settings.publisher ?? inProcess;
    this.job = new IntervalJob(scheduler, OUTBOX_INTERVAL_NAME, () => this.dispatchPending(), (error) =>
      this.logger.error(`Publishing payout events failed: ${message(error)}`),
    );
  }

  /** Where this instance sends events. */
  get target(): string {
    return this.publisher.target;
  }

  onApplicationBootstrap(): void {
    if (this.publisher !== this.inProcess && this.inProcess.handlerCount) {
      this.logger.warn(`@OnPayoutEvent handlers are not called: events go to ${this.publisher.target}`);
    }
    if (!this.settings.enabled) return;
    this.job.start(this.settings.intervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One round, unless one is still running. Returns how many events were published. */
  tick(): Promise<number> {
    return this.job.tick();
  }

  /**
   * Claims and delivers batches while they make progress: a batch in which nothing was delivered
   * ends the round, so failing rows wait for their backoff rather than being retried at once.
   */
  async dispatchPending(): Promise<number> {
    let published = 0;
    for (;;) {
      const token = randomUUID();
      const rows = await this.outbox.claim(token, this.settings.leaseMs, this.settings.batchSize);
      if (!rows.length) return published;
      const outcomes = await Promise.all(rows.map((row) => this.deliver(row)));
      const done = rows.filter((_, i) => outcomes[i]).map((row) => row.sequence);
      const marked = await this.outbox.markPublished(done, token);
      for (let i = 0; i < marked; i++) this.metrics.eventDelivery('published');
      published += marked;
      if (!done.length) return published;
      // better-sqlite3 answers synchronously: yield so that HTTP and timers are not starved.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Delivers one claimed row; true when it was taken, else its failure is recorded. */
  private async deliver(row: PayoutOutboxEntity): Promise<boolean> {
    try {
      await withTimeout(
        this.publisher.publish({ eventId: row.eventId, payoutId: row.payoutId, names: eventNamesOf(row), payload: row.payload, attempts: row.attempts }),
        this.settings.publishTimeoutMs,
      );
      return true;
    } catch (error) {
      const attempts = row.attempts + 1;
      const deadLetter = attempts >= this.settings.maxAttempts;
      const { firstDelayMs, maxDelayMs } = this.settings.retry;
      const retryInMs = Math.min(firstDelayMs * 2 ** (attempts - 1), maxDelayMs);
      await this.outbox.recordFailure(row.sequence, row.leaseToken as string, { error: message(error), attempts, retryInMs, deadLetter });
      this.metrics.eventDelivery(deadLetter ? 'dead_lettered' : 'failed');
      const what = deadLetter ? `dead-lettered after ${attempts} attempts` : `attempt ${attempts} failed, next in ${retryInMs} ms`;
      this.logger.warn(`Payout event ${row.eventId} ${what}: ${message(error)}`);
      return false;
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not taken within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
