import { HttpClient, HttpPost, HttpResult } from '../http-client';
import { C1_BODY, C1_NONCE, C1_NOTIFY_URL, C1_SIGN, C1_SUBMISSION, C2_BODY, C2_SIGN, TEST_API_KEY } from './__fixtures__/cashy.vectors';
import { checkPeruPayout, PeruPayee } from './cashy.rules';
import { buildPayOutBody, buildQueryBody, CashyClient, cashyNonce, isSuccess, readEnvelope } from './cashy.client';

const LIMITS = { minMinor: 1000, maxMinor: 200000 };

function payeeOf(submission = C1_SUBMISSION): PeruPayee {
  const check = checkPeruPayout(submission, LIMITS);
  if (!check.ok) throw new Error(JSON.stringify(check.problems));
  return check.payee;
}

describe('buildPayOutBody', () => {
  it('turns the C1 inputs and nonce into exactly the C1 body string', () => {
    const body = buildPayOutBody(payeeOf(), { mchOrderNo: C1_SUBMISSION.tradeNo, notifyUrl: C1_NOTIFY_URL, nonceStr: C1_NONCE });
    expect(JSON.stringify(body)).toBe(C1_BODY);
  });

  it('leaves absent optional fields out instead of sending null, and sends the given remark', () => {
    const submission = {
      ...C1_SUBMISSION,
      remark: 'salary',
      beneficiary: { ...C1_SUBMISSION.beneficiary, bankCode: '2', accountNumber: '1234567890123', cci: undefined, phone: '', email: undefined },
    };
    const text = JSON.stringify(buildPayOutBody(payeeOf(submission), { mchOrderNo: 'T1', notifyUrl: C1_NOTIFY_URL, nonceStr: '1' }));
    expect(text).not.toMatch(/cciAccountNo|phone|email|null/);
    expect(Object.keys(JSON.parse(text))).toEqual([
      'accountName', 'accountNo', 'accountType', 'amount', 'bankId', 'currency', 'idCard', 'idType', 'mchOrderNo', 'nonceStr', 'notifyUrl', 'remark',
    ]);
    expect(JSON.parse(text)).toMatchObject({ bankId: 2, accountType: 1, remark: 'salary', amount: '10.00' });
  });
});

describe('buildQueryBody', () => {
  it('sends mchOrderNo alone, or with orderNo when the platform number is known', () => {
    expect(JSON.stringify(buildQueryBody('PE1', undefined, '42'))).toBe('{"mchOrderNo":"PE1","nonceStr":"42"}');
    expect(JSON.stringify(buildQueryBody('PE1', 'PAYOUT9', '42'))).toBe('{"mchOrderNo":"PE1","orderNo":"PAYOUT9","nonceStr":"42"}');
  });
});

describe('cashyNonce', () => {
  it('is digits, at most 32 characters, and differs per call', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => cashyNonce()));
    expect(nonces.size).toBe(50);
    for (const n of nonces) expect(n).toMatch(/^\d{1,32}$/);
  });
});

describe('CashyClient', () => {
  const ACCOUNT = C1_SUBMISSION.beneficiary.accountNumber;
  /** A client whose HTTP calls all get `result`; `sent` holds what it was asked to post. */
  function clientAnswering(result: HttpResult) {
    const sent: HttpPost[] = [];
    const http = { post: async (call: HttpPost) => (sent.push(call), result) } as unknown as HttpClient;
    const client = new CashyClient(http, { baseUrl: 'https://api.example.com', merchantId: '1002001', apiKey: TEST_API_KEY, timeouts: { connectMs: 1_000 } });
    return { client, sent };
  }
  const response = (status: number, body: string): HttpResult => ({ kind: 'response', status, body, durationMs: 12 });

  it('posts the body it signed, as it signed it (vector C2), to the path under the base URL, with the channel’s timeouts', async () => {
    const { client, sent } = clientAnswering(response(200, '{"code":200,"msg":"SUCCESS","data":{"balance":"1.00"}}'));
    const call = await client.post('balance', '/api/getBalance', JSON.parse(C2_BODY), []);
    expect(sent).toEqual([
      {
        url: 'https://api.example.com/api/getBalance',
        headers: { 'Content-Type': 'application/json', MerchantId: '1002001', Sign: C2_SIGN },
        body: C2_BODY,
        timeouts: { connectMs: 1_000 },
      },
    ]);
    expect(call).toEqual({
      kind: 'answer',
      envelope: { code: '200', msg: 'SUCCESS', data: { balance: '1.00' } },
      exchange: { operation: 'balance', request: { nonceStr: '4190026990' }, response: { code: 200, msg: 'SUCCESS', data: { balance: '1.00' } }, httpStatus: 200, durationMs: 12 },
    });
  });

  it('signs vector C1 as C1_SIGN and records the request masked', async () => {
    const { client, sent } = clientAnswering(response(200, '{}'));
    const call = await client.post('submit', '/api/payOut', JSON.parse(C1_BODY), [ACCOUNT]);
    expect(sent[0].headers.Sign).toBe(C1_SIGN);
    expect(call.exchange.request).toMatchObject({ accountNo: '****************4321', cciAccountNo: '****************4321', idCard: '****5678' });
  });

  it('keeps the first 2,000 characters of an answer that is not JSON, without the key or the beneficiary’s numbers', async () => {
    const quoted = `<html>${ACCOUNT} ${TEST_API_KEY} 1234 `;
    const { client } = clientAnswering(response(200, quoted + 'x'.repeat(3_000)));
    const call = await client.post('submit', '/api/payOut', {}, [ACCOUNT, undefined, '1234']);
    expect(call).toMatchObject({ kind: 'answer', envelope: undefined });
    expect(call.exchange.response).toBe('<html>****************4321 [redacted] 1234 ' + 'x'.repeat(2_000 - quoted.length));
  });

  it('masks the beneficiary’s numbers wherever a JSON answer quotes them', async () => {
    const { client } = clientAnswering(response(200, JSON.stringify({ code: 400, msg: `Params_accountNo_error: ${ACCOUNT}` })));
    const call = await client.post('submit', '/api/payOut', {}, [ACCOUNT]);
    expect(call.exchange.response).toEqual({ code: 400, msg: 'Params_accountNo_error: ****************4321' });
  });

  it('fails an HTTP 500 or more as unknown (a proxy may stand before a gateway that took the order), and reads a 499', async () => {
    expect(await clientAnswering(response(500, '{"code":500,"msg":"System_error"}')).client.post('submit', '/api/payOut', {}, [])).toMatchObject({
      kind: 'failed',
      sent: 'unknown',
      reason: 'HTTP 500',
      exchange: { httpStatus: 500, response: { code: 500, msg: 'System_error' } },
    });
    expect(await clientAnswering(response(499, '{"code":400,"msg":"Sign_verify_error"}')).client.post('submit', '/api/payOut', {}, [])).toMatchObject({
      kind: 'answer',
      envelope: { code: '400', msg: 'Sign_verify_error' },
    });
  });

  it.each<['not_sent' | 'unknown']>([['not_sent'], ['unknown']])('passes on a %s call, its error scrubbed', async (kind) => {
    const { client } = clientAnswering({ kind, error: `socket hang up ${TEST_API_KEY} ${ACCOUNT}`, durationMs: 7 });
    expect(await client.post('query', '/api/payOutQuery', { mchOrderNo: 'PE1' }, [ACCOUNT])).toEqual({
      kind: 'failed',
      sent: kind,
      reason: 'socket hang up [redacted] ****************4321',
      exchange: { operation: 'query', request: { mchOrderNo: 'PE1' }, durationMs: 7 },
    });
  });
});

describe('readEnvelope', () => {
  it('reads code 200 or "200" (trimmed) alike, a missing msg as empty, and passes data on', () => {
    expect(readEnvelope({ code: 200, msg: 'SUCCESS', data: [1] })).toEqual({ code: '200', msg: 'SUCCESS', data: [1] });
    expect(readEnvelope({ code: ' 200 ', msg: 7 })).toEqual({ code: '200', msg: '', data: undefined });
    expect(isSuccess(readEnvelope({ code: ' 200 ' })!)).toBe(true);
    expect(isSuccess(readEnvelope({ code: 400, msg: 'SUCCESS' })!)).toBe(false);
  });

  it.each<[string, Record<string, unknown> | undefined]>([
    ['no answer', undefined],
    ['no code', { msg: 'SUCCESS' }],
    ['a code that is neither number nor text', { code: true, msg: 'SUCCESS' }],
    ['a null code', { code: null }],
  ])('finds no envelope in %s', (_name, json) => {
    expect(readEnvelope(json)).toBeUndefined();
  });
});
