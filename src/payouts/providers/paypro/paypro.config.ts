import { FieldProblem } from '../../domain/errors';
import { parseUtcOffset } from '../../domain/local-time';
import { ChannelConfig, currencyProblem, unknownOptions } from '../channel-config';
import { isHttpUrl, isJsonObject } from '../json-url';
import { PAYPRO_VARIANTS, PayproVariant, PayproVariantName, isPayproVariant } from './paypro.rules';
import { PAYPRO_IN_PROGRESS, PAYPRO_OK, PAYPRO_SYSTEM_ERROR } from './paypro.status-map';

export const PAYPRO_PROTOCOL_NAMES = ['paypro', 'vexora'] as const;
export type PayproProtocolName = (typeof PAYPRO_PROTOCOL_NAMES)[number];

export interface PayproPaths {
  payout: string;
  query: string;
  balance: string;
}

/** Paths per white-label (docs/gateways.md 1.2); the Vexora balance path is inferred, hence overridable. */
export const DEFAULT_PATHS: Readonly<Record<PayproProtocolName, PayproPaths>> = {
  paypro: { payout: '/v1/paypro/payOut', query: '/v1/paypro/queryPayOutResult', balance: '/v1/paypro/queryBalance' },
  vexora: { payout: '/v1/vexora/disbursements', query: '/v1/vexora/queryPayOutResult', balance: '/v1/vexora/queryBalance' },
};

export const DEFAULT_VARIANT: PayproVariantName = 'bank';

/**
 * Paypro reports `successTime` as local time `yyyy-MM-dd HH:mm:ss` without a zone (docs/gateways.md, source 003:
 * "Transaction success time (local time)"), so each channel needs the country's UTC offset.
 * Defaults cover the Paypro/Vexora countries whose clocks have no daylight saving time.
 */
export const DEFAULT_UTC_OFFSETS: Readonly<Record<string, string>> = {
  IDR: '+07:00', // Jakarta (WIB)
  MXN: '-06:00', // Mexico City, no DST since 2022
  NGN: '+01:00',
  PKR: '+05:00',
  PHP: '+08:00',
  VND: '+07:00',
  KES: '+03:00',
  BRL: '-03:00', // Brasília, no DST since 2019
  KRW: '+09:00',
  INR: '+05:30',
  MMK: '+06:30',
  THB: '+07:00',
  BDT: '+06:00',
};

/**
 * Outer codes on a create that definitely mean no order was placed. Source 000 (docs/gateways.md) only says that
 * "0000" means the request was taken and points to the business error codes; of those
 * (docs/gateways.md 1.5), these two are refusals of the transaction itself. 5000 ("system operation
 * exception") and 00032 (UNKNOWN_ERROR) do not say that nothing was placed, and the codes for a bad
 * sign, merchant or parameter are not published: a channel lists them once the gateway says which.
 */
export const DEFAULT_REFUSAL_CODES: readonly string[] = ['00029', '0100019'];

/**
 * `data.status` codes a notification may carry as a failure: the documented ones (docs/gateways.md
 * 1.5). A notification with any other status is refused (issue 11): its fields may have been
 * shifted under a valid sign, and the query, which reads every other code as a failure, settles it.
 */
export const DEFAULT_FAILURE_CODES: readonly string[] = ['00029', '00032', '0100019'];

/** A channel's configuration, checked and with defaults applied. */
export interface PayproSettings {
  baseUrl: string;
  merchantId: string;
  secret: string;
  variant: PayproVariant;
  paths: PayproPaths;
  /** Outer codes that mean "no such order": undocumented, so none unless configured. */
  notFoundCodes: readonly string[];
  /** Outer codes on a create that mean "refused, nothing placed"; any other code is unknown. */
  refusalCodes: readonly string[];
  /** `data.status` failure codes a notification may carry. */
  failureCodes: readonly string[];
  utcOffsetMinutes: number;
}

const PATH_KEYS: readonly (keyof PayproPaths)[] = ['payout', 'query', 'balance'];

/** Every problem with a channel's configuration, each naming its field. Never echoes the secret. */
export function checkPayproConfig(channel: ChannelConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isProtocolName(channel.protocol)) {
    problems.push({ field: 'protocol', problem: `must be one of ${PAYPRO_PROTOCOL_NAMES.join(', ')}` });
  }
  if (!channel.baseUrl) problems.push({ field: 'baseUrl', problem: 'is required' });
  else if (!isHttpUrl(channel.baseUrl)) problems.push({ field: 'baseUrl', problem: 'must be an http(s) URL' });
  if (!channel.merchantId) problems.push({ field: 'merchantId', problem: 'is required (the merchantNo header)' });
  if (!channel.secret) problems.push({ field: 'secret', problem: 'is required (the app secret)' });
  if (channel.variant !== undefined && !isPayproVariant(channel.variant)) {
    problems.push({ field: 'variant', problem: `must be one of ${Object.keys(PAYPRO_VARIANTS).join(', ')}` });
  }
  const currency = currencyProblem(channel.currency);
  if (currency) problems.push(currency);
  problems.push(...unknownOptions(channel, ['paths', 'notFoundCodes', 'refusalCodes', 'failureCodes', 'utcOffset']));
  const options = channel.options ?? {};
  const paths = options.paths;
  if (paths !== undefined) {
    if (!isJsonObject(paths)) problems.push({ field: 'options.paths', problem: 'must be an object { payout, query, balance }' });
    else {
      for (const key of Object.keys(paths)) {
        if (!(PATH_KEYS as readonly string[]).includes(key)) {
          problems.push({ field: `options.paths.${key}`, problem: `is not a path name (${PATH_KEYS.join(', ')})` });
        } else if (typeof paths[key] !== 'string' || !(paths[key] as string).startsWith('/')) {
          problems.push({ field: `options.paths.${key}`, problem: 'must be a path starting with "/"' });
        }
      }
    }
  }
  const notFound = options.notFoundCodes;
  if (notFound !== undefined) {
    if (!Array.isArray(notFound) || !notFound.every((c) => typeof c === 'string' && c !== '')) {
      problems.push({ field: 'options.notFoundCodes', problem: 'must be an array of non-empty strings' });
    } else if (notFound.includes(PAYPRO_OK)) {
      problems.push({ field: 'options.notFoundCodes', problem: `must not contain ${PAYPRO_OK}, which means success` });
    }
  }
  problems.push(
    ...checkCodes(options.refusalCodes, 'options.refusalCodes', {
      [PAYPRO_OK]: 'means the request was taken',
      [PAYPRO_SYSTEM_ERROR]: 'is a system exception, which does not say that no order was placed',
    }),
    ...checkCodes(options.failureCodes, 'options.failureCodes', {
      [PAYPRO_OK]: 'means success',
      [PAYPRO_IN_PROGRESS]: 'means processing',
    }),
  );
  const offset = options.utcOffset;
  if (offset !== undefined) {
    if (typeof offset !== 'string' || parseUtcOffset(offset) === undefined) {
      problems.push({ field: 'options.utcOffset', problem: 'must be an offset such as "+07:00" or "-06:00"' });
    }
  } else if (DEFAULT_UTC_OFFSETS[channel.currency] === undefined) {
    problems.push({
      field: 'options.utcOffset',
      problem: `is required for ${channel.currency} (successTime is local time; no default for this currency)`,
    });
  }
  return problems;
}

/** Settings for a channel `checkPayproConfig` found no problem with. */
export function resolvePayproSettings(channel: ChannelConfig): PayproSettings {
  const options = channel.options ?? {};
  const protocol = channel.protocol as PayproProtocolName;
  const variant = (channel.variant ?? DEFAULT_VARIANT) as PayproVariantName;
  const offset = (options.utcOffset as string | undefined) ?? DEFAULT_UTC_OFFSETS[channel.currency];
  return {
    baseUrl: channel.baseUrl as string,
    merchantId: channel.merchantId as string,
    secret: channel.secret as string,
    variant: PAYPRO_VARIANTS[variant],
    paths: { ...DEFAULT_PATHS[protocol], ...(options.paths as Partial<PayproPaths> | undefined) },
    notFoundCodes: (options.notFoundCodes as string[] | undefined) ?? [],
    refusalCodes: (options.refusalCodes as string[] | undefined) ?? DEFAULT_REFUSAL_CODES,
    failureCodes: (options.failureCodes as string[] | undefined) ?? DEFAULT_FAILURE_CODES,
    utcOffsetMinutes: parseUtcOffset(offset) as number,
  };
}

/** A list of gateway codes; `forbidden` names codes that cannot be on it, and why. */
function checkCodes(value: unknown, field: string, forbidden: Record<string, string>): FieldProblem[] {
  if (value === undefined) return [];
  // Codes are compared exactly, so a stray space or a number would silently never match.
  if (!Array.isArray(value) || !value.every((c) => typeof c === 'string' && /^[A-Za-z0-9_]+$/.test(c))) {
    return [{ field, problem: 'must be an array of codes (letters, digits, underscores), such as ["00029"]' }];
  }
  return value
    .filter((code: string) => Object.hasOwn(forbidden, code))
    .map((code: string) => ({ field, problem: `must not contain ${code}, which ${forbidden[code]}` }));
}

function isProtocolName(name: string): name is PayproProtocolName {
  return (PAYPRO_PROTOCOL_NAMES as readonly string[]).includes(name);
}
