import { ChannelConfig } from '../src/payouts';
import { CHANNEL } from './config';

/** The sandbox Paypro Indonesia channel, pointing at the bench's gateway stub. */
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

/** The API key the app under load is configured with and the load sends: the guard's cost is part of the path. */
export const BENCH_API_KEY = 'bench-api-key-0123456789';
