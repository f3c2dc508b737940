import fc from 'fast-check';
import { Agent, request as httpRequest } from 'node:http';
import { Sandbox, startSandbox } from '../src/sandbox';
import { CallbackWriter, cashyCallbacks, localTime, payproCallbacks, SignedCallback } from './support/gateway-callbacks';
import { rewriteCashy, rewritePaypro, rewritePlan } from './support/signed-rewrites';
import { sandboxRequest, SANDBOX_CHANNEL_CODES } from '../src/example/sample-payouts';
import { createTestApp, TestApp } from './support/test-app';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
/** Each rewrite that is taken settles its payout, so every one after it needs a new payout. */
const REWRITE_RUNS = Math.ceil(RUNS / 40);
const MAX_LEVELS = 32;
const TOO_DEEP = `The JSON body is nested more than ${MAX_LEVELS} levels deep`;
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

/** Valid JSON of 1 to 64 nested arrays and objects (some with siblings), around a number. */
const deepJson = fc
  .array(fc.constantFrom('[', '[0,', '{"a":', '{"x":1,"a":'), { minLength: 1, maxLength: 2 * MAX_LEVELS, size: 'max' })
  .map((opens) => opens.join('') + '1' + [...opens].reverse().map((open) => (open[0] === '[' ? ']' : '}')).join(''));

/** How deep arrays and objects nest in a JSON text (the body itself is level 1); 0 when it is not JSON. */
function levelsOf(raw: string): number {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 0;
  }
  let max = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length) {
    const [node, level] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    max = Math.max(max, level);
    for (const child of Object.values(node)) pending.push([child, level + 1]);
  }
  return max;
}

/** A valid create body with one field (possibly nested) replaced, removed or added. */
const mutatedCreate = fc
  .tuple(
    fc.constantFrom(...SANDBOX_CHANNEL_CODES),
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.constantFrom('replace', 'remove', 'add'),
    fc.nat(40),
    fc.oneof({ arbitrary: nasty, weight: 3 }, deepJson.map((json) => JSON.parse(json) as unknown)),
  )
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
      fc.asyncProperty(fc.oneof(mutatedCreate, brokenJson, nasty.map((v) => JSON.stringify(v) ?? 'undefined'), deepJson), async (raw) => {
        const res = await post(t.url, '/payouts', raw);
        expect([200, 201, 400, 409, 413]).toContain(res.status);
        if (levelsOf(raw) > MAX_LEVELS) expect([res.status, JSON.parse(res.body).message]).toEqual([400, TOO_DEEP]);
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
      deepJson.map((raw): SignedCallback => ({ headers: genuine.headers, raw })),
      fc.tuple(fc.constantFrom(...fields), deepJson).map(([key, deep]): SignedCallback => {
        const body = JSON.parse(genuine.raw);
        body[key] = JSON.parse(deep);
        return { headers: genuine.headers, raw: JSON.stringify(body) };
      }),
    );
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(attack, async (cb) => {
        const res = await post(t.url, `/payouts/webhooks/${channel}`, cb.raw, { 'content-type': 'application/json', ...cb.headers });
        expect([400, 401, 413, 415]).toContain(res.status);
        if (levelsOf(cb.raw) > MAX_LEVELS) expect([res.status, JSON.parse(res.body).message]).toEqual([400, TOO_DEEP]);
      }),
      { numRuns: RUNS },
    );
    expect(await snapshot()).toBe(before);
    // The genuine callback still works afterwards.
    const ok = await post(t.url, `/payouts/webhooks/${channel}`, genuine.raw, { 'content-type': 'application/json', ...genuine.headers });
    expect(ok.status).toBe(200);
  }, 600_000);

  it.each([...SANDBOX_CHANNEL_CODES])(
    `takes ${REWRITE_RUNS} rewrites of a genuine callback on %s that keep its signature exactly as the genuine one, or refuses them changing nothing`,
    async (channel) => {
      const writer = writers[channel];
      const cashy = channel === 'cashy-per';
      const amount = cashy ? '150.00' : channel === 'paypro-mex' ? '200' : '150000';
      // Fixed times, so that every payout's genuine success callback means the same.
      const at = new Date();
      const utcOffset = String(sandbox.channels.find((c) => c.code === channel)!.options?.utcOffset);
      const fixed: Record<string, unknown> = { timestamp: at.getTime(), successTime: localTime(at, utcOffset), completionTime: localTime(at, utcOffset) };
      let n = 0;
      const fresh = async () => {
        const res = await post(t.url, '/payouts', JSON.stringify(sandboxRequest(channel, `fuzz-rw-${channel}-${n++}`)));
        expect(res.status).toBe(201);
        const payout = JSON.parse(res.body) as { id: string; tradeNo: string; providerReference: string };
        const body = writer.body(payout.tradeNo, 'success', { providerReference: payout.providerReference, amount });
        for (const key of Object.keys(fixed)) if (body[key] !== undefined && body[key] !== null) body[key] = fixed[key];
        return { id: payout.id, genuine: writer.sign(body) };
      };
      const row = async (id: string) =>
        JSON.stringify(
          await t.dataSource.query(
            'SELECT status, version, attention, attention_reason, fee, failure_code, failure_message, completed_at, provider_reference, next_poll_at, last_error FROM payouts WHERE id = ?',
            [id],
          ),
        );
      // Every payout's versions and flags: a callback about one payout must not move another.
      const world = async () => {
        const [r] = await t.dataSource.query('SELECT COUNT(*) AS n, SUM(version) AS versions, SUM(attention) AS flagged FROM payouts');
        return { n: Number(r.n), versions: Number(r.versions), flagged: Number(r.flagged) };
      };
      /** What taking a callback did to a payout's row, without the values that differ per payout. */
      const effect = (before: string, after: string) => {
        const [b] = JSON.parse(before);
        const [a] = JSON.parse(after);
        return { ...a, version: a.version - b.version, provider_reference: a.provider_reference === b.provider_reference };
      };
      const send = (cb: SignedCallback) => post(t.url, `/payouts/webhooks/${channel}`, cb.raw, { 'content-type': 'application/json', ...cb.headers });

      // The genuine callback's effect, on a payout of its own.
      const reference = await fresh();
      const referenceBefore = await row(reference.id);
      expect((await send(reference.genuine)).status).toBe(200);
      const expected = effect(referenceBefore, await row(reference.id));
      expect(expected).toMatchObject({ status: 'SUCCEEDED', version: 1, provider_reference: true });

      let current = await fresh();
      await fc.assert(
        fc.asyncProperty(rewritePlan, async (plan) => {
          const rewritten = cashy
            ? rewriteCashy(current.genuine.raw, current.genuine.headers, plan)
            : { ...rewritePaypro(current.genuine.raw, plan), headers: current.genuine.headers };
          // Under a Paypro sign that still matches: taken, or refused as malformed; always taken when
          // only the layout changed. Cashy signs the bytes: any other byte is refused.
          const allowed = 'layoutOnly' in rewritten ? (rewritten.layoutOnly ? [200] : [200, 400]) : [rewritten.raw === current.genuine.raw ? 200 : 401];
          const [before, worldBefore] = [await row(current.id), await world()];
          const res = await send(rewritten);
          const [after, worldAfter] = [await row(current.id), await world()];
          // A taken callback settles the payout: the next run (or shrinking's rerun of this one) needs another.
          if (res.status === 200) current = await fresh();
          expect(allowed).toContain(res.status);
          if (res.status === 200) {
            expect(effect(before, after)).toEqual(expected);
            expect(worldAfter).toEqual({ ...worldBefore, versions: worldBefore.versions + expected.version });
          } else {
            expect(after).toBe(before);
            expect(worldAfter).toEqual(worldBefore);
          }
        }),
        { numRuns: REWRITE_RUNS },
      );
    },
    600_000,
  );
});
