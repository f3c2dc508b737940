import { createHash, timingSafeEqual } from 'node:crypto';

/** How a null value is written into the signing string. */
type NullRule = 'skip' | 'java';

/**
 * The string Paypro/Vexora hash: every field except `sign`, keys sorted ascending (Java
 * `Collections.sort`, i.e. UTF-16 code units, which is what `Array.prototype.sort` does),
 * `key=value` pairs with no separator. Empty values are skipped as the docs' Java snippet does
 * (`StrUtil.isNotEmpty(String.valueOf(v))`); we never send nulls, so nulls are skipped too.
 */
export function payproSigningString(fields: Record<string, unknown>, nulls: NullRule = 'skip'): string {
  return Object.keys(fields)
    .filter((key) => key !== 'sign')
    .sort()
    .map((key) => [key, signingValue(fields[key], nulls)] as const)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${value}`)
    .join('');
}

/** MD5 over UTF-8 of the signing string with the app secret appended at the end, lowercase hex (docs/gateways.md 1.1). */
export function payproSign(fields: Record<string, unknown>, secret: string): string {
  return md5(payproSigningString(fields) + secret);
}

/**
 * Checks `fields.sign` in constant time, hex case ignored. Java's `String.valueOf(null)` is the
 * text "null", which the docs' snippet signs; so when a payload carries nulls, the literal Java
 * reading is accepted as well as ours (both need the secret).
 */
export function payproVerify(fields: Record<string, unknown>, secret: string): boolean {
  const given = fields.sign;
  if (typeof given !== 'string' || given === '') return false;
  if (sameHex(given, payproSign(fields, secret))) return true;
  const hasNull = Object.entries(fields).some(([key, value]) => key !== 'sign' && value === null);
  return hasNull && sameHex(given, md5(payproSigningString(fields, 'java') + secret));
}

function signingValue(value: unknown, nulls: NullRule): string {
  if (value === undefined) return '';
  if (value === null) return nulls === 'java' ? 'null' : '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

function sameHex(given: string, expected: string): boolean {
  const a = Buffer.from(given.toLowerCase(), 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
