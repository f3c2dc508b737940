import { ChannelConfigError } from '../domain/errors';
import { PayoutsModuleOptions } from '../payouts.options';
import { PayoutProviderRegistry } from '../providers/provider-registry';
import { ChannelFundsSettings, channelFundsSettings, fundsOptions } from './funds-options';
import type { FundsSettings } from './funds-gate.service';

/** The funds settings of every channel, checked at boot: a wrong one stops the app, naming the channel. */
export function buildFundsSettings(options: PayoutsModuleOptions, registry: PayoutProviderRegistry): FundsSettings {
  const channels = new Map<string, ChannelFundsSettings>();
  for (const provider of registry.all()) {
    const { settings, problems } = channelFundsSettings(provider.channel, typeof provider.balance === 'function');
    const [first] = problems;
    if (first) throw new ChannelConfigError(provider.channel.code, first.field, first.problem);
    channels.set(provider.channel.code, settings);
  }
  return { options: fundsOptions(options.funds), channels };
}
