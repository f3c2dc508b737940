import request from 'supertest';
import { PayoutStatus } from '../src/payouts';
import { loggingOptions } from '../src/example/ops/logging';
import { PayoutEntity } from '../src/payouts/persistence/payout.entity';
import { eventually } from './support/eventually';
import { sendFakeCallback } from './support/fake-callbacks';
import { ADAPTERS, createTestApp, FAKE_CHANNEL, TestApp } from './support/test-app';

const SECOND_CHANNEL = { ...FAKE_CHANNEL, code: 'fake-idr-2' };
let seq = 0;
const create = (t: TestApp, name: string, channel = 'fake-idr', headers: Record<string, string> = {}) =>
  request(t.url)
    .post('/payouts')
    .set(headers)
    .send({
      merchantReference: `ops-${++seq}-${Date.now()}`,
      channel,
      amount: '500.00',
      currency: 'IDR',
      beneficiary: { name, accountNumber: '9988776655443322', phone: '081298765432' },
    });

/** One sample of a metric from Prometheus text, by its exact label set. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2] ? match[2].split(',') : [];
    if (wanted.length === have.length && wanted.every((l) => have.includes(l))) return Number(match[3]);
  }
  return undefined;
}

describe('operations: health, metrics, OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ channels: [FAKE_CHANNEL, SECOND_CHANNEL] });
  });
  afterAll(() => t.close());

  it('reports the database and each channel, down after a gateway call got no answer, without calling gateways', async () => {
    const before = await request(t.url).get('/health').expect(200);
    expect(before.body.details.database.status).toBe('up');
    expect(before.body.details.channels['fake-idr']).toMatchObject({ status: 'up', reachable: null, lastSuccessAt: null });

    await create(t, 'UNREACHABLE gateway').expect(201);
    const down = await request(t.url).get('/health').expect(503);
    expect(down.body.error.channels['fake-idr']).toMatchObject({ status: 'down', reachable: false, lastOperation: 'submit', lastError: 'fake gateway unreachable' });
    expect(down.body.details.channels['fake-idr-2'].status).toBe('up');

    await create(t, 'Budi Santoso').expect(201);
    const up = await request(t.url).get('/health').expect(200);
    expect(up.body.details.channels['fake-idr']).toMatchObject({ status: 'up', reachable: true, lastError: 'fake gateway unreachable' });
    expect(Date.parse(up.body.details.channels['fake-idr'].lastSuccessAt)).toBeGreaterThanOrEqual(Date.parse(up.body.details.channels['fake-idr'].lastErrorAt));
    // Probes read what the module saw: none of them made a gateway call.
    const again = await request(t.url).get('/health').expect(200);
    expect(again.body.details.channels).toEqual(up.body.details.channels);
    const metrics = (await request(t.url).get('/metrics')).text;
    expect(sample(metrics, 'payouts_gateway_request_duration_seconds_count', { channel: 'fake-idr', operation: 'query', outcome: 'found' })).toBeUndefined();
    expect(sample(metrics, 'payouts_gateway_request_duration_seconds_count', { channel: 'fake-idr', operation: 'submit', outcome: 'accepted' })).toBe(1);
  });

  it('counts payouts, gateway calls, callbacks by outcome, attention and poller lag', async () => {
    const metrics = async () => (await request(t.url).get('/metrics').expect(200)).text;
    const at = await metrics();
    const created = (channel: string) => sample(at, 'payouts_created_total', { channel }) ?? 0;
    const createdBefore = created('fake-idr-2');

    const ok = (await create(t, 'Siti Aminah', 'fake-idr-2').expect(201)).body;
    const failing = (await create(t, 'FAIL Siti', 'fake-idr-2').expect(201)).body;
    await sendFakeCallback(t.url, 'fake-idr-2', { tradeNo: ok.tradeNo, status: 'SUCCEEDED', amount: 50000 }).expect(200);
    await sendFakeCallback(t.url, 'fake-idr-2', { tradeNo: ok.tradeNo, status: 'SUCCEEDED', amount: 50000 }).expect(200);
    await sendFakeCallback(t.url, 'fake-idr-2', { tradeNo: failing.tradeNo, status: 'FAILED' }, 'forged-secret').expect(401);
    await sendFakeCallback(t.url, 'fake-idr-2', { tradeNo: 'SOMEONE-ELSES', status: 'SUCCEEDED' }).expect(200);
    await sendFakeCallback(t.url, 'fake-idr-2', { tradeNo: failing.tradeNo, status: 'FAILED', amount: 1 }).expect(200);
    // Due for a poll a minute ago: the lag gauge sees it.
    await t.dataSource.getRepository(PayoutEntity).update(failing.id, { nextPollAt: new Date(Date.now() - 60_000) });

    const text = await metrics();
    expect(sample(text, 'payouts_created_total', { channel: 'fake-idr-2' })).toBe(createdBefore + 2);
    expect(sample(text, 'payouts_settled_total', { channel: 'fake-idr-2', status: PayoutStatus.SUCCEEDED })).toBe(1);
    for (const [outcome, n] of Object.entries({ applied: 1, duplicate: 1, forged: 1, not_ours: 1, amount_mismatch: 1 })) {
      expect(sample(text, 'payouts_callbacks_total', { channel: 'fake-idr-2', outcome })).toBe(n);
    }
    expect(sample(text, 'payouts_gateway_request_duration_seconds_count', { channel: 'fake-idr-2', operation: 'submit', outcome: 'accepted' })).toBe(2);
    expect(sample(text, 'payouts_gateway_request_duration_seconds_count', { channel: 'fake-idr', operation: 'submit', outcome: 'not_sent' })).toBe(1);
    expect(sample(text, 'payouts_attention', { channel: 'fake-idr-2' })).toBe(1);
    expect(sample(text, 'payouts_attention', { channel: 'fake-idr' })).toBe(0);
    expect(sample(text, 'payouts_poller_lag_seconds')).toBeGreaterThanOrEqual(59);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('documents every REST endpoint with its schemas and error shape', async () => {
    const doc = (await request(t.url).get('/docs-json').expect(200)).body;
    const operations = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'POST /payouts', 'GET /payouts', 'GET /payouts/stats', 'GET /payouts/channels', 'GET /payouts/channels/{code}/balance',
        'GET /payouts/channels/{code}/banks', 'GET /payouts/{id}', 'GET /payouts/{id}/history', 'POST /payouts/{id}/refresh',
        'POST /payouts/webhooks/{channel}', 'GET /health', 'GET /metrics',
      ]),
    );
    const create = doc.paths['/payouts'].post;
    expect(create.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/CreatePayoutDto');
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '409', '503']));
    expect(create.responses['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorView');
    const schemas = doc.components.schemas;
    expect(schemas.CreatePayoutDto.required).toEqual(expect.arrayContaining(['merchantReference', 'channel', 'amount', 'currency', 'beneficiary']));
    expect(schemas.CreatePayoutDto.properties.amount.example).toBe('150000');
    expect(schemas.PayoutView.properties.status.allOf).toEqual([{ $ref: '#/components/schemas/PayoutStatus' }]);
    expect(schemas.PayoutStatus.enum).toEqual(Object.values(PayoutStatus));
    expect(schemas.ErrorView.properties.details.items.$ref).toBe('#/components/schemas/FieldProblemView');
    expect(doc.components.securitySchemes['api-key']).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    await request(t.url).get('/docs').expect(200).expect('content-type', /html/);
  });

  it('serves the dashboard page and its assets with a strict content security policy', async () => {
    const page = await request(t.url).get('/dashboard').expect(200).expect('content-type', /html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('content="/payouts"');
    expect(page.text).not.toContain('{{');
    await request(t.url).get('/dashboard/dashboard.js').expect(200).expect('content-type', /javascript/);
    await request(t.url).get('/dashboard/dashboard.css').expect(200).expect('content-type', /css/);
    await request(t.url).get('/dashboard/..%2Fpayouts-dashboard.controller.js').expect(404);
    // The entry script's ES modules and the second stylesheet; only files listed at startup are served.
    const module = await request(t.url).get('/dashboard/js/api.js').expect(200).expect('content-type', /javascript/);
    expect(module.headers['content-security-policy']).toContain("script-src 'self'");
    await request(t.url).get('/dashboard/dashboard-views.css').expect(200).expect('content-type', /css/);
    await request(t.url).get('/dashboard/js/..%2Fdashboard.js').expect(404);
    await request(t.url).get('/dashboard/js/no-such-module.js').expect(404);
    await request(t.url).get('/dashboard/index.html').expect(404);
  });

  it('points the dashboard at the API under a global prefix the host set', async () => {
    const prefixed = await createTestApp({ globalPrefix: 'api' });
    try {
      const page = await request(prefixed.url).get('/api/dashboard').expect(200);
      expect(page.text).toContain('content="/api/payouts"');
      expect(page.text).toContain('src="/api/dashboard/dashboard.js"');
      await request(prefixed.url).get('/api/dashboard/js/api.js').expect(200).expect('content-type', /javascript/);
      await request(prefixed.url).get('/api/payouts/channels').expect(200);
    } finally {
      await prefixed.close();
    }
  });
});

// nestjs-pino 5 keeps one root logger per process: the first app's stream receives every app's
// lines, so both adapters share one stream and each test reads its own request id.
const lines: string[] = [];
const logStream = { write: (line: string) => lines.push(line) };

describe.each(ADAPTERS)('operations: structured logs on %s', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ adapter, payouts: { apiKey: 'api-key-never-logged' }, logging: loggingOptions({}, logStream) });
  });
  afterAll(() => t.close());

  it('writes JSON lines with request and payout ids, and redacts keys, signatures and personal data', async () => {
    const requestId = `req-ops-${adapter}`;
    const res = await create(t, 'Budi Santoso', 'fake-idr', { 'x-api-key': 'api-key-never-logged', 'x-request-id': requestId }).expect(201);
    expect(res.headers['x-request-id']).toBe(requestId);

    const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const completed = await eventually(() => {
      const found = entries().find((e) => e.msg === 'request completed' && (e.req as { id?: string })?.id === requestId);
      if (!found) throw new Error(`no "request completed" line for ${requestId} yet`);
      return found;
    });
    expect(completed).toMatchObject({ res: { statusCode: 201 } });
    expect((completed.req as { headers: Record<string, string> }).headers['x-api-key']).toBe('[redacted]');
    const created = entries().find((e) => e.msg === 'payout created' && e.reqId === requestId);
    expect(created).toMatchObject({ payoutId: res.body.id, channel: 'fake-idr', reqId: requestId });

    const all = lines.join('\n');
    for (const secret of ['api-key-never-logged', '9988776655443322', '081298765432']) expect(all).not.toContain(secret);
  });

  it('answers with a new request id when the caller sent none or a malformed one', async () => {
    const none = await request(t.url).get('/payouts/channels').set('x-api-key', 'api-key-never-logged').expect(200);
    const bad = await request(t.url).get('/payouts/channels').set('x-api-key', 'api-key-never-logged').set('x-request-id', 'two words').expect(200);
    for (const res of [none, bad]) expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
