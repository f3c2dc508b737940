import { ChannelConfig } from '../src/payouts';
import { CHANNEL } from './config';

/** The sandbox Paypro Indonesia channel, pointing at the bench's simulator. */
export function benchChannel(gatewayUrl: string): ChannelConfig {
  return {
    code: CHANNEL.code,
    protocol: CHANNEL.protocol,
    variant: CHANNEL.variant,
    currency: CHANNEL.currency,
    baseUrl: gatewayUrl,
    merchantId: CHANNEL.merchantId,
    secret: CHANNEL.secret,
    options: { utcOffset: CHANNEL.utcOffset, notFoundCodes: ['1004'] },
  };
}
