import request from 'supertest';
import { signFakeCallback } from '../../src/payouts';

/** Posts a callback signed as the fake gateway signs it. */
export function sendFakeCallback(url: string, channel: string, body: Record<string, unknown>, secret = 'fake-secret') {
  const raw = JSON.stringify(body);
  return request(url)
    .post(`/payouts/webhooks/${channel}`)
    .set('content-type', 'application/json')
    .set('x-fake-signature', signFakeCallback(raw, secret))
    .send(raw);
}
