import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { describeError } from '../domain/masking';
import { formatMinor } from '../domain/money';
import { PayoutLowBalanceEvent } from '../events/payout-events';
import { PayoutMetrics } from '../observability/payout-metrics';
import { PAYOUTS_FUNDS } from '../payouts.constants';
import { PayoutProviderRegistry } from '../providers/provider-registry';
import { ChannelFundsRepository } from './channel-funds.repository';
import { ChannelFundsSettings, FundsOptions } from './funds-options';

/** The `holdReason` of a payout waiting because its channel's money does not cover it. */
export const HOLD_INSUFFICIENT_FUNDS = 'insufficient_funds';

/** The module's funds settings: module-wide ones and each channel's (built at boot). */
export interface FundsSettings {
  options: FundsOptions;
  channels: ReadonlyMap<string, ChannelFundsSettings>;
}

/**
 * What a first send may do on a channel's money: `reserved` (the known balance covers it, and the
 * amount now counts against it), `short` (it does not, or payouts already wait: queue it), or
 * `unchecked` (the channel does not hold payouts, or no balance could be read: the gateway decides).
 */
export type FundsVerdict = 'reserved' | 'short' | 'unchecked';

/**
 * Funds-aware sending: checks a first send against the balance the channel last reported less
 * what was sent since, reads balances, and signals a low one. The estimate errs towards holding
 * money back; the gateway stays the authority (its "not enough balance" queues a payout too).
 */
@Injectable()
export class FundsGate {
  private readonly logger = new Logger('Payouts');
  /** When a channel's balance read last failed, on this instance (only paces retries). */
  private readonly failedAt = new Map<string, number>();
  /** Channels whose funds row exists (rows are never deleted): a reservation is then one statement. */
  private readonly known = new Set<string>();

  constructor(
    private readonly repo: ChannelFundsRepository,
    private readonly registry: PayoutProviderRegistry,
    private readonly metrics: PayoutMetrics,
    @Inject(PAYOUTS_FUNDS) private readonly settings: FundsSettings,
  ) {}

  get options(): FundsOptions {
    return this.settings.options;
  }

  holds(channel: string): boolean {
    return this.settings.channels.get(channel)?.holdWhenShort ?? false;
  }

  /** Whether a refusal code of a first send means "not enough balance" on a channel that holds payouts. */
  refusedForFunds(channel: string, code: string): boolean {
    const settings = this.settings.channels.get(channel);
    return Boolean(settings?.holdWhenShort && settings.insufficientFundsCodes.includes(code));
  }

  /** Before a first send of `amount` on `channel`. `behindQueue`: false only for the queue's own release. */
  async reserve(channel: string, amount: number, behindQueue = true): Promise<FundsVerdict> {
    if (!(await this.checks(channel))) return 'unchecked';
    return (await this.repo.reserve(channel, amount, behindQueue)) ? 'reserved' : 'short';
  }

  /**
   * Whether a first send on `channel` is checked against its known balance: false when the
   * channel does not hold payouts, or no balance could be read yet (the gateway decides then).
   */
  async checks(channel: string): Promise<boolean> {
    if (!this.holds(channel)) return false;
    if (!this.known.has(channel)) {
      // Never read on this database: read once now, then decide. Until a read succeeds the gateway decides.
      if (this.failedRecently(channel)) return false;
      if (!(await this.repo.find(channel)) && !(await this.read(channel, 0))) return false;
      this.known.add(channel);
    }
    return true;
  }

  /** A reservation (behind any queue) as a statement of the caller's transaction: false when short. */
  reserveIn(m: EntityManager, channel: string, amount: number): Promise<boolean> {
    return this.repo.reserveIn(m, channel, amount, true);
  }

  unreserve(channel: string, amount: number): Promise<void> {
    return this.repo.unreserve(channel, amount);
  }

  /** A payout now waits for funds on `channel`: later ones wait behind it. */
  queueOpened(channel: string): Promise<void> {
    return this.repo.setQueueOpen(channel, true);
  }

  queueEmptied(channel: string): Promise<void> {
    return this.repo.setQueueOpen(channel, false);
  }

  /** The gateway refused a first send for funds: hold everything on the channel until a read shows money. */
  refused(channel: string): Promise<void> {
    return this.repo.exhausted(channel);
  }

  /**
   * Reads the channel's balance if its last read is `everyMs` old (0: now, and creates the
   * channel's row); false when another instance reads it now, or the gateway did not answer.
   */
  async read(channel: string, everyMs: number): Promise<boolean> {
    const provider = this.registry.get(channel);
    if (!provider.balance) return false;
    // A balance endpoint that fails is asked again after balanceIntervalMs, not on every round.
    if (this.failedRecently(channel)) return false;
    const failed = this.failedAt.get(channel);
    const known = this.known.has(channel) || (await this.repo.find(channel)) !== null;
    const committedBefore = known ? await this.repo.claimRead(channel, everyMs) : 0;
    if (committedBefore === undefined) return false;
    try {
      const balance = await provider.balance();
      await this.repo.recordRead(channel, provider.channel.currency, balance.availableMinor, committedBefore);
      this.known.add(channel);
      this.failedAt.delete(channel);
      const threshold = this.settings.channels.get(channel)?.lowBalanceBelowMinor ?? null;
      const fell = threshold !== null && (await this.signalLow(channel, provider.channel.currency, balance.availableMinor, threshold));
      this.metrics.balanceRead(channel, balance.availableMinor, fell);
      return true;
    } catch (error) {
      if (failed === undefined) this.logger.warn({ msg: 'balance read failed; sends on this channel are not held meanwhile', channel, error: describeError(error) });
      this.failedAt.set(channel, Date.now());
      return false;
    }
  }

  /** True when this read is the one that fell under the threshold (its event is then in the outbox). */
  private async signalLow(channel: string, currency: string, availableMinor: number, thresholdMinor: number): Promise<boolean> {
    const low = availableMinor < thresholdMinor;
    if (!low) {
      await this.repo.flipLow(channel, false);
      return false;
    }
    const readAt = new Date();
    const event: PayoutLowBalanceEvent = {
      eventId: `${channel}:low:${readAt.getTime()}`,
      channel,
      currency,
      available: formatMinor(availableMinor, currency),
      threshold: formatMinor(thresholdMinor, currency),
      readAt: readAt.toISOString(),
    };
    if (!(await this.repo.flipLow(channel, true, event))) return false;
    this.logger.warn({ msg: 'channel balance under its low-balance threshold', channel, available: event.available, threshold: event.threshold });
    return true;
  }

  private failedRecently(channel: string): boolean {
    const failed = this.failedAt.get(channel);
    return failed !== undefined && Date.now() - failed < this.settings.options.balanceIntervalMs;
  }
}
