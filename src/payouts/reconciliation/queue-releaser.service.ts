import { Injectable, Logger } from '@nestjs/common';
import { PayoutStatus } from '../domain/payout-status';
import { PayoutStateService } from '../lifecycle/payout-state.service';
import { ChannelFundsRepository } from '../funds/channel-funds.repository';
import { FundsGate } from '../funds/funds-gate.service';

/** Queued payouts looked at per channel per round. */
const RELEASE_BATCH = 200;

/**
 * The queue of payouts waiting for funds, worked at the start of every poll round: those past
 * their window are cancelled; on each channel with a queue the balance is read (every
 * `funds.balanceIntervalMs`) and payouts are released to CREATED in creation order while the
 * balance covers them, the first one that does not fit stopping its channel's release (FIFO).
 * A released payout keeps its reservation and is sent by the same round's claim.
 */
@Injectable()
export class QueueReleaser {
  private readonly logger = new Logger('Payouts');

  constructor(
    private readonly repo: ChannelFundsRepository,
    private readonly gate: FundsGate,
    private readonly state: PayoutStateService,
  ) {}

  /** Returns how many payouts were released. */
  async releaseDue(now: Date = new Date()): Promise<number> {
    await this.expire(now);
    const open = await this.repo.openQueues();
    const queued = await this.repo.queuedChannels();
    // A queue emptied by cancels or expiry: new payouts on its channel need not wait any more.
    for (const channel of open) if (!queued.includes(channel)) await this.gate.queueEmptied(channel);
    let released = 0;
    for (const channel of queued) {
      if (!this.gate.holds(channel)) continue;
      await this.gate.read(channel, this.gate.options.balanceIntervalMs);
      released += await this.release(channel, now);
    }
    return released;
  }

  /** Reads the balance of every channel that holds payouts, when its last read is `balanceRefreshMs` old. */
  async refreshBalances(channels: readonly string[]): Promise<void> {
    for (const channel of channels) if (this.gate.holds(channel)) await this.gate.read(channel, this.gate.options.balanceRefreshMs);
  }

  private async release(channel: string, now: Date): Promise<number> {
    const queue = await this.repo.queue(channel, RELEASE_BATCH);
    let released = 0;
    for (const payout of queue) {
      if ((await this.gate.reserve(channel, payout.amount, false)) !== 'reserved') return released;
      // Due now, in queue order, so the poller's claim sends them first come, first served.
      const moved = await this.state.decide(payout, PayoutStatus.CREATED, {
        holdReason: null,
        fundsReserved: true,
        nextPollAt: new Date(now.getTime() - RELEASE_BATCH + released),
      });
      if (moved) released++;
      else await this.gate.unreserve(channel, payout.amount);
    }
    if (queue.length < RELEASE_BATCH && released === queue.length) await this.gate.queueEmptied(channel);
    if (released) this.logger.log({ msg: 'payouts released: funds available', channel, count: released });
    return released;
  }

  private async expire(now: Date): Promise<void> {
    let expired = 0;
    for (const payout of await this.repo.expired(now, RELEASE_BATCH)) {
      const moved = await this.state.decide(payout, PayoutStatus.CANCELLED, {
        holdReason: null,
        failureCode: 'QUEUE_EXPIRED',
        failureMessage: 'not sent: the channel had no funds for it before its queue window ended',
        completedAt: now,
        nextPollAt: null,
      });
      if (moved) expired++;
    }
    if (expired) this.logger.log({ msg: 'queued payouts cancelled: queue window ended', count: expired });
  }
}
