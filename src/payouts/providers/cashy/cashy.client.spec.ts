import { C1_BODY, C1_NONCE, C1_NOTIFY_URL, C1_SUBMISSION } from './__fixtures__/cashy.vectors';
import { checkPeruPayout, PeruPayee } from './cashy.rules';
import { buildPayOutBody, buildQueryBody, cashyNonce } from './cashy.client';

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
