import { ChannelConfigError, UnknownChannelError } from '../domain/errors';
import { GatewayCallListener, observeProvider } from '../observability/gateway-call';
import { ChannelConfig, currencyProblem } from './channel-config';
import { HttpClient, longestCallMs } from './http-client';
import { PayoutProtocol } from './payout-protocol';
import { PayoutProvider } from './payout-provider';

const CHANNEL_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Resolves a channel's provider by code. Built once at boot from the configured channels and
 * the registered protocols; any configuration problem stops the boot with the channel and field named.
 */
export class PayoutProviderRegistry {
  private readonly providers = new Map<string, PayoutProvider>();
  private readonly longestCalls = new Map<string, number>();

  constructor(
    channels: readonly ChannelConfig[],
    protocols: readonly PayoutProtocol[],
    http: HttpClient,
    notifyUrlFor: (channelCode: string) => string,
    /** Told of every gateway call (metrics, channel health). */
    onGatewayCall?: GatewayCallListener,
  ) {
    const byName = new Map<string, PayoutProtocol>();
    for (const protocol of protocols) {
      for (const name of protocol.names) {
        if (byName.has(name)) throw new Error(`Two payout protocols answer to the name "${name}"`);
        byName.set(name, protocol);
      }
    }
    channels.forEach((channel, index) => {
      const label = channel?.code || `#${index}`;
      if (!channel?.code || !CHANNEL_CODE.test(channel.code)) {
        throw new ChannelConfigError(label, 'code', 'must be kebab-case letters and digits, e.g. "paypro-idn"');
      }
      if (this.providers.has(channel.code)) throw new ChannelConfigError(channel.code, 'code', 'is used by more than one channel');
      const protocol = byName.get(channel.protocol);
      if (!protocol) {
        throw new ChannelConfigError(channel.code, 'protocol', `"${channel.protocol}" is unknown; known: ${[...byName.keys()].join(', ')}`);
      }
      // Every channel's currency is checked here, before its protocol sees the channel.
      const currency = currencyProblem(channel.currency);
      if (currency) throw new ChannelConfigError(channel.code, currency.field, currency.problem);
      const problems = protocol.checkConfig(channel);
      if (problems.length) {
        const [first, ...rest] = problems;
        const more = rest.map((p) => `; ${p.field} ${p.problem}`).join('');
        throw new ChannelConfigError(channel.code, first.field, first.problem + more);
      }
      const provider = protocol.create(channel, { http, notifyUrl: notifyUrlFor(channel.code) });
      this.providers.set(channel.code, onGatewayCall ? observeProvider(provider, onGatewayCall) : provider);
      this.longestCalls.set(channel.code, longestCallMs(channel.timeouts));
    });
  }

  get(code: string): PayoutProvider {
    const provider = this.providers.get(code);
    if (!provider) throw new UnknownChannelError(code, this.codes());
    return provider;
  }

  /** The longest one gateway call of this channel can take: its connect and response timeouts. */
  longestCallMs(code: string): number {
    const ms = this.longestCalls.get(code);
    if (ms === undefined) throw new UnknownChannelError(code, this.codes());
    return ms;
  }

  has(code: string): boolean {
    return this.providers.has(code);
  }

  codes(): string[] {
    return [...this.providers.keys()];
  }

  all(): PayoutProvider[] {
    return [...this.providers.values()];
  }
}
