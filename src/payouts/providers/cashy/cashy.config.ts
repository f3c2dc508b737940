import { FieldProblem } from '../../domain/errors';
import { parseMajorAmount } from '../../domain/money';
import { ChannelConfig } from '../payout-provider';
import { parseUtcOffset } from '../../domain/local-time';
import { AmountLimits, PERU_CURRENCY } from './cashy.peru-rules';

/** Defaults for `channel.options`. The amount range is the payOut field table's [10.00, 2000.00]. */
export const CASHY_DEFAULT_OPTIONS = {
  minAmount: '10.00',
  maxAmount: '2000.00',
  /** Peru's zone (UTC-5, no DST); the docs only state a zone for Colombia, so this is inferred. */
  utcOffset: '-05:00',
  /** payOutQuery `msg` values meaning "no such order"; undocumented, so none by default. */
  notFoundMessages: [] as readonly string[],
};

/** A checked channel's settings, ready to use. */
export interface CashySettings {
  baseUrl: string;
  merchantId: string;
  apiKey: string;
  limits: AmountLimits;
  utcOffsetMinutes: number;
  notFoundMessages: readonly string[];
}

/** Every problem with a Cashy channel's configuration, each naming its field. */
export function checkCashyConfig(channel: ChannelConfig): FieldProblem[] {
  const parsed = parseCashyConfig(channel);
  return 'problems' in parsed ? parsed.problems : [];
}

/** A channel's configuration read once: its settings, or every problem with it. */
export function parseCashyConfig(channel: ChannelConfig): { settings: CashySettings } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, text: string) => problems.push({ field, problem: text });

  const baseUrl = channel.baseUrl ?? '';
  if (baseUrl === '') problem('baseUrl', 'is required');
  else if (!isHttpUrl(baseUrl)) problem('baseUrl', 'must be an http(s) URL');
  const merchantId = channel.merchantId ?? '';
  if (merchantId === '') problem('merchantId', 'is required');
  // Cashy's MerchantId header is an int.
  else if (!/^\d+$/.test(merchantId)) problem('merchantId', 'must be an integer');
  const apiKey = channel.secret ?? '';
  if (apiKey === '') problem('secret', 'is required (the Cashy API key)');
  if (channel.currency !== PERU_CURRENCY) problem('currency', `must be ${PERU_CURRENCY}: this Cashy integration covers Peru`);

  const options = channel.options ?? {};
  const minMinor = readAmount(options, 'minAmount', problems);
  const maxMinor = readAmount(options, 'maxAmount', problems);
  if (minMinor !== undefined && maxMinor !== undefined && minMinor > maxMinor) {
    problem('options.minAmount', 'must not exceed options.maxAmount');
  }

  const offset = options.utcOffset ?? CASHY_DEFAULT_OPTIONS.utcOffset;
  const utcOffsetMinutes = typeof offset === 'string' ? parseUtcOffset(offset) : undefined;
  if (utcOffsetMinutes === undefined) problem('options.utcOffset', 'must be an offset such as "-05:00"');
  const notFound: unknown = options.notFoundMessages ?? CASHY_DEFAULT_OPTIONS.notFoundMessages;
  const notFoundMessages = Array.isArray(notFound) && notFound.every((m) => typeof m === 'string' && m !== '') ? (notFound as readonly string[]) : undefined;
  if (notFoundMessages === undefined) problem('options.notFoundMessages', 'must be a list of non-empty strings');

  if (problems.length > 0 || minMinor === undefined || maxMinor === undefined || utcOffsetMinutes === undefined || !notFoundMessages) {
    return { problems };
  }
  return {
    settings: {
      baseUrl: baseUrl.replace(/\/+$/, ''),
      merchantId,
      apiKey,
      limits: { minMinor, maxMinor },
      utcOffsetMinutes,
      notFoundMessages,
    },
  };
}

function readAmount(options: Record<string, unknown>, key: 'minAmount' | 'maxAmount', problems: FieldProblem[]): number | undefined {
  const value = options[key] ?? CASHY_DEFAULT_OPTIONS[key];
  if (typeof value !== 'string') {
    problems.push({ field: `options.${key}`, problem: 'must be a decimal string such as "10.00"' });
    return undefined;
  }
  const parsed = parseMajorAmount(value, PERU_CURRENCY, `options.${key}`);
  if ('problem' in parsed) {
    problems.push(parsed.problem);
    return undefined;
  }
  return parsed.minor;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
