import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';

const SANE = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's `x-request-id` when it is a sane token, else a new UUID. */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SANE.test(given) ? given : randomUUID();
}
