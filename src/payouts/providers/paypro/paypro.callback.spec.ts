import { createHash } from 'node:crypto';
import { PayoutStatus } from '../../domain/payout-status';
import { HttpClient } from '../http-client';
import { CallbackInput } from '../payout-provider';
import { SECRET, channel, provider } from './__fixtures__/paypro-gateway';
import { numberLiterals } from './paypro.callback';
import { payproSign } from './paypro.signature';

/** gateways.md 1.6 / vector P5: the notification example, signed with the test key. */
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
  it('verifies the P5 notification and reports the order', () => {
    const outcome = deliver(P5);
    expect(outcome.kind).toBe('verified');
    if (outcome.kind !== 'verified') return;
    expect(outcome.report).toEqual({
      tradeNo: '00000020',
      status: PayoutStatus.SUCCEEDED,
      rawStatus: '0000',
      providerReference: '5286e98841194687a95d25b5f3be346d',
      amountMinor: 3_000_000,
      completedAt: new Date('2024-07-01T11:34:31Z'),
    });
    expect(outcome.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
    expect(outcome.maskedBody).toMatchObject({ tradeNo: '00000020', sign: '[redacted]' });
  });

  it('reports a failure with its message', () => {
    const outcome = deliver(signed({ ...P5, sign: undefined, status: '00029', message: 'REJECTED_TRANSACTION' }));
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
    expect(outcome).toMatchObject({ kind: 'rejected', httpStatus: 401 });
  });

  it.each([['not json'], ['[1,2,3]'], ['"0000"'], ['null'], ['']])('rejects body %j with 400', (body) => {
    expect(deliver(body)).toMatchObject({ kind: 'rejected', httpStatus: 400 });
  });

  it('rejects a signed notification without tradeNo or status with 400', () => {
    const { tradeNo: _t, sign: _s, ...noTrade } = P5;
    expect(deliver(signed(noTrade))).toMatchObject({ kind: 'rejected', httpStatus: 400 });
    const { status: _st, sign: _s2, ...noStatus } = P5;
    expect(deliver(signed(noStatus))).toMatchObject({ kind: 'rejected', httpStatus: 400 });
  });

  it('signs a JSON number as written ("200.00"), and also accepts the parsed form ("200")', () => {
    const mx = provider(channel('http://127.0.0.1:9', { variant: 'mexico', currency: 'MXN' }), httpClient);
    const base = 'message=SUCCESSplatFormTradeNo=p1status=0000timestamp=1724740395968tradeNo=mx1';
    for (const amountText of ['amount=200.00', 'amount=200']) {
      const sign = createHash('md5').update(amountText + base + SECRET).digest('hex');
      const raw = `{"status":"0000","message":"SUCCESS","platFormTradeNo":"p1","tradeNo":"mx1","amount":200.00,"timestamp":1724740395968,"sign":"${sign}"}`;
      expect(deliver(raw, mx)).toMatchObject({ kind: 'verified', report: { amountMinor: 20_000 } });
    }
    const wrong = createHash('md5').update('amount=200.0' + base + SECRET).digest('hex');
    const raw = `{"status":"0000","message":"SUCCESS","platFormTradeNo":"p1","tradeNo":"mx1","amount":200.00,"timestamp":1724740395968,"sign":"${wrong}"}`;
    expect(deliver(raw, mx)).toMatchObject({ kind: 'rejected', httpStatus: 401 });
  });

  it('gives duplicates one dedupe key, even re-stamped, and other content another', () => {
    const first = deliver(P5);
    const again = deliver(JSON.stringify(P5, null, 2));
    const restamped = deliver(signed({ ...P5, sign: undefined, timestamp: 1724740999999 }));
    const processing = deliver(signed({ ...P5, sign: undefined, status: '0015' }));
    const keys = [first, again, restamped, processing].map((o) => (o.kind === 'verified' ? o.dedupeKey : o.reason));
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe(keys[0]);
    expect(keys[3]).not.toBe(keys[0]);
  });

  it('answers the plain text OK', () => {
    expect(idn.callbackAck).toEqual({ status: 200, contentType: 'text/plain', body: 'OK' });
    expect(Buffer.from(idn.callbackAck.body)).toEqual(Buffer.from([0x4f, 0x4b]));
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
