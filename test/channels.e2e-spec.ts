import request from 'supertest';
import { Sandbox, startSandbox } from '../src/sandbox';
import { createTestApp, TestApp } from './support/test-app';

describe('channel balance and bank list', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  beforeAll(async () => {
    sandbox = await startSandbox({ basePort: 0 });
    t = await createTestApp({
      channels: [
        ...sandbox.channels,
        // A channel whose gateway is down: nothing listens on port 9.
        { code: 'cashy-down', protocol: 'cashy', currency: 'PEN', baseUrl: 'http://127.0.0.1:9', merchantId: '900001', secret: 'k', timeouts: { connectMs: 500 } },
      ],
    });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('reads each gateway’s balance in major units', async () => {
    for (const code of ['paypro-idn', 'paypro-mex', 'vexora-idn', 'cashy-per']) {
      const res = await request(t.url).get(`/payouts/channels/${code}/balance`).expect(200);
      expect(res.body.channel).toBe(code);
      expect(res.body.available).toMatch(/^\d+\.\d{2}$/);
    }
  });

  it('lists Cashy’s banks from its bank list endpoint; Paypro has none (501)', async () => {
    const banks = await request(t.url).get('/payouts/channels/cashy-per/banks').expect(200);
    expect(banks.body).toContainEqual({ code: '2', name: expect.stringMatching(/Interbank/) });
    const none = await request(t.url).get('/payouts/channels/paypro-idn/banks').expect(501);
    expect(none.body.message).toContain('no bank list');
  });

  it('answers 404 for an unknown channel and 502 when the gateway does not answer', async () => {
    await request(t.url).get('/payouts/channels/nope/balance').expect(404);
    const down = await request(t.url).get('/payouts/channels/cashy-down/balance').expect(502);
    expect(down.body.error).toBe('Bad Gateway');
    expect(JSON.stringify(down.body)).not.toContain('"k"');
  });
});
