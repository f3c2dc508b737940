import { FieldProblem } from '../domain/errors';
import { currencyExponent } from '../domain/money';

/** Timeouts for one channel's HTTP calls, in milliseconds. */
export interface ChannelTimeouts {
  connectMs: number;
  responseMs: number;
}

/**
 * One merchant account on one gateway, as the host configures it.
 * Protocol-specific settings live in `options` and are checked by the protocol at boot.
 */
export interface ChannelConfig {
  /** Kebab-case code used in the API and the webhook URL, e.g. "paypro-idn". */
  code: string;
  /** "paypro", "vexora", "cashy" or "fake". */
  protocol: string;
  /** Protocol variant, e.g. Paypro "bank" or "mexico". */
  variant?: string;
  /** ISO currency this channel pays out in. */
  currency: string;
  /** The gateway's base URL, e.g. https://openapi-test.paypro.tech/indonesia-pay */
  baseUrl?: string;
  /** Paypro merchantNo / Cashy MerchantId. */
  merchantId?: string;
  /** Paypro app secret / Cashy API key. Never logged, never returned. */
  secret?: string;
  timeouts?: Partial<ChannelTimeouts>;
  /** Protocol-specific settings (paths, limits, not-found codes, time zone…). */
  options?: Record<string, unknown>;
}

/**
 * The currency rule, written once: a currency must be one the module has an exponent for and, when
 * a channel is given, that channel's. The registry applies it to every channel at boot; a provider
 * applies it to a payout before its own rules. The texts are the API's: a payout in another
 * currency reads exactly as PayoutService's create check, so an answer lists the mistake once.
 */
export function currencyProblem(currency: string, channel?: Pick<ChannelConfig, 'code' | 'currency'>): FieldProblem | undefined {
  if (channel && currency !== channel.currency) {
    return { field: 'currency', problem: `channel ${channel.code} pays out in ${channel.currency}, not ${currency}` };
  }
  if (!currency || currencyExponent(currency) === undefined) return { field: 'currency', problem: `"${currency}" is not a supported ISO currency` };
  return undefined;
}

/**
 * Options every channel takes whatever its protocol, read by the module's funds handling
 * (funds/funds-options.ts): hold payouts its balance cannot cover, the low-balance threshold, and
 * the refusal codes that mean "not enough balance".
 */
export const FUNDS_OPTION_KEYS: readonly string[] = ['holdWhenShort', 'lowBalanceBelow', 'insufficientFundsCodes'];

/** A problem for each key of `channel.options` the protocol does not read: a typo would otherwise be ignored. */
export function unknownOptions(channel: ChannelConfig, known: readonly string[]): FieldProblem[] {
  const all = [...known, ...FUNDS_OPTION_KEYS];
  return Object.keys(channel.options ?? {})
    .filter((key) => !all.includes(key))
    .map((key) => ({ field: `options.${key}`, problem: `is not an option of ${channel.protocol} channels (known: ${all.join(', ')})` }));
}
