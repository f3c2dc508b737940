import { createHmac, timingSafeEqual } from 'node:crypto';

/** How a fake callback is signed: HMAC-SHA256(body, secret) in hex, sent in the `x-fake-signature` header. */
export function signFakeCallback(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Checks a fake callback's signature in constant time. */
export function verifyFakeCallback(body: string, signature: string, secret: string): boolean {
  const expected = signFakeCallback(body, secret);
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}
