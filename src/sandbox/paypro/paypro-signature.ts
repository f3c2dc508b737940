import { createHash } from 'node:crypto';

/**
 * The string Paypro/Vexora sign (docs/gateways.md 1.1): every field but `sign`, empty values
 * (null, undefined, '') skipped, keys in ascending order, `key=value` with no separator.
 */
export function payproSignString(fields: Record<string, unknown>): string {
  return Object.keys(fields)
    .filter((key) => key !== 'sign' && !isEmpty(fields[key]))
    .sort()
    .map((key) => `${key}=${String(fields[key])}`)
    .join('');
}

/** MD5 of the sign string with the app secret appended, lowercase hex. */
export function payproSign(fields: Record<string, unknown>, secret: string): string {
  return createHash('md5').update(payproSignString(fields) + secret, 'utf8').digest('hex');
}

/** The docs ask for lowercase hex, so an uppercase sign is refused like any other mismatch. */
export function payproSignMatches(fields: Record<string, unknown>, secret: string): boolean {
  return typeof fields.sign === 'string' && fields.sign === payproSign(fields, secret);
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}
