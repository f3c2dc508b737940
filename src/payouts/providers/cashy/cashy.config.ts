import { FieldProblem } from '../../domain/errors';
import { parseUtcOffset } from '../../domain/local-time';
import { parseMajorAmount } from '../../domain/money';
import { ChannelConfig, unknownOptions } from '../channel-config';
import { isHttpUrl, trimTrailingSlashes } from '../json-url';
import { AmountLimits, PERU_CURRENCY } from './cashy.rules';
import { CASHY_RETRYABLE_MESSAGES } from './cashy.status-map';

/** Defaults for `channel.options`. The amount range is the payOut field table's [10.00, 2000.00]. */
export const CASHY_DEFAULT_OPTIONS = {
  minAmount: '10.00',
  maxAmount: '2000.00',
  /** Peru's zone (UTC-5, no DST); the docs only state a zone for Colombia, so this is inferred. */
  utcOffset: '-05:00',
  /** payOutQuery `msg` values meaning "no such order"; undocumented, so none by default. */
  notFoundMessages: [] as readonly string[],
  /**
   * payOut `msg` values that definitely mean no order was placed (docs/gateways.md 2.4 and the reason
   * list of 2.3); `*` stands for a field name. Any other answer is unknown: System_error above all,
   * which does not say that nothing was placed. System_busy and System_Maintenance are not_sent.
   */
  refusalMessages: [
    'Sign_verify_error',
    'MerchantId_is_null',
    'MerchantId_not_Number',
    'MerchantId_is_error',
    'Request_ip_notWhiteList',
    'RequestMethod_not_post',
    'RequestContentType_not_json',
    'RequestBody_is_null',
    'Params_jsonFormat_error',
    'Params_*_Required',
    'Params_*_error',
    'MERCHANT_BALANCE_NOT_ENOUGH',
  ] as readonly string[],
};

/** The documented common error that does not say whether the order was placed. */
export const CASHY_SYSTEM_ERROR = 'System_error';

/**
 * Messages about mchOrderNo are never a definite refusal: ours always meets the field table
 * (26 characters of [0-9A-Z] in a string(32)), so Cashy complaining about it most likely means a
 * duplicate, for which the docs give no answer; an order may then exist under it.
 */
export const CASHY_TRADE_NO_MESSAGE = /^Params_mchOrderNo_/;

/** Whether a payOut `msg` matches one of the channel's refusal patterns (`*`: a field name). */
export function isCashyRefusal(msg: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => patternRegExp(pattern).test(msg));
}

function patternRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').join('[A-Za-z0-9]+')}$`);
}

/** A checked channel's settings, ready to use. */
export interface CashySettings {
  baseUrl: string;
  merchantId: string;
  apiKey: string;
  limits: AmountLimits;
  utcOffsetMinutes: number;
  notFoundMessages: readonly string[];
  refusalMessages: readonly string[];
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

  problems.push(...unknownOptions(channel, Object.keys(CASHY_DEFAULT_OPTIONS)));
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
  const refusalMessages = readRefusalMessages(options.refusalMessages ?? CASHY_DEFAULT_OPTIONS.refusalMessages, problems);

  if (
    problems.length > 0 ||
    minMinor === undefined ||
    maxMinor === undefined ||
    utcOffsetMinutes === undefined ||
    !notFoundMessages ||
    !refusalMessages
  ) {
    return { problems };
  }
  return {
    settings: {
      baseUrl: trimTrailingSlashes(baseUrl),
      merchantId,
      apiKey,
      limits: { minMinor, maxMinor },
      utcOffsetMinutes,
      notFoundMessages,
      refusalMessages,
    },
  };
}

/** Refusal patterns, or undefined with the problems recorded. A typo must not pass for a pattern. */
function readRefusalMessages(value: unknown, problems: FieldProblem[]): readonly string[] | undefined {
  const field = 'options.refusalMessages';
  const wellFormed = (m: unknown) => typeof m === 'string' && /^[A-Za-z0-9_*]+$/.test(m) && /[A-Za-z]/.test(m) && !m.includes('**');
  if (!Array.isArray(value) || !value.every(wellFormed)) {
    problems.push({ field, problem: 'must be a list of messages such as "Sign_verify_error" or "Params_*_error" (* for a field name)' });
    return undefined;
  }
  const before = problems.length;
  for (const pattern of value as string[]) {
    const ambiguous = [CASHY_SYSTEM_ERROR, ...CASHY_RETRYABLE_MESSAGES].find((msg) => isCashyRefusal(msg, [pattern]));
    if (ambiguous) problems.push({ field, problem: `${pattern} matches ${ambiguous}, which does not say that no order was placed` });
    if (CASHY_TRADE_NO_MESSAGE.test(pattern)) problems.push({ field, problem: `${pattern} is about mchOrderNo, which may mean a duplicate: never a refusal` });
  }
  return problems.length === before ? (value as string[]) : undefined;
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
