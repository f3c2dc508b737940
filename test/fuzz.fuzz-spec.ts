import fc from 'fast-check';
import { Agent, request as httpRequest } from 'node:http';
import { Sandbox, startSandbox } from '../src/sandbox';
import { CallbackWriter, cashyCallbacks, payproCallbacks, SignedCallback } from './support/gateway-callbacks';
import { sandboxRequest, SANDBOX_CHANNEL_CODES } from '../src/sample-payouts';
import { createTestApp, TestApp } from './support/test-app';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** A raw POST (any bytes, any headers), answered with its status and body. */
function post(url: string, path: string, raw: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(raw)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(raw);
  });
}

/** Any JSON value, with the shapes that break money code: numbers for amounts, huge and unicode strings. */
const nasty = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom(1.5, -1, 0, 1e21, Number.MAX_SAFE_INTEGER, '0', '-5.00', '1.001', '1e3', ' 10.00', '10.00 ', '', '０１', '10,00'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 3000 }),
);

/** A valid create body with one field (possibly nested) replaced, removed or added. */
const mutatedCreate = fc
  .tuple(fc.constantFrom(...SANDBOX_CHANNEL_CODES), fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom('replace', 'remove', 'add'), fc.nat(40), nasty)
  .map(([channel, n, how, pick, value]) => {
    const body = sandboxRequest(channel, `fuzz-${n}`) as Record<string, unknown> & { beneficiary: Record<string, unknown> };
    const paths = [...Object.keys(body).map((k) => [k]), ...Object.keys(body.beneficiary).map((k) => ['beneficiary', k])];
    const path = paths[pick % paths.length];
    const holder = (path.length === 2 ? body.beneficiary : body) as Record<string, unknown>;
    const key = path[path.length - 1];
    if (how === 'remove') delete holder[key];
    else if (how === 'replace') holder[key] = value;
    else holder[`extra${pick}`] = value;
    return JSON.stringify(body);
  });

const brokenJson = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"amount": 1.5', '[]', 'null', '"x"', '{"beneficiary": []}', '\u0000', '{"a":' + '['.repeat(5000)),
);

describe('fuzzing every input', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  const writers: Record<string, CallbackWriter> = {};

  beforeAll(async () => {
    // Orders never complete: any state change during the run can only come from the fuzzed input.
    sandbox = await startSandbox({ basePort: 0, completeAfterMs: 10 * 3_600_000 });
    t = await createTestApp({ channels: sandbox.channels });
    for (const c of sandbox.channels) {
      const utcOffset = String(c.options?.utcOffset);
      writers[c.code] =
        c.protocol === 'cashy'
          ? cashyCallbacks({ apiKey: c.secret!, merchantId: c.merchantId!, utcOffset, fee: '1.00' })
          : payproCallbacks({ secret: c.secret!, variant: c.variant === 'mexico' ? 'mexico' : 'bank', utcOffset });
    }
  });
  afterAll(async () => {
    agent.destroy();
    await t?.close();
    await sandbox?.close();
  });

  const snapshot = async () =>
    JSON.stringify(await t.dataSource.query('SELECT id, status, version, attention, fee, provider_reference FROM payouts ORDER BY id'));

  it(`answers ${RUNS} generated or mutated create bodies without a 5xx, storing only what it accepts`, async () => {
    const before = Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM payouts'))[0].n);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedCreate, brokenJson, nasty.map((v) => JSON.stringify(v) ?? 'undefined')), async (raw) => {
        const res = await post(t.url, '/payouts', raw);
        expect([200, 201, 400, 409, 413]).toContain(res.status);
        expect(res.body).not.toMatch(/\bat [\w.<>]+ \(|SELECT|INSERT|QueryFailedError/);
        if (res.status === 201) accepted++;
        if (res.status === 400) expect(JSON.parse(res.body)).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      }),
      { numRuns: RUNS },
    );
    const after = Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM payouts'))[0].n);
    expect(after - before).toBe(accepted);
  }, 600_000);

  it.each([...SANDBOX_CHANNEL_CODES])(`refuses ${RUNS} forged, replayed-and-changed or malformed callbacks on %s, changing nothing`, async (channel) => {
    const writer = writers[channel];
    const created = await post(t.url, '/payouts', JSON.stringify(sandboxRequest(channel, `fuzz-cb-${channel}`)));
    expect(created.status).toBe(201);
    const payout = JSON.parse(created.body) as { tradeNo: string; providerReference: string };
    const order = { providerReference: payout.providerReference, amount: channel === 'cashy-per' ? '150.00' : channel === 'paypro-mex' ? '200' : '150000' };
    const genuine = writer.sign(writer.body(payout.tradeNo, 'success', order));
    const fields = Object.keys(JSON.parse(genuine.raw));
    // A signature replayed over a changed body, a body signed with another key, or bytes that are not a callback.
    const attack = fc.oneof(
      fc.tuple(fc.constantFrom(...fields), nasty).map(([key, value]): SignedCallback => {
        const body = JSON.parse(genuine.raw);
        if (JSON.stringify(body[key]) === JSON.stringify(value)) return { ...genuine, raw: genuine.raw.slice(0, -1) };
        body[key] = value;
        return { headers: genuine.headers, raw: JSON.stringify(body) };
      }),
      fc.string({ minLength: 1, maxLength: 30 }).map((key) => writer.sign(writer.body(payout.tradeNo, 'success', order), `wrong-${key}`)),
      brokenJson.map((raw): SignedCallback => ({ headers: genuine.headers, raw })),
      nasty.map((v): SignedCallback => ({ headers: { 'content-type': 'application/json' }, raw: JSON.stringify(v) ?? '' })),
    );
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(attack, async (cb) => {
        const res = await post(t.url, `/payouts/webhooks/${channel}`, cb.raw, { 'content-type': 'application/json', ...cb.headers });
        expect([400, 401, 413, 415]).toContain(res.status);
      }),
      { numRuns: RUNS },
    );
    expect(await snapshot()).toBe(before);
    // The genuine callback still works afterwards.
    const ok = await post(t.url, `/payouts/webhooks/${channel}`, genuine.raw, { 'content-type': 'application/json', ...genuine.headers });
    expect(ok.status).toBe(200);
  }, 600_000);
});
