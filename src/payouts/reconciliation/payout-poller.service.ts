import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { maskDigitRuns } from '../domain/masking';
import { PayoutService } from '../payout.service';
import { PAYOUTS_POLLING } from '../payouts.constants';
import { PollingOptions } from '../payouts.options';
import { PayoutEntity } from '../persistence/payout.entity';
import { Lease, PayoutRepository } from '../persistence/payout.repository';
import { forEachConcurrently, RateLimiter } from './rate-limiter';

export const POLLER_INTERVAL_NAME = 'payouts-poll-due';

/**
 * Reconciliation: every `intervalMs`, claims a batch of due payouts under a lease (so several
 * instances never work one payout at once), asks the gateway about each with bounded concurrency
 * and a per-channel rate, applies the answers and schedules the next poll. Rounds never overlap.
 * Errors are stored on the row (`last_error`): @nestjs/schedule would only log them.
 */
@Injectable()
export class PayoutPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PayoutPoller');
  readonly owner: string;
  /** What this instance has done since it started: rounds run and payouts worked. */
  readonly stats = { rounds: 0, worked: 0 };
  private running: Promise<number> | null = null;
  private readonly limiter: RateLimiter;

  constructor(
    private readonly payouts: PayoutService,
    private readonly repo: PayoutRepository,
    private readonly scheduler: SchedulerRegistry,
    @Inject(PAYOUTS_POLLING) private readonly polling: PollingOptions,
  ) {
    this.owner = payouts.instanceId;
    this.limiter = new RateLimiter(polling.ratePerChannel);
  }

  onApplicationBootstrap(): void {
    if (!this.polling.enabled) return;
    const timer = setInterval(() => void this.tick(), this.polling.intervalMs);
    this.scheduler.addInterval(POLLER_INTERVAL_NAME, timer);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', POLLER_INTERVAL_NAME)) this.scheduler.deleteInterval(POLLER_INTERVAL_NAME);
    await this.running?.catch(() => undefined);
    await this.repo.releaseAllLeases(this.owner).catch(() => undefined);
  }

  /** One round, unless one is still running. Returns how many payouts were worked. */
  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = this.pollOnce().finally(() => (this.running = null));
    try {
      return await this.running;
    } catch (error) {
      this.logger.error(`Poll round failed: ${describe(error)}`);
      return 0;
    }
  }

  /**
   * Claims and works one batch of due payouts. `now` is the time the poll schedule is read
   * against; leases and the resend wait always use the database's clock.
   */
  async pollOnce(now: Date = new Date()): Promise<number> {
    const lease = this.payouts.newLease();
    const claimed = await this.repo.claimDue({ lease, now, leaseMs: this.polling.leaseMs, limit: this.polling.batchSize });
    await forEachConcurrently(claimed, this.polling.concurrency, (payout) => this.work(payout, lease, now));
    this.stats.rounds++;
    this.stats.worked += claimed.length;
    return claimed.length;
  }

  private async work(payout: PayoutEntity, lease: Lease, now: Date): Promise<void> {
    try {
      await this.limiter.take(payout.channel);
      await this.payouts.reconcile(payout, lease, now);
    } catch (error) {
      // One failing payout or channel never stops the others; the row keeps the error.
      const attempts = payout.attempts + 1;
      const patch = {
        lastError: `reconcile failed: ${describe(error)}`.slice(0, 500),
        nextPollAt: this.payouts.nextPollAt(attempts, now),
        attempts,
        ...this.payouts.deadlinePatch(payout, now),
      };
      await this.repo.touch(payout.id, patch, lease.token).catch(() => undefined);
    } finally {
      await this.repo.releaseLease(payout.id, lease).catch(() => undefined);
    }
  }
}

function describe(error: unknown): string {
  return maskDigitRuns(error instanceof Error ? error.message : String(error));
}
