import { createHash } from 'node:crypto';
import { CallbackReceiver, startCallbackReceiver } from '../__fixtures__/callback-receiver';
import { RawReply, rawRequest, sleep, waitFor } from '../__fixtures__/raw-http';
import { LedgerOrder } from '../core/ledger';
import { SimulatorHandle } from '../core/simulator-server';
import { cashyCallbackBody } from './cashy-behaviour';
import { JsonDecimal } from './cashy-json';
import { CashySimulatorOptions, startCashySimulator } from './cashy-simulator';

/** docs/gateways.md 4 (made up there). */
const API_KEY = 'TEST_API_KEY_123';
const MERCHANT_ID = '1002001';

/** The test's own signer, written apart from the simulator's. */
const md5Upper = (body: string, key = API_KEY) => createHash('md5').update(body + key).digest('hex').toUpperCase();

/** The C1 body, byte for byte. */
const C1 =
  '{"accountName":"Juan Perez","accountNo":"00219400254640654321","accountType":1,"amount":"10.00","bankId":5,' +
  '"cciAccountNo":"00219400254640654321","currency":"PEN","email":"juan@example.com","idCard":"12345678","idType":"1",' +
  '"mchOrderNo":"PE20250101000001","nonceStr":"1863484722378907648","notifyUrl":"https://merchant.example.com/webhooks/cashy/payout",' +
  '"phone":"987654321","remark":"payout"}';

function payout(mchOrderNo: string, notifyUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(JSON.parse(C1) as Record<string, unknown>), mchOrderNo, notifyUrl, ...overrides };
}

const started: SimulatorHandle[] = [];
const receivers: CallbackReceiver[] = [];

async function simulator(options: Partial<CashySimulatorOptions> = {}): Promise<SimulatorHandle> {
  const handle = await startCashySimulator({
    merchantId: MERCHANT_ID,
    apiKey: API_KEY,
    timeScale: 0.0001,
    completeAfterMs: 10,
    callbackTimeoutMs: 500,
    ...options,
  });
  started.push(handle);
  return handle;
}

async function receiver(reply: (n: number) => string = () => 'SUCCESS'): Promise<CallbackReceiver> {
  const r = await startCallbackReceiver(reply);
  receivers.push(r);
  return r;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

function call(sim: SimulatorHandle, path: string, body: string, headers: Record<string, string> = {}): Promise<RawReply> {
  return rawRequest(`${sim.url}${path}`, {
    headers: { 'content-type': 'application/json', MerchantId: MERCHANT_ID, Sign: md5Upper(body), ...headers },
    body,
  });
}
const payOut = (sim: SimulatorHandle, fields: Record<string, unknown>) => call(sim, '/api/payOut', JSON.stringify(fields));
const query = (sim: SimulatorHandle, ids: Record<string, string>) => call(sim, '/api/payOutQuery', JSON.stringify({ ...ids, nonceStr: '1' }));
const json = (reply: RawReply) => JSON.parse(reply.body) as Record<string, any>;

describe('Cashy simulator: signature vectors (docs/gateways.md 4)', () => {
  it('accepts C2 on getBalance in upper and lower case', async () => {
    const sim = await simulator();
    const body = '{"nonceStr":"4190026990"}';
    expect(md5Upper(body)).toBe('5AE2D8EEA606855C8A30DA82766586C2');

    for (const sign of ['5AE2D8EEA606855C8A30DA82766586C2', '5ae2d8eea606855c8a30da82766586c2']) {
      const reply = await call(sim, '/api/getBalance', body, { Sign: sign });
      expect(reply.body).toBe('{"msg":"SUCCESS","code":200,"data":{"mchId":"1002001","balance":100000.00,"unBalance":0.00}}');
    }
  });

  it('accepts the C1 payout as signed in the vector, with amounts written as decimals', async () => {
    const sim = await simulator({ completeAfterMs: 60_000 });
    const reply = await call(sim, '/api/payOut', C1, { Sign: '51B7DE7E1CBB2D155D0F15C575BCA66B' });

    expect(json(reply)).toMatchObject({ msg: 'SUCCESS', code: 200, data: { merchantId: MERCHANT_ID, mchOrderNo: 'PE20250101000001', orderStatus: 'PROCESSING' } });
    expect(json(reply).data.orderNo).toMatch(/^PAYOUT[1-9]\d{18}$/);
    expect(reply.body).toContain('"amount":10.00,"fee":1.00');
  });

  it('writes callbacks byte for byte like C3', () => {
    const order = { tradeNo: 'PE20250101000001', providerReference: 'PAYOUT8232147367892025344', amount: '10.00' } as LedgerOrder;
    const body = cashyCallbackBody(order, MERCHANT_ID, {
      orderStatus: 'SUCCESS',
      fee: new JsonDecimal('0'),
      completionTime: '2025-01-01 08:08:08',
      resultDesc: 'SUCCESS',
    });
    expect(body).toBe(
      '{"orderStatus":"SUCCESS","amount":10.00,"fee":0,"mchOrderNo":"PE20250101000001","merchantId":"1002001",' +
        '"orderNo":"PAYOUT8232147367892025344","completionTime":"2025-01-01 08:08:08","resultDesc":"SUCCESS"}',
    );
    expect(md5Upper(body)).toBe('AF258AE3A876498A15C1630308EEE5E4');
  });
});

describe('Cashy simulator: common errors', () => {
  const body = JSON.stringify(payout('PE-ERR', 'http://127.0.0.1:9/cb'));
  it.each([
    ['a bad Sign', { Sign: 'A6FC73F7D22EC8B4A064C8FFCC592CBF' }, body, 'Sign_verify_error'],
    ['no MerchantId', { MerchantId: '' }, body, 'MerchantId_is_null'],
    ['a MerchantId that is not a number', { MerchantId: 'abc' }, body, 'MerchantId_not_Number'],
    ['another MerchantId', { MerchantId: '1' }, body, 'MerchantId_is_error'],
    ['a non-JSON content type', { 'content-type': 'text/plain' }, body, 'RequestContentType_not_json'],
    ['an empty body', {}, '', 'RequestBody_is_null'],
    ['a signed body that is not JSON', {}, '{"mchOrderNo":', 'Params_jsonFormat_error'],
  ])('refuses %s', async (_name, headers, raw, msg) => {
    const sim = await simulator();
    const reply = await call(sim, '/api/payOut', raw, { Sign: md5Upper(raw), ...headers });
    expect(reply.status).toBe(200);
    expect(json(reply)).toEqual({ code: 400, msg });
    expect(sim.counters).toMatchObject({ ordersAccepted: 0, createsRefused: 1 });
  });

  it('refuses a GET', async () => {
    const sim = await simulator();
    const reply = await rawRequest(`${sim.url}/api/payOut`, { method: 'GET' });
    expect(json(reply)).toEqual({ code: 400, msg: 'RequestMethod_not_post' });
  });
});

describe('Cashy simulator: Peru payout rules', () => {
  const url = 'http://127.0.0.1:9/cb';
  it.each([
    ['currency USD', { currency: 'USD' }, 'Params_currency_error'],
    ['amount below 10.00', { amount: '9.99' }, 'Params_amount_error'],
    ['amount above 2000.00', { amount: '2000.01' }, 'Params_amount_error'],
    ['amount with three decimals', { amount: '10.001' }, 'Params_amount_error'],
    ['bankId 15 (not in the list)', { bankId: 15 }, 'Params_bankId_error'],
    ['accountType 2', { accountType: 2 }, 'Params_accountType_error'],
    ['idType "5"', { idType: '5' }, 'Params_idType_error'],
    ['no remark', { remark: undefined }, 'Params_remark_Required'],
    ['no nonceStr', { nonceStr: '' }, 'Params_nonceStr_Required'],
    ['no accountName', { accountName: null }, 'Params_accountName_Required'],
    ['a 33-character mchOrderNo', { mchOrderNo: 'M'.repeat(33) }, 'Params_mchOrderNo_error'],
    ['a non-URL notifyUrl', { notifyUrl: 'webhooks' }, 'Params_notifyUrl_error'],
    ['a CCI of 19 digits', { cciAccountNo: '0'.repeat(19) }, 'Params_cciAccountNo_error'],
    ['no CCI for a bank outside the big four', { cciAccountNo: undefined }, 'Params_cciAccountNo_Required'],
    ['a 13-digit BCP savings account', { bankId: 3, accountType: 1, cciAccountNo: undefined, accountNo: '1'.repeat(13) }, 'Params_accountNo_error'],
    ['a 12-digit Interbank account', { bankId: '2', cciAccountNo: undefined, accountNo: '1'.repeat(12) }, 'Params_accountNo_error'],
  ])('refuses %s', async (_name, overrides, msg) => {
    const sim = await simulator();
    expect(json(await payOut(sim, payout('PE-RULE', url, overrides)))).toEqual({ code: 400, msg });
    expect(sim.ledger.order('PE-RULE')).toBeUndefined();
  });

  it.each([
    ['Interbank 13 digits without CCI', { bankId: 2, cciAccountNo: undefined, accountNo: '1'.repeat(13) }],
    ['BCP current account 13 digits as strings', { bankId: '3', accountType: '0', cciAccountNo: undefined, accountNo: '1'.repeat(13) }],
    ['a numeric amount of 2000', { amount: 2000 }],
    ['an amount with one decimal', { amount: '10.5' }],
  ])('accepts %s', async (_name, overrides) => {
    const sim = await simulator({ completeAfterMs: 60_000 });
    expect(json(await payOut(sim, payout('PE-OK', url, overrides))).code).toBe(200);
  });

  it('stores the amount with two decimals', async () => {
    const sim = await simulator({ completeAfterMs: 60_000 });
    const reply = await payOut(sim, payout('PE-AMT', url, { amount: '10.5' }));
    expect(reply.body).toContain('"amount":10.50');
  });
});

describe('Cashy simulator: orders', () => {
  it('refuses a repeated mchOrderNo and keeps one accepted create', async () => {
    const sim = await simulator({ completeAfterMs: 60_000 });
    expect(json(await payOut(sim, payout('PE-DUP', 'http://127.0.0.1:9/cb'))).code).toBe(200);
    expect(json(await payOut(sim, payout('PE-DUP', 'http://127.0.0.1:9/cb', { amount: '99.00' })))).toEqual({ code: 400, msg: 'Params_mchOrderNo_error' });
    expect(sim.ledger.stats('PE-DUP')).toMatchObject({ acceptedCreates: 1, duplicateCreatesRefused: 1 });
  });

  it('completes and retries the signed callback until the reply is exactly SUCCESS', async () => {
    const sim = await simulator({ fee: '1.50' });
    const merchant = await receiver((n) => ['OK', 'success', 'SUCCESS'][n] ?? 'SUCCESS');
    await payOut(sim, payout('PE-CB', merchant.url));

    await waitFor('acknowledged callback', () => sim.counters.callbacksAcked === 1);
    await sleep(30);
    expect(merchant.received).toHaveLength(3);
    for (const { headers, body } of merchant.received) {
      expect(headers.merchantid).toBe(MERCHANT_ID);
      expect(headers.sign).toBe(md5Upper(body));
      expect(headers['content-type']).toBe('application/json');
    }
    const body = merchant.received[0].body;
    expect(body).toMatch(/^\{"orderStatus":"SUCCESS","amount":10.00,"fee":1.50,"mchOrderNo":"PE-CB","merchantId":"1002001","orderNo":"PAYOUT\d{19}",/);
    const order = sim.ledger.order('PE-CB')!;
    const limaTime = new Date(order.completedAt! - 5 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(JSON.parse(body)).toMatchObject({ completionTime: limaTime, resultDesc: 'SUCCESS' });
    expect(order).toMatchObject({ callbacksSent: 3, callbacksAcked: 1 });
  });

  it('answers queries by mchOrderNo or orderNo: PROCESSING, then PAYING, then SUCCESS', async () => {
    const sim = await simulator({ completeAfterMs: 300 });
    sim.setOutcome('PE-Q', { outcome: 'hold' });
    const created = json(await payOut(sim, payout('PE-Q', 'http://127.0.0.1:9/cb')));
    const orderNo = created.data.orderNo as string;

    expect(json(await query(sim, { mchOrderNo: 'PE-Q' })).data).toEqual({
      merchantId: MERCHANT_ID,
      mchOrderNo: 'PE-Q',
      orderNo,
      amount: 10,
      fee: null,
      orderStatus: 'PROCESSING',
      completionTime: null,
      resultDesc: 'SUCCESS',
    });
    await sleep(160);
    expect(json(await query(sim, { orderNo })).data.orderStatus).toBe('PAYING');
    sim.complete('PE-Q');
    expect(json(await query(sim, { orderNo, mchOrderNo: 'PE-Q' })).data).toMatchObject({ orderStatus: 'SUCCESS', fee: 1 });
    expect(json(await query(sim, { orderNo, mchOrderNo: 'PE-OTHER' }))).toEqual({ code: 400, msg: 'Order_not_exist' });
    expect(json(await query(sim, { mchOrderNo: 'PE-NONE' }))).toEqual({ code: 400, msg: 'Order_not_exist' });
    expect(json(await call(sim, '/api/payOutQuery', '{"nonceStr":"1"}'))).toEqual({ code: 400, msg: 'Params_orderNo_Required' });
  });

  it('fails FAIL names with ACCOUNT_NOT_EXIST, cancels CANCEL names, and takes a reason from the control API', async () => {
    const sim = await simulator();
    const merchant = await receiver();
    await payOut(sim, payout('PE-F1', merchant.url, { accountName: 'FAIL Perez' }));
    await payOut(sim, payout('PE-F2', merchant.url, { accountName: 'CANCEL Perez' }));
    await rawRequest(`${sim.origin}/__sandbox/orders/PE-F3/outcome`, { body: JSON.stringify({ outcome: 'failure', code: 'INVALID_CCI' }) });
    await payOut(sim, payout('PE-F3', merchant.url));

    await waitFor('three callbacks', () => merchant.received.length === 3);
    const byOrder = Object.fromEntries(merchant.received.map((r) => JSON.parse(r.body) as Record<string, unknown>).map((b) => [b.mchOrderNo, b]));
    expect(byOrder['PE-F1']).toMatchObject({ orderStatus: 'FAIL', resultDesc: 'ACCOUNT_NOT_EXIST', fee: null, completionTime: null });
    expect(byOrder['PE-F2']).toMatchObject({ orderStatus: 'CANCEL', resultDesc: 'CHANNEL_EXCEPTION' });
    expect(byOrder['PE-F3']).toMatchObject({ orderStatus: 'FAIL', resultDesc: 'INVALID_CCI' });
  });

  it('returns a paid order late: FAIL with PAYMENT_OFFSET after SUCCESS', async () => {
    const sim = await simulator({ faults: { lateReturn: 1, lateReturnAfterMs: 20 } });
    const merchant = await receiver();
    await payOut(sim, payout('PE-RET', merchant.url));
    await waitFor('return callback', () => merchant.received.length === 2);
    expect(merchant.received.map((r) => JSON.parse(r.body) as Record<string, unknown>)).toMatchObject([
      { orderStatus: 'SUCCESS' },
      { orderStatus: 'FAIL', resultDesc: 'PAYMENT_OFFSET' },
    ]);
    expect(json(await query(sim, { mchOrderNo: 'PE-RET' })).data).toMatchObject({ orderStatus: 'FAIL', resultDesc: 'PAYMENT_OFFSET' });
  });

  it('sends forged, duplicate and stale callbacks when asked to', async () => {
    const sim = await simulator({ faults: { forgedCallbacks: 1, duplicateCallbacks: 1, outOfOrderCallbacks: 1 } });
    const merchant = await receiver();
    await payOut(sim, payout('PE-CHAOS', merchant.url));
    await waitFor('stale callback', () => sim.ledger.order('PE-CHAOS')?.callbacks.some((c) => c.kind === 'stale') ?? false);

    const kinds = sim.ledger.order('PE-CHAOS')!.callbacks.map((c) => c.kind);
    expect(kinds[0]).toBe('forged');
    expect(kinds[1]).toBe('notify');
    expect(kinds.filter((k) => k === 'duplicate').length).toBeGreaterThanOrEqual(1);
    expect(kinds[kinds.length - 1]).toBe('stale');
    const [forged, real] = merchant.received;
    expect(forged.headers.sign).not.toBe(md5Upper(forged.body));
    expect(JSON.parse(forged.body)).toMatchObject({ orderStatus: 'FAIL' });
    expect(real.headers.sign).toBe(md5Upper(real.body));
    const stale = merchant.received[merchant.received.length - 1];
    expect(JSON.parse(stale.body)).toMatchObject({ orderStatus: 'PROCESSING' });
    expect(stale.headers.sign).toBe(md5Upper(stale.body));
  });

  it('counts overlapping queries per trade number whichever number names the order', async () => {
    const sim = await simulator({ completeAfterMs: 60_000 });
    const orderNo = json(await payOut(sim, payout('PE-OVL', 'http://127.0.0.1:9/cb'))).data.orderNo as string;
    sim.setFaults({ latencyMs: 60 });
    await Promise.all([query(sim, { mchOrderNo: 'PE-OVL' }), query(sim, { orderNo })]);
    expect(sim.ledger.stats('PE-OVL')).toMatchObject({ queries: 2, queryOverlaps: 1, maxConcurrentQueries: 2 });
  });

  it('lists the Peru banks', async () => {
    const sim = await simulator();
    const banks = json(await call(sim, '/api/bankListQuery', '{"nonceStr":"1"}')).data as { bankId: number; bankCode: string; bankName: string }[];
    expect(banks).toHaveLength(26);
    expect(banks[0]).toEqual({ bankId: 1, bankCode: 'BBVA Continental', bankName: 'BBVA Continental' });
    expect(banks.map((b) => b.bankId)).not.toContain(15);
  });

  it('accepts the order on a 5xx-after-accept fault and refuses the resubmission as a duplicate', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { byTradeNo: { 'PE-5XX': { serverErrorAfterAccept: 1 } } } });
    expect((await payOut(sim, payout('PE-5XX', 'http://127.0.0.1:9/cb'))).status).toBe(500);
    expect(json(await payOut(sim, payout('PE-5XX', 'http://127.0.0.1:9/cb')))).toEqual({ code: 400, msg: 'Params_mchOrderNo_error' });
    expect(json(await query(sim, { mchOrderNo: 'PE-5XX' })).data.orderStatus).toBe('PROCESSING');
    expect(sim.ledger.stats('PE-5XX').acceptedCreates).toBe(1);
  });
});

describe('Cashy simulator: issue 11 faults', () => {
  const url = 'http://127.0.0.1:9/cb';

  it('ambiguousBeforeAccept: answers code 500 System_error and places nothing; the same mchOrderNo is accepted afterwards', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { ambiguousBeforeAccept: 1 } });
    const reply = await payOut(sim, payout('PE-AMB-B', url));
    expect(reply.status).toBe(200);
    expect(json(reply)).toEqual({ code: 500, msg: 'System_error' });
    expect(sim.ledger.order('PE-AMB-B')).toBeUndefined();
    sim.setFaults({});
    expect(json(await payOut(sim, payout('PE-AMB-B', url))).code).toBe(200);
    expect(sim.ledger.stats('PE-AMB-B')).toMatchObject({ createRequests: 2, acceptedCreates: 1 });
  });

  it('ambiguousAfterAccept: answers System_error though the order was placed; a resend is refused as a duplicate', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { byTradeNo: { 'PE-AMB-A': { ambiguousAfterAccept: 1 } } } });
    expect(json(await payOut(sim, payout('PE-AMB-A', url)))).toEqual({ code: 500, msg: 'System_error' });
    expect(json(await payOut(sim, payout('PE-AMB-A', url)))).toEqual({ code: 400, msg: 'Params_mchOrderNo_error' });
    expect(json(await query(sim, { mchOrderNo: 'PE-AMB-A' })).data.orderStatus).toBe('PROCESSING');
    expect(sim.ledger.stats('PE-AMB-A')).toMatchObject({ acceptedCreates: 1, duplicateCreatesRefused: 1 });
    expect(sim.counters.faultsInjected.ambiguousAfterAccept).toBe(1);
  });

  it('queryLatencyMs: slows queries only', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { queryLatencyMs: 120 } });
    const created = await payOut(sim, payout('PE-QLAT', url));
    expect(created.durationMs).toBeLessThan(100);
    const reply = await query(sim, { mchOrderNo: 'PE-QLAT' });
    expect(reply.durationMs).toBeGreaterThanOrEqual(115);
    expect(json(reply).code).toBe(200);
  });

  it('queryLag: a query by either number misses an order accepted less than queryLagMs ago, while a create still sees it', async () => {
    const sim = await simulator({ completeAfterMs: 60_000, faults: { queryLagMs: 150 } });
    const orderNo = json(await payOut(sim, payout('PE-LAG', url))).data.orderNo as string;
    expect(json(await query(sim, { mchOrderNo: 'PE-LAG' }))).toEqual({ code: 400, msg: 'Order_not_exist' });
    expect(json(await query(sim, { orderNo }))).toEqual({ code: 400, msg: 'Order_not_exist' });
    expect(json(await payOut(sim, payout('PE-LAG', url)))).toEqual({ code: 400, msg: 'Params_mchOrderNo_error' });
    await sleep(160);
    expect(json(await query(sim, { orderNo })).data).toMatchObject({ mchOrderNo: 'PE-LAG', orderStatus: 'PROCESSING' });
  });

  it('fieldShiftedCallbacks: does nothing, since the Sign covers the raw body', async () => {
    const sim = await simulator({ faults: { fieldShiftedCallbacks: 1 } });
    const merchant = await receiver();
    await payOut(sim, payout('PE-SHIFT', merchant.url));
    await waitFor('callback', () => sim.counters.callbacksAcked === 1);
    await sleep(20);
    expect(sim.ledger.order('PE-SHIFT')!.callbacks.map((c) => c.kind)).toEqual(['notify']);
    expect(sim.counters.shiftedCallbacksSent).toBe(0);
    expect(sim.counters.faultsInjected.fieldShiftedCallbacks).toBeUndefined();
  });

  it('contradictingCallbacks: a correctly signed FAIL at acceptance (processing) and before the real SUCCESS', async () => {
    const sim = await simulator({ completeAfterMs: 100, faults: { contradictingCallbacks: 1 } });
    const merchant = await receiver();
    await payOut(sim, payout('PE-CONTRA', merchant.url));
    // The ledger records a delivery once its answer is read, a moment after the receiver got it.
    await waitFor('real callback', () => merchant.received.length === 3 && sim.ledger.order('PE-CONTRA')!.callbacks.length === 3);
    for (const { headers, body } of merchant.received) expect(headers.sign).toBe(md5Upper(body));
    const bodies = merchant.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies).toMatchObject([
      { orderStatus: 'FAIL', resultDesc: 'ACCOUNT_NOT_EXIST', mchOrderNo: 'PE-CONTRA', fee: null },
      { orderStatus: 'FAIL', resultDesc: 'ACCOUNT_NOT_EXIST' },
      { orderStatus: 'SUCCESS' },
    ]);
    expect(sim.ledger.order('PE-CONTRA')!.callbacks.map((c) => c.kind)).toEqual(['contradicting', 'contradicting', 'notify']);
    expect(sim.counters).toMatchObject({ contradictingCallbacksSent: 2, callbacksSent: 1 });
  });
});

describe('Cashy simulator: the merchant balance', () => {
  const balance = async (sim: SimulatorHandle) => json(await call(sim, '/api/getBalance', JSON.stringify({ nonceStr: '1' }))).data.balance;
  const control = (sim: SimulatorHandle, body: unknown) =>
    rawRequest(`${sim.origin}/__sandbox/balance`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('draws accepted orders from the balance and refuses one it does not cover, placing nothing', async () => {
    const sim = await simulator({ balance: { balance: '25.00' }, completeAfterMs: 60_000 });
    const r = await receiver();
    expect(json(await payOut(sim, payout('PE1', r.url, { amount: '10.00' }))).msg).toBe('SUCCESS');
    expect(json(await payOut(sim, payout('PE2', r.url, { amount: '10.00' }))).msg).toBe('SUCCESS');
    expect(await balance(sim)).toBe(5);
    expect(json(await payOut(sim, payout('PE3', r.url, { amount: '10.00' })))).toEqual({ code: 400, msg: 'MERCHANT_BALANCE_NOT_ENOUGH' });
    expect(sim.ledger.order('PE3')).toBeUndefined();
    expect(sim.counters.ordersAccepted).toBe(2);
  });

  it('gives a failed order back, and takes top-ups through the control API', async () => {
    const sim = await simulator({ balance: { balance: '10.00' } });
    const r = await receiver();
    sim.setOutcome('PE4', { outcome: 'failure', afterMs: 0 });
    await payOut(sim, payout('PE4', r.url, { amount: '10.00' }));
    await waitFor('the order to fail', () => sim.ledger.order('PE4')?.state === 'failed');
    expect(await balance(sim)).toBe(10);
    expect(JSON.parse((await control(sim, { add: '5.50' })).body)).toEqual({ available: '15.50' });
    expect(JSON.parse((await control(sim, { available: '1.00' })).body)).toEqual({ available: '1.00' });
    const bad = await control(sim, { add: '-1', extra: 1 });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).problems).toEqual(['add must be a decimal string such as "500.00"', 'extra is not a balance field']);
  });
});
