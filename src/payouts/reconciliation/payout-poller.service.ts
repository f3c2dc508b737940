import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { OperatorActions } from '../approvals/operator-actions.service';
import { describeError } from '../domain/masking';
import { PayoutReconciler } from '../lifecycle/payout-reconciler.service';
import { PayoutSender } from '../lifecycle/payout-sender.service';
import { PAYOUTS_POLLING } from '../payouts.constants';
import { PollingOptions } from '../payouts.options';
import { PayoutEntity } from '../persistence/payout.entity';
import { Lease, PayoutRepository } from '../persistence/payout.repository';
import { PayoutProviderRegistry } from '../providers/provider-registry';
import { IntervalJob } from '../scheduling/interval-job';
import { QueueReleaser } from './queue-releaser.service';
import { forEachConcurrently, RateLimiter } from './rate-limiter';

export const POLLER_INTERVAL_NAME = 'payouts-poll-due';

/**
 * Reconciliation: every `intervalMs`, claims a batch of due payouts under a lease (so several
 * instances never work one payout at once), reconciles each with bounded concurrency and a
 * per-channel rate. Rounds never overlap. A failed reconcile is stored on the row (`last_error`).
 */
@Injectable()
export class PayoutPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PayoutPoller');
  readonly owner: string;
  /** What this instance has done since it started: rounds run and payouts worked. */
  readonly stats = { rounds: 0, worked: 0 };
  private readonly limiter: RateLimiter;
  private readonly job: IntervalJob;
  private readonly channels: readonly string[];

  constructor(
    private readonly reconciler: PayoutReconciler,
    private readonly sender: PayoutSender,
    private readonly actions: OperatorActions,
    private readonly repo: PayoutRepository,
    private readonly queue: QueueReleaser,
    registry: PayoutProviderRegistry,
    // Optional here so that a host without ScheduleModule gets BootChecks' message, not a DI error.
    @Optional() @Inject(SchedulerRegistry) scheduler: SchedulerRegistry | undefined,
    @Inject(PAYOUTS_POLLING) private readonly polling: PollingOptions,
  ) {
    this.owner = sender.instanceId;
    this.channels = registry.codes();
    this.limiter = new RateLimiter(polling.ratePerChannel);
    this.job = new IntervalJob(scheduler, POLLER_INTERVAL_NAME, () => this.pollOnce(), (error) =>
      this.logger.error(`Poll round failed: ${describeError(error)}`),
    );
  }

  onApplicationBootstrap(): void {
    if (this.polling.enabled) this.job.start(this.polling.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
    await this.repo.releaseAllLeases(this.owner).catch(() => undefined);
  }

  /** One round, unless one is still running. Returns how many payouts were worked. */
  tick(): Promise<number> {
    return this.job.tick();
  }

  /**
   * Claims and works one batch of due payouts. `now` is the time the poll schedule is read
   * against; leases and the resend wait always use the database's clock.
   */
  async pollOnce(now: Date = new Date()): Promise<number> {
    // Approvals that did not come in time end first: such payouts are never claimed for sending.
    await this.actions.expireDue(now);
    // Payouts the channels' balances now cover leave the funds queue, due at once: this round sends them.
    await this.queue.releaseDue(now);
    await this.queue.refreshBalances(this.channels);
    const lease: Lease = { ...this.sender.newLease(), heldUntil: performance.now() + this.polling.leaseMs };
    const claimed = await this.repo.claimDue({ lease, now, leaseMs: this.polling.leaseMs, limit: this.polling.batchSize });
    await forEachConcurrently(claimed, this.polling.concurrency, (payout) => this.work(payout, lease, now));
    this.stats.rounds++;
    this.stats.worked += claimed.length;
    return claimed.length;
  }

  private async work(payout: PayoutEntity, lease: Lease, now: Date): Promise<void> {
    let held = true;
    try {
      await this.limiter.take(payout.channel);
      // An answer's write gives the lease back itself when it can: then there is nothing to release.
      held = (await this.reconciler.reconcile(payout, lease, now)).leaseToken === lease.token;
    } catch (error) {
      // One failing payout or channel never stops the others.
      await this.reconciler.recordFailure(payout, lease, now, error).catch(() => undefined);
    } finally {
      if (held) await this.repo.releaseLease(payout.id, lease).catch(() => undefined);
    }
  }
}
