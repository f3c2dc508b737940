import { createHash } from 'node:crypto';
import { CallbackReceiver, startCallbackReceiver } from '../__fixtures__/callback-receiver';
import { RawReply, postJson, rawRequest, sleep, waitFor } from '../__fixtures__/raw-http';
import { SimulatorHandle } from '../core/simulator-server';
import { PayproSimulatorOptions, startPayproSimulator } from './paypro-simulator';
import { payproSign } from './paypro-signature';

/** docs/gateways.md 4: the Vexora Nigeria sandbox secret, used only as a test key. */
const VECTOR_KEY = 'dbecac55466b4958a2d06069fcf49e18';
const MERCHANT = 'TEST-MERCHANT';

/** The test's own signer, written apart from the simulator's so that each checks the other. */
function sign(fields: Record<string, unknown>, secret = VECTOR_KEY): string {
  const text = Object.keys(fields)
    .filter((k) => k !== 'sign' && fields[k] !== '' && fields[k] !== null && fields[k] !== undefined)
    .sort()
    .map((k) => `${k}=${String(fields[k])}`)
    .join('');
  return createHash('md5').update(text + secret).digest('hex');
}

function signed(fields: Record<string, unknown>, secret = VECTOR_KEY): string {
  return JSON.stringify({ ...fields, sign: sign(fields, secret) });
}

/** The payout example of docs/gateways.md, source 000: the P1 vector's payload. */
const P1 = {
  timestamp: 1748248240605,
  tradeNo: 'rgB36f2n9AElhTeY',
  amount: '500',
  bankCode: '0001',
  bankAccountNo: '123456789',
  mobile: '15875595997',
  email: 'kevin@gmail.com',
  customerName: 'kevin',
  notifyUrl: 'http://www.google.com',
  remark: 'remark',
};

function bankPayout(tradeNo: string, notifyUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...P1, timestamp: Date.now(), tradeNo, notifyUrl, ...overrides };
}

const started: SimulatorHandle[] = [];
const receivers: CallbackReceiver[] = [];

async function simulator(options: Partial<PayproSimulatorOptions> = {}): Promise<SimulatorHandle> {
  const handle = await startPayproSimulator({
    merchantId: MERCHANT,
    secret: VECTOR_KEY,
    timeScale: 0.001,
    completeAfterMs: 10,
    callbackTimeoutMs: 500,
    ...options,
  });
  started.push(handle);
  return handle;
}

async function receiver(reply: (n: number) => string = () => 'OK'): Promise<CallbackReceiver> {
  const r = await startCallbackReceiver(reply);
  receivers.push(r);
  return r;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const call = (sim: SimulatorHandle, path: string, body: string, merchantNo = MERCHANT) => postJson(`${sim.url}${path}`, { merchantNo }, body);
const payOut = (sim: SimulatorHandle, body: string, merchantNo?: string) => call(sim, '/v1/paypro/payOut', body, merchantNo);
const query = (sim: SimulatorHandle, tradeNo: string) => call(sim, '/v1/paypro/queryPayOutResult', signed({ tradeNo, timestamp: String(Date.now()) }));
const json = (reply: RawReply) => JSON.parse(reply.body) as Record<string, any>;

describe('Paypro simulator: signature vectors (docs/gateways.md 4)', () => {
  it('accepts the P1 payout as signed in the vector', async () => {
    const sim = await simulator({ completeAfterMs: 60_000 });
    expect(sign(P1)).toBe('c078b1b9904e913a42ea108fcc824514');
    expect(payproSign(P1, VECTOR_KEY)).toBe('c078b1b9904e913a42ea108fcc824514');

    const reply = json(await payOut(sim, JSON.stringify({ sign: 'c078b1b9904e913a42ea108fcc824514', ...P1 })));

    expect(reply).toMatchObject({ msg: 'success', code: '0000', success: true });
    expect(reply.data).toMatchObject({ tradeNo: P1.tradeNo, status: '0015', message: 'PAYING', remark: 'remark' });
    expect(reply.data.platFormTradeNo).toMatch(/^[a-z0-9]{16}$/);
    expect(sim.ledger.stats(P1.tradeNo).acceptedCreates).toBe(1);
  });

  it('skips the empty remark when verifying (P6), then refuses it as a duplicate of P1', async () => {
    const sim = await simulator({ completeAfterMs: 60_000 });
    await payOut(sim, JSON.stringify({ ...P1, sign: 'c078b1b9904e913a42ea108fcc824514' }));

    const reply = json(await payOut(sim, JSON.stringify({ ...P1, remark: '', sign: '8de54ba0f9d7652579aab19512e2bb54' })));

    expect(reply).toMatchObject({ code: '1005', success: false });
    expect(sim.ledger.stats(P1.tradeNo)).toMatchObject({ createRequests: 2, acceptedCreates: 1, duplicateCreatesRefused: 1 });
  });

  it('verifies the P3 query and P4 balance signs, and signs callbacks like P5', async () => {
    const sim = await simulator();
    const q = json(await call(sim, '/v1/paypro/queryPayOutResult', JSON.stringify({ sign: 'bf0e0b049174b1fbc55e851ba47ad860', timestamp: '1728613320708', tradeNo: 'test_00000002' })));
    expect(q).toMatchObject({ code: '1004', success: false });

    const b = json(await call(sim, '/v1/paypro/queryBalance', JSON.stringify({ sign: '968075cd818792c843a132c7473b5918', timestamp: 1724151084278 })));
    expect(b).toMatchObject({ code: '0000', data: { availableAmount: '100000000.00', freezeAmount: '0.00', unsettledAmount: '0.00' } });

    const p5 = {
      amount: '30000',
      message: 'SUCCESS',
      platFormTradeNo: '5286e98841194687a95d25b5f3be346d',
      status: '0000',
      successTime: '2024-07-01 18:34:31',
      timestamp: 1724740395968,
      tradeNo: '00000020',
    };
    expect(payproSign(p5, VECTOR_KEY)).toBe('2fb06a6f1fad4b5ad550cc5ecf284e0f');
  });

  it('verifies the P2 Mexico sign, then checks the fields (the doc account is not 16 digits)', async () => {
    const sim = await simulator({ variant: 'mexico' });
    const p2 = {
      timestamp: '1728611780130',
      tradeNo: 'test_00000001',
      wayCode: 'BANXICO',
      amount: '200',
      customerName: 'kevin zhang',
      customerMobile: '18956325478',
      customerEmail: 'kevin_zhang@163.com',
      customerAccountType: 'DebitCard',
      customerAccount: 'kevin_zhang_account',
      identity: '58452586558',
      notifyUrl: 'https://google.com',
      remark: 'remark',
    };
    const reply = json(await payOut(sim, JSON.stringify({ ...p2, sign: '52cb11a77a59b318221095201f3cba44' })));
    expect(reply).toMatchObject({ code: '1003', success: false });
    expect(reply.msg).toContain('customerAccount must be 16 digits');

    const ok = json(await payOut(sim, signed({ ...p2, customerAccount: '4152313412345678' })));
    expect(ok).toMatchObject({ code: '0000', data: { status: '0015', desc: 'CREATED' } });
  });
});

describe('Paypro simulator: refusals', () => {
  it.each([
    ['a bad sign', (b: Record<string, unknown>) => JSON.stringify({ ...b, sign: 'f'.repeat(32) }), MERCHANT, '1001'],
    ['an uppercase sign', (b: Record<string, unknown>) => JSON.stringify({ ...b, sign: sign(b).toUpperCase() }), MERCHANT, '1001'],
    ['an unknown merchantNo', (b: Record<string, unknown>) => signed(b), 'SOMEONE-ELSE', '1002'],
    ['a missing field', (b: Record<string, unknown>) => signed({ ...b, bankAccountNo: undefined }), MERCHANT, '1003'],
    ['an amount with decimals', (b: Record<string, unknown>) => signed({ ...b, amount: '500.00' }), MERCHANT, '1003'],
    ['a numeric amount', (b: Record<string, unknown>) => signed({ ...b, amount: 500 }), MERCHANT, '1003'],
    ['a relative notifyUrl', (b: Record<string, unknown>) => signed({ ...b, notifyUrl: '/webhooks' }), MERCHANT, '1003'],
    ['a body that is not JSON', () => '{"tradeNo":', MERCHANT, '1003'],
  ])('refuses %s with an outer error and places nothing', async (_name, body, merchantNo, code) => {
    const sim = await simulator();
    const reply = await payOut(sim, body(bankPayout('T-REFUSED', 'http://127.0.0.1:9/cb')), merchantNo);

    expect(reply.status).toBe(200);
    expect(json(reply)).toMatchObject({ code, success: false });
    expect(typeof json(reply).timestamp).toBe('number');
    expect(sim.counters).toMatchObject({ ordersAccepted: 0, createsRefused: 1 });
  });

  it('refuses a duplicate tradeNo and keeps one accepted create', async () => {
    const sim = await simulator({ completeAfterMs: 60_000 });
    const first = json(await payOut(sim, signed(bankPayout('T-DUP', 'http://127.0.0.1:9/cb'))));
    const second = json(await payOut(sim, signed(bankPayout('T-DUP', 'http://127.0.0.1:9/cb', { amount: '900' }))));

    expect(first.code).toBe('0000');
    expect(second).toMatchObject({ code: '1005', success: false });
    expect(sim.ledger.stats('T-DUP')).toMatchObject({ acceptedCreates: 1, duplicateCreatesRefused: 1 });
    expect(sim.ledger.order('T-DUP')?.amount).toBe('500');
    expect(sim.counters.duplicateCreatesRefused).toBe(1);
  });

  it('answers 404 for a path outside its prefix and 415 for a non-JSON content type', async () => {
    const sim = await simulator({ pathPrefix: '/indonesia-pay' });
    const body = signed(bankPayout('T-PATH', 'http://127.0.0.1:9/cb'));
    expect((await postJson(`${sim.origin}/v1/paypro/payOut`, { merchantNo: MERCHANT }, body)).status).toBe(404);
    expect((await rawRequest(`${sim.url}/v1/paypro/payOut`, { headers: { merchantNo: MERCHANT, 'content-type': 'text/plain' }, body })).status).toBe(415);
    expect(json(await payOut(sim, body)).code).toBe('0000');
  });
});

describe('Paypro simulator: completion, queries and callbacks', () => {
  it('completes, retries the signed callback until the reply is exactly OK, and stops', async () => {
    const sim = await simulator({ utcOffset: '+07:00' });
    const merchant = await receiver((n) => ['FAIL', 'ok', 'OK'][n] ?? 'OK');
    await payOut(sim, signed(bankPayout('T-CB', merchant.url)));

    await waitFor('acknowledged callback', () => sim.counters.callbacksAcked === 1);
    await sleep(30);
    expect(merchant.received).toHaveLength(3);
    const bodies = merchant.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    for (const body of bodies) {
      expect(body.sign).toBe(sign(body));
      expect(body).toMatchObject({ status: '0000', message: 'SUCCESS', tradeNo: 'T-CB', amount: '500', remark: 'remark' });
      expect(body.successTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    }
    expect(merchant.received[0].headers['content-type']).toBe('application/json');
    const order = sim.ledger.order('T-CB');
    expect(order).toMatchObject({ state: 'succeeded', callbacksSent: 3, callbacksAcked: 1 });
    expect(order?.callbacks.map((c) => c.attempt)).toEqual([1, 2, 3]);
  });

  it('answers queries: 0015 while processing, then 0000 with amounts and local successTime', async () => {
    const sim = await simulator({ completeAfterMs: 60_000 });
    await payOut(sim, signed(bankPayout('T-Q', 'http://127.0.0.1:9/cb')));

    const processing = json(await query(sim, 'T-Q'));
    expect(processing.data).toMatchObject({ tradeNo: 'T-Q', status: '0015', message: 'PAYING', orderAmount: '500.00', payAmount: '0.00' });
    expect(processing.data.successTime).toBeUndefined();

    sim.complete('T-Q');
    const done = json(await query(sim, 'T-Q'));
    expect(done.data).toMatchObject({ status: '0000', message: 'SUCCESS', orderAmount: '500.00', payAmount: '500.00' });
    const expected = new Date(sim.ledger.order('T-Q')!.completedAt! + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(done.data.successTime).toBe(expected);
    expect(json(await query(sim, 'T-NONE'))).toMatchObject({ code: '1004', success: false });
  });

  it('fails orders whose beneficiary name contains FAIL with status 00029', async () => {
    const sim = await simulator();
    const merchant = await receiver();
    await payOut(sim, signed(bankPayout('T-FAIL', merchant.url, { customerName: 'FAIL kevin' })));

    await waitFor('failure callback', () => merchant.received.length === 1);
    expect(JSON.parse(merchant.received[0].body)).toMatchObject({ status: '00029', message: 'REJECTED_TRANSACTION' });
    expect(JSON.parse(merchant.received[0].body).successTime).toMatch(/^\d{4}-/);
    expect(json(await query(sim, 'T-FAIL')).data).toMatchObject({ status: '00029' });
  });

  it('serves Vexora paths under its prefix, and the Mexico variant answers with desc and a numeric callback amount', async () => {
    const vexora = await simulator({ brand: 'vexora', pathPrefix: '/indonesia', completeAfterMs: 60_000 });
    const body = signed(bankPayout('T-VX', 'http://127.0.0.1:9/cb'));
    expect(json(await call(vexora, '/v1/vexora/disbursements', body)).data.status).toBe('0015');
    expect((await call(vexora, '/v1/paypro/payOut', body)).status).toBe(404);
    expect(json(await call(vexora, '/v1/vexora/queryPayOutResult', signed({ tradeNo: 'T-VX', timestamp: Date.now() }))).data.status).toBe('0015');

    const mexico = await simulator({ variant: 'mexico' });
    const merchant = await receiver();
    const mx = {
      timestamp: Date.now(),
      tradeNo: 'T-MX',
      wayCode: 'BANXICO',
      amount: '200',
      customerName: 'ana',
      customerAccountType: 'CLABE',
      customerAccount: '002010077777777771',
      notifyUrl: merchant.url,
    };
    await payOut(mexico, signed(mx));
    await waitFor('mexico callback', () => merchant.received.length === 1);
    const cb = JSON.parse(merchant.received[0].body) as Record<string, unknown>;
    expect(cb).toMatchObject({ amount: 200, status: '0000' });
    expect(cb.sign).toBe(sign(cb));
    expect(json(await query(mexico, 'T-MX')).data).toMatchObject({ status: '0000', desc: 'SUCCESS' });
  });

  it('spells the balance availablAmount when configured to', async () => {
    const sim = await simulator({ balanceTypo: true, balance: { available: '42' } });
    const reply = json(await call(sim, '/v1/paypro/queryBalance', signed({ timestamp: Date.now() })));
    expect(reply.data).toEqual({ availablAmount: '42.00', freezeAmount: '0.00', unsettledAmount: '0.00' });
  });

  it('never calls a notifyUrl that is not loopback', async () => {
    const sim = await simulator();
    await payOut(sim, signed(bankPayout('T-EXT', 'http://www.google.com/cb')));
    await waitFor('completion', () => sim.ledger.order('T-EXT')?.state === 'succeeded');
    expect(sim.counters).toMatchObject({ callbacksSent: 0, callbacksSkipped: 1 });
    expect(sim.ledger.order('T-EXT')?.callbacksSkipped).toContain('loopback');
  });
});

describe('Paypro simulator: query overlap counter', () => {
  it('counts a query that arrives while another for the same tradeNo is in flight', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { latencyMs: 80 } });
    await payOut(sim, signed(bankPayout('T-OVL', 'http://127.0.0.1:9/cb')));

    await Promise.all([query(sim, 'T-OVL'), query(sim, 'T-OVL'), query(sim, 'T-OVL'), query(sim, 'T-OTHER')]);
    expect(sim.ledger.stats('T-OVL')).toMatchObject({ queries: 3, queryOverlaps: 2, maxConcurrentQueries: 3, queriesInFlight: 0 });
    expect(sim.ledger.stats('T-OTHER')).toMatchObject({ queries: 1, queryOverlaps: 0 });

    await query(sim, 'T-OVL');
    await query(sim, 'T-OVL');
    expect(sim.counters).toMatchObject({ queryOverlaps: 2, maxConcurrentQueriesPerTradeNo: 3 });
  });
});

describe('Paypro simulator: faults', () => {
  const body = (tradeNo: string, notifyUrl = 'http://127.0.0.1:9/cb') => signed(bankPayout(tradeNo, notifyUrl));

  it('adds latency', async () => {
    const sim = await simulator({ faults: { latencyMs: 60 } });
    const reply = await payOut(sim, body('T-LAT'));
    expect(reply.durationMs).toBeGreaterThanOrEqual(55);
    expect(sim.counters.faultsInjected.latency).toBe(1);
  });

  it('resets before accepting: nothing placed, and the same tradeNo is accepted afterwards', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { byTradeNo: { 'T-RB': { resetBeforeAccept: 1 } } } });
    const reply = await payOut(sim, body('T-RB'));
    expect(reply.error).toBe('ECONNRESET');
    expect(sim.ledger.order('T-RB')).toBeUndefined();

    sim.setFaults({});
    expect(json(await payOut(sim, body('T-RB'))).code).toBe('0000');
    expect(sim.ledger.stats('T-RB')).toMatchObject({ createRequests: 2, acceptedCreates: 1 });
  });

  it.each([
    ['timeoutAfterAccept', { timeoutAfterAccept: 1, holdMs: 50 }, (r: RawReply) => expect(r.error).toBe('ECONNRESET')],
    ['serverErrorAfterAccept', { serverErrorAfterAccept: 1, serverErrorStatus: 502 }, (r: RawReply) => expect(r.status).toBe(502)],
    ['resetAfterAccept', { resetAfterAccept: 1 }, (r: RawReply) => expect(r.error).toBe('ECONNRESET')],
  ])('%s: the order is accepted though the client never sees the answer', async (name, faults, check) => {
    const sim = await simulator({ completeAfterMs: 60_000, faults });
    const reply = await payOut(sim, body(`T-${name}`));
    check(reply);
    expect(sim.ledger.stats(`T-${name}`).acceptedCreates).toBe(1);
    expect(sim.counters.faultsInjected[name]).toBe(1);
  });

  it('holds a timed-out create until the client gives up, and close() still returns', async () => {
    const sim = await simulator({ faults: { timeoutAfterAccept: 1 } });
    const reply = await rawRequest(`${sim.url}/v1/paypro/payOut`, {
      headers: { 'content-type': 'application/json', merchantNo: MERCHANT },
      body: body('T-HOLD'),
      timeoutMs: 100,
    });
    expect(reply.error).toBe('client timeout');
    expect(reply.durationMs).toBeGreaterThanOrEqual(95);
    expect(sim.ledger.order('T-HOLD')).toBeDefined();
  });

  it('applies query faults', async () => {
    const sim = await simulator({ completeAfterMs: 60_000 });
    await payOut(sim, body('T-QF'));
    sim.setFaults({ queryServerError: 1 });
    expect((await query(sim, 'T-QF')).status).toBe(500);
    sim.setFaults({ queryReset: 1 });
    expect((await query(sim, 'T-QF')).error).toBe('ECONNRESET');
    sim.setFaults({ queryTimeout: 1, holdMs: 30 });
    expect((await query(sim, 'T-QF')).error).toBe('ECONNRESET');
    expect(sim.counters.faultsInjected).toMatchObject({ queryServerError: 1, queryReset: 1, queryTimeout: 1 });
  });

  it('delivers duplicate callbacks with the same body', async () => {
    const sim = await simulator({ faults: { duplicateCallbacks: 1 } });
    const merchant = await receiver();
    await payOut(sim, body('T-DUPCB', merchant.url));
    await waitFor('duplicates', () => sim.ledger.order('T-DUPCB')!.callbacks.some((c) => c.kind === 'duplicate'));
    await sleep(30);
    expect(merchant.received.length).toBeGreaterThanOrEqual(2);
    expect(merchant.received.length).toBeLessThanOrEqual(3);
    expect(new Set(merchant.received.map((r) => r.body)).size).toBe(1);
  });

  it('delivers a stale 0015 callback after the final one', async () => {
    const sim = await simulator({ faults: { outOfOrderCallbacks: 1 } });
    const merchant = await receiver();
    await payOut(sim, body('T-OOO', merchant.url));
    await waitFor('stale callback', () => merchant.received.length === 2);
    const [final, stale] = merchant.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(final.status).toBe('0000');
    expect(stale).toMatchObject({ status: '0015', message: 'PAYING' });
    expect(stale.successTime).toBeUndefined();
    expect(stale.sign).toBe(sign(stale));
  });

  it('delivers a forged callback first: opposite outcome, bad signature, counted when acknowledged', async () => {
    const sim = await simulator({ faults: { forgedCallbacks: 1 } });
    const merchant = await receiver();
    await payOut(sim, body('T-FORGED', merchant.url));
    // The simulator counts a delivery once its answer is read, a moment after the receiver got it.
    await waitFor('real callback', () => merchant.received.length === 2 && sim.counters.callbacksSent === 1);
    const [forged, real] = merchant.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(forged.status).toBe('00029');
    expect(forged.sign).not.toBe(sign(forged));
    expect(real.status).toBe('0000');
    expect(real.sign).toBe(sign(real));
    expect(sim.counters).toMatchObject({ forgedCallbacksSent: 1, forgedCallbacksAcked: 1, callbacksSent: 1 });
  });

  it('returns a paid order later: the callback and the query turn from 0000 to a failure status', async () => {
    const sim = await simulator({ faults: { lateReturn: 1, lateReturnAfterMs: 20 } });
    const merchant = await receiver();
    await payOut(sim, body('T-RET', merchant.url));
    await waitFor('return callback', () => merchant.received.length === 2);
    expect(merchant.received.map((r) => (JSON.parse(r.body) as Record<string, unknown>).status)).toEqual(['0000', '00029']);
    expect(json(await query(sim, 'T-RET')).data.status).toBe('00029');
    expect(sim.ledger.order('T-RET')?.state).toBe('reversed');
  });

  it('rolls probabilities with the seed: the same seed gives the same references and faults', async () => {
    const run = async () => {
      const sim = await simulator({ seed: 42, completeAfterMs: 60_000, faults: { serverErrorAfterAccept: 0.5 } });
      const statuses: (number | undefined)[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await payOut(sim, body(`T-SEED-${i}`))).status);
      return { statuses, refs: [...Array(8).keys()].map((i) => sim.ledger.order(`T-SEED-${i}`)?.providerReference) };
    };
    const [a, b] = [await run(), await run()];
    expect(a).toEqual(b);
    expect(new Set(a.statuses)).toEqual(new Set([200, 500]));
  });
});

describe('Paypro simulator: issue 11 faults', () => {
  const body = (tradeNo: string, notifyUrl = 'http://127.0.0.1:9/cb', overrides: Record<string, unknown> = {}) =>
    signed(bankPayout(tradeNo, notifyUrl, overrides));

  it('ambiguousBeforeAccept: answers outer code 5000 and places nothing; the same tradeNo is accepted afterwards', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { ambiguousBeforeAccept: 1 } });
    const reply = await payOut(sim, body('T-AMB-B'));
    expect(reply.status).toBe(200);
    expect(json(reply)).toMatchObject({ code: '5000', success: false, msg: expect.stringContaining('System operation exception') });
    expect(sim.ledger.order('T-AMB-B')).toBeUndefined();
    expect(sim.counters).toMatchObject({ ordersAccepted: 0, createsRefused: 0, faultsInjected: { ambiguousBeforeAccept: 1 } });

    sim.setFaults({});
    expect(json(await payOut(sim, body('T-AMB-B'))).code).toBe('0000');
    expect(sim.ledger.stats('T-AMB-B')).toMatchObject({ createRequests: 2, acceptedCreates: 1 });
  });

  it('ambiguousAfterAccept: answers outer code 5000 though the order was placed; a resend is refused as a duplicate', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { byTradeNo: { 'T-AMB-A': { ambiguousAfterAccept: 1 } } } });
    expect(json(await payOut(sim, body('T-AMB-A')))).toMatchObject({ code: '5000', success: false });
    expect(sim.ledger.order('T-AMB-A')?.state).toBe('processing');
    expect(json(await payOut(sim, body('T-AMB-A')))).toMatchObject({ code: '1005', success: false, msg: 'tradeNo T-AMB-A already exists' });
    expect(json(await query(sim, 'T-AMB-A')).data).toMatchObject({ tradeNo: 'T-AMB-A', status: '0015' });
    expect(sim.ledger.stats('T-AMB-A')).toMatchObject({ createRequests: 2, acceptedCreates: 1, duplicateCreatesRefused: 1 });
  });

  it('queryLatencyMs: slows queries only', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { queryLatencyMs: 120 } });
    expect((await payOut(sim, body('T-QLAT'))).durationMs).toBeLessThan(100);
    const reply = await query(sim, 'T-QLAT');
    expect(reply.durationMs).toBeGreaterThanOrEqual(115);
    expect(json(reply).data.status).toBe('0015');
    expect(sim.counters.faultsInjected.queryLatency).toBe(1);
  });

  it('queryLag: a query misses an order accepted less than queryLagMs ago, while a create still sees it', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { queryLagMs: 150 } });
    await payOut(sim, body('T-LAG'));
    expect(json(await query(sim, 'T-LAG'))).toMatchObject({ code: '1004', success: false });
    // The documented duplicate refusal comes from the books, not from the lagging replica.
    expect(json(await payOut(sim, body('T-LAG')))).toMatchObject({ code: '1005', success: false });
    await sleep(160);
    expect(json(await query(sim, 'T-LAG')).data).toMatchObject({ tradeNo: 'T-LAG', status: '0015' });
    expect(sim.counters.faultsInjected.queryLag).toBe(1);
  });

  it('fieldShiftedCallbacks: first sends the notification with status run into successTime, under the genuine sign', async () => {
    const sim = await simulator({ faults: { fieldShiftedCallbacks: 1 } });
    const merchant = await receiver((n) => (n === 0 ? 'FAIL' : 'OK'));
    await payOut(sim, body('T-SHIFT', merchant.url));
    await waitFor('real callback', () => merchant.received.length === 2 && sim.ledger.order('T-SHIFT')!.callbacks.length === 2);
    const [shifted, real] = merchant.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(real).toMatchObject({ status: '0000', successTime: expect.stringMatching(/^\d{4}-/) });
    expect(shifted.status).toBe(`0000successTime=${String(real.successTime)}`);
    expect(shifted).not.toHaveProperty('successTime');
    // The test's own signer agrees: the shifted body is validly signed.
    expect(shifted.sign).toBe(sign(shifted));
    const { status: _s, successTime: _t, sign: _g, timestamp: _ts, ...same } = real;
    expect(shifted).toMatchObject(same);
    const order = sim.ledger.order('T-SHIFT')!;
    expect(order.callbacks.map((c) => [c.kind, c.acked])).toEqual([
      ['shifted', false],
      ['notify', true],
    ]);
    expect(sim.counters).toMatchObject({ shiftedCallbacksSent: 1, shiftedCallbacksAcked: 0, callbacksSent: 1, callbacksAcked: 1 });
  });

  it('contradictingCallbacks: a validly signed FAIL at acceptance (processing) and before the real success', async () => {
    const sim = await simulator({ completeAfterMs: 100, faults: { contradictingCallbacks: 1 } });
    const merchant = await receiver();
    await payOut(sim, body('T-CONTRA', merchant.url));
    // The ledger records a delivery once its answer is read, a moment after the receiver got it.
    await waitFor('real callback', () => merchant.received.length === 3 && sim.ledger.order('T-CONTRA')!.callbacks.length === 3);
    const bodies = merchant.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies.map((b) => b.status)).toEqual(['00029', '00029', '0000']);
    for (const b of bodies) expect(b.sign).toBe(sign(b));
    expect(bodies[0]).toMatchObject({ tradeNo: 'T-CONTRA', message: 'REJECTED_TRANSACTION', successTime: expect.stringMatching(/^\d{4}-/) });
    const order = sim.ledger.order('T-CONTRA')!;
    expect(order.state).toBe('succeeded');
    expect(order.callbacks.map((c) => c.kind)).toEqual(['contradicting', 'contradicting', 'notify']);
    expect(sim.counters).toMatchObject({ contradictingCallbacksSent: 2, contradictingCallbacksAcked: 2, callbacksSent: 1 });
  });

  it('contradictingCallbacks: none before a real failure, which says the same', async () => {
    const sim = await simulator({ faults: { byTradeNo: { 'T-CONTRA-F': { contradictingCallbacks: 1 } } } });
    sim.setOutcome('T-CONTRA-F', { outcome: 'failure', afterMs: 50 });
    const merchant = await receiver();
    await payOut(sim, body('T-CONTRA-F', merchant.url));
    await waitFor('real callback', () => sim.ledger.order('T-CONTRA-F')?.callbacks.some((c) => c.kind === 'notify') ?? false);
    expect(sim.ledger.order('T-CONTRA-F')!.callbacks.map((c) => c.kind)).toEqual(['contradicting', 'notify']);
  });
});

describe('Paypro simulator: issue 12 faults', () => {
  const body = (tradeNo: string) => signed(bankPayout(tradeNo, 'http://127.0.0.1:9/cb'));
  const payOutWithin = (sim: SimulatorHandle, payload: string, timeoutMs: number) =>
    rawRequest(`${sim.url}/v1/paypro/payOut`, { headers: { 'content-type': 'application/json', merchantNo: MERCHANT }, body: payload, timeoutMs });

  it('lateAccept: places the order only after the client gave up waiting', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { lateAccept: 1, lateAcceptMs: 400 } });
    const reply = await payOutWithin(sim, body('T-LATE'), 50);
    expect(reply.error).toBe('client timeout');
    // The client's query in the meantime finds nothing: no order yet.
    expect(json(await query(sim, 'T-LATE'))).toMatchObject({ code: '1004', success: false });
    await waitFor('late order', () => sim.ledger.order('T-LATE') !== undefined);
    expect(sim.ledger.stats('T-LATE')).toMatchObject({ createRequests: 1, acceptedCreates: 1 });
    expect(sim.counters.faultsInjected.lateAccept).toBe(1);
  });

  it('lateAccept: a resend placed during the hold wins, and the late create is refused as its duplicate', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { byTradeNo: { 'T-LATE-2': { lateAccept: 1, lateAcceptMs: 400 } } } });
    const late = payOutWithin(sim, body('T-LATE-2'), 1_000);
    await sleep(20);
    sim.setFaults({});
    expect(json(await payOut(sim, body('T-LATE-2'))).code).toBe('0000');
    expect(json(await late)).toMatchObject({ code: '1005', success: false });
    expect(sim.ledger.stats('T-LATE-2')).toMatchObject({ createRequests: 2, acceptedCreates: 1, duplicateCreatesRefused: 1 });
  });

  it('garbageAfterAccept: places the order, then answers HTTP 200 with a body that is not JSON', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { garbageAfterAccept: 1 } });
    const reply = await payOut(sim, body('T-GARBAGE'));
    expect(reply.status).toBe(200);
    expect(() => JSON.parse(reply.body)).toThrow();
    expect(sim.ledger.order('T-GARBAGE')?.state).toBe('processing');
    expect(sim.counters).toMatchObject({ ordersAccepted: 1, faultsInjected: { garbageAfterAccept: 1 } });
  });
});

describe('Paypro simulator: control endpoints', () => {
  it('sets outcomes, completes, returns, reports the ledger, sets faults and resets over HTTP', async () => {
    const sim = await simulator();
    const control = (path: string, body?: unknown, method = 'POST') =>
      rawRequest(`${sim.origin}/__sandbox/${path}`, { method, body: body === undefined ? '' : JSON.stringify(body) });

    expect((await control('orders/T-CTL/outcome', { outcome: 'hold' })).status).toBe(200);
    await payOut(sim, signed(bankPayout('T-CTL', 'http://127.0.0.1:9/cb')));
    await sleep(30);
    expect(sim.ledger.order('T-CTL')?.state).toBe('processing');

    expect((await control('orders/T-CTL/outcome', { outcome: 'failure', code: '0000' })).status).toBe(400);
    const completed = await control('orders/T-CTL/complete', { outcome: 'failure', code: '0100019' });
    expect(json(completed).order).toMatchObject({ state: 'failed', failure: { code: '0100019', message: 'PAYEE_DAILY_CUMULATIVE_AMT_REACHED' } });
    expect((await control('orders/T-CTL/complete')).status).toBe(409);
    expect((await control('orders/T-CTL/return')).status).toBe(409);
    expect((await control('orders/T-UNKNOWN/complete')).status).toBe(404);

    const ledger = json(await control('ledger', undefined, 'GET'));
    expect(ledger.counters.ordersAccepted).toBe(1);
    expect(ledger.orders['T-CTL'].state).toBe('failed');
    expect(ledger.trades['T-CTL'].acceptedCreates).toBe(1);
    expect(json(await rawRequest(`${sim.url}/__sandbox/orders/T-CTL`, { method: 'GET' })).stats.acceptedCreates).toBe(1);

    expect((await control('faults', { latencyMs: 5, byTradeNo: { X: { resetAfterAccept: 1 } } })).status).toBe(200);
    expect(json(await control('faults', undefined, 'GET'))).toEqual({ latencyMs: 5, byTradeNo: { X: { resetAfterAccept: 1 } } });
    const bad = await control('faults', { latencyMS: 5, timeoutAfterAccept: 2 });
    expect(bad.status).toBe(400);
    expect(json(bad).problems).toHaveLength(2);

    expect((await control('reset')).status).toBe(200);
    expect(sim.counters.ordersAccepted).toBe(0);
    expect(json(await control('faults', undefined, 'GET'))).toEqual({});
  });

  it('returns a succeeded order on request', async () => {
    const sim = await simulator({ completeAfterMs: 60_000 });
    await payOut(sim, signed(bankPayout('T-R', 'http://127.0.0.1:9/cb')));
    expect(sim.complete('T-R')?.state).toBe('succeeded');
    const reply = await rawRequest(`${sim.origin}/__sandbox/orders/T-R/return`);
    expect(json(reply).order).toMatchObject({ state: 'reversed', failure: { code: '00029' } });
  });
});
