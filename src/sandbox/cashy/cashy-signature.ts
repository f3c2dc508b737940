import { createHash } from 'node:crypto';

/** Sign = MD5(exact raw body + apiKey), uppercase as in every doc example (docs/gateways.md 2.1). */
export function cashySign(rawBody: string, apiKey: string): string {
  return createHash('md5').update(rawBody + apiKey, 'utf8').digest('hex').toUpperCase();
}

/** The case is not stated anywhere, so the simulator accepts either. */
export function cashySignMatches(rawBody: string, apiKey: string, sign: string | undefined): boolean {
  return typeof sign === 'string' && sign.toUpperCase() === cashySign(rawBody, apiKey);
}
