import { FieldProblem } from './errors';

/**
 * ISO 4217 minor-unit exponents for the currencies our gateways serve (and their neighbours).
 * Amounts are integer minor units everywhere inside the module; providers convert at the edge.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  IDR: 2, MXN: 2, PEN: 2, PHP: 2, PKR: 2, NGN: 2, KES: 2, EGP: 2, BRL: 2, VND: 0,
  INR: 2, THB: 2, MYR: 2, BDT: 2, COP: 2, CLP: 0, ARS: 2, USD: 2, EUR: 2, GBP: 2,
  KRW: 0, JPY: 0, MMK: 2, GHS: 2, ZAR: 2, XOF: 0, UGX: 0, TZS: 2, AUD: 2,
  BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3, IQD: 3, LYD: 3,
};

export function currencyExponent(currency: string): number | undefined {
  return CURRENCY_EXPONENTS[currency];
}

const DECIMAL = /^(0|[1-9]\d*)(?:\.(\d+))?$/;

/**
 * Parses a decimal string in major units ("150.00", "50000") into integer minor units.
 * Returns problems rather than throwing so that the caller can report every field at once.
 */
export function parseMajorAmount(
  value: string,
  currency: string,
  field = 'amount',
): { minor: number } | { problem: FieldProblem } {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) return { problem: { field: 'currency', problem: `unsupported currency ${currency}` } };
  const m = DECIMAL.exec(value);
  if (!m) return { problem: { field, problem: 'must be a positive decimal string such as "150.00"' } };
  const fraction = m[2] ?? '';
  if (fraction.length > exponent) {
    return {
      problem: {
        field,
        problem: exponent === 0 ? `${currency} has no decimals` : `${currency} allows at most ${exponent} decimals`,
      },
    };
  }
  const digits = m[1] + fraction.padEnd(exponent, '0');
  const minor = Number(digits);
  if (!Number.isSafeInteger(minor)) return { problem: { field, problem: 'is too large' } };
  if (minor <= 0) return { problem: { field, problem: 'must be greater than zero' } };
  return { minor };
}

/** Integer minor units to a major-unit string with exactly the currency's decimals ("150.00"). */
export function formatMinor(minor: number, currency: string): string {
  const exponent = currencyExponent(currency) ?? 2;
  const negative = minor < 0;
  const digits = Math.abs(minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * What a gateway said about one amount or fee: nothing (the field is missing, null or empty), a
 * non-negative safe integer of minor units, or something we must not trust. `minor` is readable
 * on every kind so that a caller that only wants a value can take it.
 */
export type GatewayDecimal =
  | { kind: 'absent'; minor?: undefined }
  | { kind: 'value'; minor: number }
  | { kind: 'malformed'; minor?: undefined; problem: string };

/**
 * A gateway's decimal (string or JSON number) in minor units, without float arithmetic on the
 * digits. Malformed: anything that is not a plain decimal (exponents, Infinity), a negative value,
 * more precision than the currency allows, or more minor units than a safe integer holds: such a
 * number would be stored wrong or not at all (BIGINT), so it must never be taken as the gateway's word.
 */
export function readGatewayDecimal(value: unknown, currency: string): GatewayDecimal {
  if (value === null || value === undefined || value === '') return { kind: 'absent' };
  const text = typeof value === 'number' ? numberToPlainString(value) : typeof value === 'string' ? value.trim() : '';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return { kind: 'malformed', problem: 'is not a decimal number' };
  if (m[1] === '-' && /[1-9]/.test(text)) return { kind: 'malformed', problem: 'is negative' };
  const exponent = currencyExponent(currency) ?? 2;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) return { kind: 'malformed', problem: `has more decimals than ${currency} allows` };
  const minor = Number(m[2] + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor)) return { kind: 'malformed', problem: 'is too large' };
  return { kind: 'value', minor };
}

/** A gateway's decimal in minor units; undefined when absent or malformed (see readGatewayDecimal). */
export function decimalToMinor(value: unknown, currency: string): number | undefined {
  return readGatewayDecimal(value, currency).minor;
}

function numberToPlainString(n: number): string {
  // JSON numbers like 100.0 arrive as 100; toString never uses exponent notation below 1e21.
  return Number.isFinite(n) ? n.toString() : 'NaN';
}
