import { createHash } from 'node:crypto';
import { PayoutStatus } from '../../domain/payout-status';
import { HttpClient } from '../http-client';
import { CallbackInput } from '../payout-provider';
import { SECRET, channel, provider } from './__fixtures__/paypro-gateway';
import { numberLiterals } from './paypro.callback';
import { payproSign, payproVerify } from './paypro.signature';

/** docs/gateways.md 1.6 / vector P5: the notification example, signed with the test key. */
const P5 = {
  status: '0000',
  message: 'SUCCESS',
  platFormTradeNo: '5286e98841194687a95d25b5f3be346d',
  tradeNo: '00000020',
  amount: '30000',
  successTime: '2024-07-01 18:34:31',
  timestamp: 1724740395968,
  sign: '2fb06a6f1fad4b5ad550cc5ecf284e0f',
};

/** A trade number of our own format (domain/identifiers.ts newTradeNo). */
const TRADE_NO = '20240701113431K7Q2M9XR4T8W';

/** P5 about an order of ours, signed with the test key. */
const { sign: _p5sign, ...P5_FIELDS } = P5;
const OURS = { ...P5_FIELDS, tradeNo: TRADE_NO };

const httpClient = new HttpClient();
afterAll(() => httpClient.close());

const idn = provider(channel('http://127.0.0.1:9'), httpClient);
const deliver = (body: string | object, p = idn) => {
  const input: CallbackInput = {
    headers: { 'content-type': 'application/json' },
    rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8'),
  };
  return p.parseCallback(input);
};
const signed = (fields: Record<string, unknown>) => ({ ...fields, sign: payproSign(fields, SECRET) });

describe('parseCallback', () => {
  it('checks the P5 sign, then refuses its tradeNo, which is not of our format, with 400', () => {
    expect(deliver(P5)).toMatchObject({ kind: 'rejected', problem: 'malformed', reason: expect.stringContaining('tradeNo "00000020"') });
  });

  it('verifies a notification like P5 about an order of ours and reports the order', () => {
    const outcome = deliver(signed(OURS));
    expect(outcome.kind).toBe('verified');
    if (outcome.kind !== 'verified') return;
    expect(outcome.report).toEqual({
      tradeNo: TRADE_NO,
      status: PayoutStatus.SUCCEEDED,
      rawStatus: '0000',
      providerReference: '5286e98841194687a95d25b5f3be346d',
      amountMinor: 3_000_000,
      completedAt: new Date('2024-07-01T11:34:31Z'),
    });
    expect(outcome.maskedBody).toMatchObject({ tradeNo: TRADE_NO, sign: '[redacted]' });
  });

  it('reports a failure with its message', () => {
    const outcome = deliver(signed({ ...OURS, status: '00029', message: 'REJECTED_TRANSACTION' }));
    expect(outcome).toMatchObject({
      kind: 'verified',
      report: { status: PayoutStatus.FAILED, failure: { code: '00029', message: 'REJECTED_TRANSACTION' } },
    });
  });

  it.each([
    ['a tampered status', { ...P5, status: '00029' }],
    ['a tampered amount', { ...P5, amount: '300000' }],
    ['a sign made with another key', { ...P5, sign: payproSign({ ...P5, sign: undefined }, 'another-key') }],
    ['no sign', { ...P5, sign: undefined }],
    ['an empty sign', { ...P5, sign: '' }],
  ])('rejects %s with 401', (_label, body) => {
    const outcome = deliver(body);
    expect(outcome).toMatchObject({ kind: 'rejected', problem: 'forged' });
  });

  it.each([['not json'], ['[1,2,3]'], ['"0000"'], ['null'], ['']])('rejects body %j with 400', (body) => {
    expect(deliver(body)).toMatchObject({ kind: 'rejected', problem: 'malformed' });
  });

  it('rejects a signed notification without tradeNo or status with 400', () => {
    const { tradeNo: _t, sign: _s, ...noTrade } = P5;
    expect(deliver(signed(noTrade))).toMatchObject({ kind: 'rejected', problem: 'malformed' });
    const { status: _st, sign: _s2, ...noStatus } = P5;
    expect(deliver(signed(noStatus))).toMatchObject({ kind: 'rejected', problem: 'malformed' });
  });

  it('signs a JSON number as written ("200.00"), and also accepts the parsed form ("200")', () => {
    const mx = provider(channel('http://127.0.0.1:9', { variant: 'mexico', currency: 'MXN' }), httpClient);
    const base = `message=SUCCESSplatFormTradeNo=p1status=0000timestamp=1724740395968tradeNo=${TRADE_NO}`;
    for (const amountText of ['amount=200.00', 'amount=200']) {
      const sign = createHash('md5').update(amountText + base + SECRET).digest('hex');
      const raw = `{"status":"0000","message":"SUCCESS","platFormTradeNo":"p1","tradeNo":"${TRADE_NO}","amount":200.00,"timestamp":1724740395968,"sign":"${sign}"}`;
      expect(deliver(raw, mx)).toMatchObject({ kind: 'verified', report: { amountMinor: 20_000 } });
    }
    const wrong = createHash('md5').update('amount=200.0' + base + SECRET).digest('hex');
    const raw = `{"status":"0000","message":"SUCCESS","platFormTradeNo":"p1","tradeNo":"${TRADE_NO}","amount":200.00,"timestamp":1724740395968,"sign":"${wrong}"}`;
    expect(deliver(raw, mx)).toMatchObject({ kind: 'rejected', problem: 'forged' });
  });

  // Valid in every other field, so that only the amount can be the problem.
  const tradeNo = '20250101000000ABCDEFGHJKMN';

  it.each(['-5.00', '99999999999999999999.00', '1e400', '300.001'])('rejects a signed notification with the amount %p as malformed (400)', (amount) => {
    expect(deliver(signed({ ...P5, sign: undefined, tradeNo, amount }))).toMatchObject({
      kind: 'rejected',
      problem: 'malformed',
      reason: expect.stringMatching(/^malformed.*amount/),
    });
  });

  it.each(['1e400', '-5', '100000000000000000000'])('rejects a signed notification with the JSON number amount %s as malformed (400)', (literal) => {
    const base = `message=SUCCESSplatFormTradeNo=p1status=0000timestamp=1724740395968tradeNo=${tradeNo}`;
    const sign = createHash('md5').update(`amount=${literal}` + base + SECRET).digest('hex');
    const raw = `{"status":"0000","message":"SUCCESS","platFormTradeNo":"p1","tradeNo":"${tradeNo}","amount":${literal},"timestamp":1724740395968,"sign":"${sign}"}`;
    expect(deliver(raw)).toMatchObject({ kind: 'rejected', problem: 'malformed', reason: expect.stringMatching(/^malformed.*amount/) });
  });

  it('answers the plain text OK', () => {
    expect(idn.callbackAck).toEqual({ status: 200, contentType: 'text/plain', body: 'OK' });
    expect(Buffer.from(idn.callbackAck.body)).toEqual(Buffer.from([0x4f, 0x4b]));
  });
});

/**
 * Moves the field after `key` (in signing order) into `key`'s value, as a relay can: the signed
 * string `k1=v1k2=v2` is the same, so the genuine sign still matches (issue 11).
 */
function shifted(fields: Record<string, unknown>, key: string): Record<string, unknown> {
  const keys = Object.keys(fields).sort();
  const next = keys[keys.indexOf(key) + 1];
  const { [next]: moved, ...rest } = fields;
  return { ...rest, [key]: `${String(fields[key])}${next}=${String(moved)}`, sign: payproSign(fields, SECRET) };
}

describe('parseCallback: fields are checked before use (issue 11)', () => {
  it.each([
    ['status', 'successTime', /status "0000successTime=2024-07-01 18:34:31"/],
    ['amount', 'message', /amount/],
    ['platFormTradeNo', 'remark', /platFormTradeNo/],
    ['remark', 'status', /status undefined/],
    ['timestamp', 'tradeNo', /tradeNo undefined/],
  ])('rejects a validly signed notification whose %s swallowed %s with 400', (key, _next, reason) => {
    const body = shifted({ ...OURS, remark: 'payout' }, key);
    expect(payproVerify(body, SECRET)).toBe(true);
    expect(deliver(body)).toMatchObject({ kind: 'rejected', problem: 'malformed', reason: expect.stringMatching(reason) });
  });

  it.each([
    ['0001', 'a pay-in status (partial payment)'],
    ['9999', 'an undocumented code'],
    ['SUCCESS', 'a word'],
    ['0000 ', 'a padded code'],
  ])('rejects status %p, %s, with 400', (status) => {
    expect(deliver(signed({ ...OURS, status }))).toMatchObject({ kind: 'rejected', problem: 'malformed', reason: expect.stringContaining('status') });
  });

  it('takes the documented failure codes by default, and the channel’s own list when given', () => {
    for (const status of ['00029', '00032', '0100019']) {
      expect(deliver(signed({ ...OURS, status }))).toMatchObject({ kind: 'verified', report: { status: PayoutStatus.FAILED, rawStatus: status } });
    }
    const own = provider(channel('http://127.0.0.1:9', { options: { failureCodes: ['9999'] } }), httpClient);
    expect(deliver(signed({ ...OURS, status: '9999' }), own)).toMatchObject({ kind: 'verified', report: { status: PayoutStatus.FAILED } });
    expect(deliver(signed({ ...OURS, status: '00029' }), own)).toMatchObject({ kind: 'rejected', problem: 'malformed' });
    expect(deliver(signed({ ...OURS, status: '0015' }), own)).toMatchObject({ kind: 'verified', report: { status: PayoutStatus.PROCESSING } });
  });

  it.each([
    ['a tradeNo that is not ours', { tradeNo: 'rgB36f2n9AElhTeY' }, 'tradeNo'],
    ['a tradeNo with a lowercase tail', { tradeNo: '20240701113431k7q2m9xr4t8w' }, 'tradeNo'],
    ['a tradeNo with an O, which our alphabet leaves out', { tradeNo: '20240701113431K7Q2M9XR4T8O' }, 'tradeNo'],
    ['a tradeNo one character short', { tradeNo: TRADE_NO.slice(0, -1) }, 'tradeNo'],
    ['no platFormTradeNo', { platFormTradeNo: undefined }, 'platFormTradeNo'],
    ['no amount', { amount: undefined }, 'amount'],
    ['a zero amount', { amount: '0' }, 'amount'],
    ['an amount with text', { amount: '300 IDR' }, 'amount'],
    ['a timestamp with text', { timestamp: '1724740395968Z' }, 'timestamp'],
    ['no timestamp', { timestamp: undefined }, 'timestamp'],
    ['a successTime that is no time', { successTime: '2024-13-01 18:34:31' }, 'successTime'],
  ])('rejects a signed notification with %s with 400', (_label, change, field) => {
    const outcome = deliver(signed({ ...OURS, ...change }));
    expect(outcome).toMatchObject({ kind: 'rejected', problem: 'malformed', reason: expect.stringMatching(new RegExp(`^malformed: ${field}`)) });
  });

  it('takes a notification without successTime (still processing)', () => {
    const { successTime: _s, ...processing } = { ...OURS, status: '0015' };
    expect(deliver(signed(processing))).toMatchObject({ kind: 'verified', report: { status: PayoutStatus.PROCESSING } });
  });
});

describe('numberLiterals', () => {
  it('keeps the source text of top-level numbers only', () => {
    const raw = ' { "a" : 200.00, "b":"1.50", "c":{"d":1.0,"e":"}"}, "f":[1,"]"], "g":-1e3 ,"h":true,"i\\"j":7}';
    expect(Object.fromEntries(numberLiterals(raw))).toEqual({ a: '200.00', g: '-1e3', 'i"j': '7' });
  });

  it('follows JSON.parse on duplicate keys: the last one wins', () => {
    expect(Object.fromEntries(numberLiterals('{"a":1.0,"a":"x","b":"y","b":2.50}'))).toEqual({ b: '2.50' });
  });
});
