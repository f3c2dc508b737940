import { Injectable } from '@nestjs/common';
import { NotSupportedByChannelError } from '../domain/errors';
import { formatMinor } from '../domain/money';
import { Bank } from '../providers/payout-provider';
import { PayoutProviderRegistry } from '../providers/provider-registry';
import { ChannelFundsRepository } from '../funds/channel-funds.repository';
import { FundsGate } from '../funds/funds-gate.service';
import { ChannelBalanceView } from './channel.view';

/** Reads about a channel's merchant account at its gateway: balance and bank list. */
@Injectable()
export class ChannelInfoService {
  constructor(
    private readonly registry: PayoutProviderRegistry,
    private readonly funds: ChannelFundsRepository,
    private readonly gate: FundsGate,
  ) {}

  async balance(code: string): Promise<ChannelBalanceView> {
    const provider = this.registry.get(code);
    if (!provider.balance) throw new NotSupportedByChannelError(`Channel ${code}'s gateway offers no balance query`);
    const [b, queued] = await Promise.all([provider.balance(), this.funds.queuedTotals([code])]);
    const major = (minor: number | undefined) => (minor === undefined ? null : formatMinor(minor, b.currency));
    const waiting = queued.get(code) ?? { count: 0, amount: 0 };
    return {
      channel: code,
      currency: b.currency,
      available: formatMinor(b.availableMinor, b.currency),
      frozen: major(b.frozenMinor),
      unsettled: major(b.unsettledMinor),
      holdsWhenShort: this.gate.holds(code),
      queuedCount: waiting.count,
      queuedAmount: formatMinor(waiting.amount, b.currency),
    };
  }

  async banks(code: string): Promise<Bank[]> {
    const provider = this.registry.get(code);
    if (!provider.banks) throw new NotSupportedByChannelError(`Channel ${code}'s gateway publishes no bank list; use the codes it gave you`);
    return provider.banks();
  }
}
