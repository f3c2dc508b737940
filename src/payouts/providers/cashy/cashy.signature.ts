import { createHash, timingSafeEqual } from 'node:crypto';

/** Cashy's rule: Sign = MD5(<exact body> + apiKey), no sorting, no separator. We send uppercase hex like every doc example. */
export function cashySign(bodyString: string, apiKey: string): string {
  return md5Hex(Buffer.from(bodyString + apiKey, 'utf8')).toUpperCase();
}

/**
 * Checks a callback's Sign header over the exact bytes received (never re-serialized JSON).
 * The case is not documented, so either case is accepted; the comparison is constant-time.
 */
export function cashyVerify(rawBody: Buffer | string, signHeader: string | undefined, apiKey: string): boolean {
  if (!signHeader || !/^[0-9a-fA-F]{32}$/.test(signHeader)) return false;
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  const expected = Buffer.from(md5Hex(Buffer.concat([body, Buffer.from(apiKey, 'utf8')])), 'ascii');
  return timingSafeEqual(expected, Buffer.from(signHeader.toLowerCase(), 'ascii'));
}

function md5Hex(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}
