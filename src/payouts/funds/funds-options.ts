import { FieldProblem } from '../domain/errors';
import { parseMajorAmount } from '../domain/money';
import { ChannelConfig } from '../providers/channel-config';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Module-wide settings of funds-aware sending (option `funds`). Durations in milliseconds. */
export interface FundsOptions {
  /** How often a channel's balance is read while payouts wait for funds on it. */
  balanceIntervalMs: number;
  /** How often it is read otherwise (for the low-balance signal, and to correct the running estimate). */
  balanceRefreshMs: number;
  /** A payout still waiting for funds this long after it was queued is cancelled (QUEUE_EXPIRED). */
  queueExpiresAfterMs: number;
}

export const DEFAULT_FUNDS: FundsOptions = { balanceIntervalMs: 15_000, balanceRefreshMs: 5 * MINUTE, queueExpiresAfterMs: 7 * DAY };

/** One channel's funds settings, from the options every channel takes (FUNDS_OPTION_KEYS). */
export interface ChannelFundsSettings {
  /** Check the known balance before a first send and queue what it cannot cover. */
  holdWhenShort: boolean;
  /** `payout.low_balance` when a balance read falls under this, in minor units; null: no signal. */
  lowBalanceBelowMinor: number | null;
  /** Refusal codes of a first send that mean "not enough balance": the payout is queued, not failed. */
  insufficientFundsCodes: readonly string[];
}

/**
 * The gateways' documented "not enough balance" answers. Cashy lists MERCHANT_BALANCE_NOT_ENOUGH
 * (docs/gateways.md 2.3); Paypro and Vexora publish none, so a channel names its code once the
 * gateway says which (`options.insufficientFundsCodes`).
 */
export const DEFAULT_INSUFFICIENT_FUNDS_CODES: Readonly<Record<string, readonly string[]>> = {
  cashy: ['MERCHANT_BALANCE_NOT_ENOUGH'],
};

/**
 * Reads and checks a channel's funds options. `holdWhenShort` defaults to on where the protocol
 * can read a balance; asked for on a channel that cannot, it is a boot error.
 */
export function channelFundsSettings(channel: ChannelConfig, readsBalance: boolean): { settings: ChannelFundsSettings; problems: FieldProblem[] } {
  const options = channel.options ?? {};
  const problems: FieldProblem[] = [];
  const hold = options.holdWhenShort ?? readsBalance;
  if (typeof hold !== 'boolean') problems.push({ field: 'options.holdWhenShort', problem: 'must be true or false' });
  else if (hold && !readsBalance) problems.push({ field: 'options.holdWhenShort', problem: `needs a balance endpoint, which ${channel.protocol} channels do not have` });
  let lowBalanceBelowMinor: number | null = null;
  if (options.lowBalanceBelow !== undefined) {
    const parsed = typeof options.lowBalanceBelow === 'string' ? parseMajorAmount(options.lowBalanceBelow, channel.currency) : undefined;
    if (!parsed || 'problem' in parsed) problems.push({ field: 'options.lowBalanceBelow', problem: `must be a decimal string in ${channel.currency}, such as "1000.00"` });
    else lowBalanceBelowMinor = parsed.minor;
  }
  const codes = options.insufficientFundsCodes ?? DEFAULT_INSUFFICIENT_FUNDS_CODES[channel.protocol] ?? [];
  if (!Array.isArray(codes) || codes.some((c) => typeof c !== 'string' || c === '')) {
    problems.push({ field: 'options.insufficientFundsCodes', problem: 'must be a list of non-empty strings' });
  }
  return {
    settings: { holdWhenShort: hold === true && readsBalance, lowBalanceBelowMinor, insufficientFundsCodes: Array.isArray(codes) ? codes : [] },
    problems,
  };
}

/** The module's funds settings with defaults filled in; throws at boot on a value that cannot work. */
export function fundsOptions(given: Partial<FundsOptions> = {}): FundsOptions {
  const unknown = Object.keys(given).filter((key) => !(key in DEFAULT_FUNDS));
  if (unknown.length) throw new Error(`Unknown PayoutsModule option ${unknown.map((k) => `"funds.${k}"`).join(', ')}; funds reads ${Object.keys(DEFAULT_FUNDS).join(', ')}`);
  const funds = { ...DEFAULT_FUNDS, ...given };
  for (const [name, value] of Object.entries(funds)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`Payouts option funds.${name} must be a whole number of milliseconds ≥ 1, got ${String(value)}`);
  }
  return funds;
}
