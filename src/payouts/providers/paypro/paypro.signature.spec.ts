import { createHash } from 'node:crypto';
import { payproSign, payproSigningString, payproVerify } from './paypro.signature';

// docs/gateways.md 4: the Vexora Nigeria sandbox secret, used only as an offline test key.
const KEY = 'dbecac55466b4958a2d06069fcf49e18';

/** docs/gateways.md, source 000: payout example, without its (unreproducible) sample sign. */
const P1_FIELDS = {
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

describe('payproSign: docs/gateways.md 4 vectors', () => {
  it('P1: source 000 payout example', () => {
    expect(payproSigningString(P1_FIELDS)).toBe(
      'amount=500bankAccountNo=123456789bankCode=0001customerName=kevinemail=kevin@gmail.commobile=15875595997' +
        'notifyUrl=http://www.google.comremark=remarktimestamp=1748248240605tradeNo=rgB36f2n9AElhTeY',
    );
    expect(payproSign(P1_FIELDS, KEY)).toBe('c078b1b9904e913a42ea108fcc824514');
  });

  it('P2: source 002 Mexico example (values as in the vector)', () => {
    const fields = {
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
    expect(payproSign(fields, KEY)).toBe('52cb11a77a59b318221095201f3cba44');
  });

  it('P3: source 003 query example, its sample sign field excluded', () => {
    const fields = { sign: 'ee5c512fe36fed2afe2d36ab248e0eb8', timestamp: '1728613320708', tradeNo: 'test_00000002' };
    expect(payproSigningString(fields)).toBe('timestamp=1728613320708tradeNo=test_00000002');
    expect(payproSign(fields, KEY)).toBe('bf0e0b049174b1fbc55e851ba47ad860');
  });

  it('P4: balance', () => {
    expect(payproSign({ timestamp: '1724151084278' }, KEY)).toBe('968075cd818792c843a132c7473b5918');
  });

  it('P5: notification example', () => {
    const fields = {
      status: '0000',
      message: 'SUCCESS',
      platFormTradeNo: '5286e98841194687a95d25b5f3be346d',
      tradeNo: '00000020',
      amount: '30000',
      successTime: '2024-07-01 18:34:31',
      timestamp: 1724740395968,
    };
    expect(payproSign(fields, KEY)).toBe('2fb06a6f1fad4b5ad550cc5ecf284e0f');
  });

  it.each([
    ['empty string', ''],
    ['null', null],
    ['undefined', undefined],
  ])('P6: P1 with remark %s is signed without remark', (_label, remark) => {
    expect(payproSign({ ...P1_FIELDS, remark }, KEY)).toBe('8de54ba0f9d7652579aab19512e2bb54');
  });

  it('sorts by UTF-16 code unit, uppercase before lowercase, and appends the secret with no separator', () => {
    expect(payproSigningString({ b: '1', B: '2', a: '3', _: '4' })).toBe('B=2_=4a=3b=1');
    const expected = createHash('md5').update('B=2a=3b=1' + 'k', 'utf8').digest('hex');
    expect(payproSign({ b: '1', B: '2', a: '3' }, 'k')).toBe(expected);
  });

  it('hashes UTF-8 and outputs lowercase hex', () => {
    const sign = payproSign({ customerName: 'José Ñúñez' }, KEY);
    expect(sign).toBe(createHash('md5').update(Buffer.from(`customerName=José Ñúñez${KEY}`, 'utf8')).digest('hex'));
    expect(sign).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('payproVerify', () => {
  const signed = { ...P1_FIELDS, sign: 'c078b1b9904e913a42ea108fcc824514' };

  it('accepts the right sign, in either hex case', () => {
    expect(payproVerify(signed, KEY)).toBe(true);
    expect(payproVerify({ ...signed, sign: signed.sign.toUpperCase() }, KEY)).toBe(true);
  });

  it.each([
    ['a tampered amount', { ...signed, amount: '5000' }],
    ['a tampered account', { ...signed, bankAccountNo: '123456780' }],
    ['an added field', { ...signed, extra: 'x' }],
    ['a truncated sign', { ...signed, sign: signed.sign.slice(0, 31) }],
    ['a missing sign', { ...P1_FIELDS }],
    ['an empty sign', { ...signed, sign: '' }],
  ])('rejects %s', (_label, fields) => {
    expect(payproVerify(fields, KEY)).toBe(false);
  });

  it('rejects a sign made with another secret', () => {
    expect(payproVerify({ ...P1_FIELDS, sign: payproSign(P1_FIELDS, 'other-secret') }, KEY)).toBe(false);
  });

  it('accepts both readings of a null: skipped (ours) and the text "null" (Java String.valueOf)', () => {
    const fields = { tradeNo: 't1', status: '0015', successTime: null };
    const skipped = payproSign({ tradeNo: 't1', status: '0015' }, KEY);
    const javaText = createHash('md5').update(`status=0015successTime=nulltradeNo=t1${KEY}`).digest('hex');
    expect(payproVerify({ ...fields, sign: skipped }, KEY)).toBe(true);
    expect(payproVerify({ ...fields, sign: javaText }, KEY)).toBe(true);
    expect(payproVerify({ tradeNo: 't1', status: '0015', sign: javaText }, KEY)).toBe(false);
  });
});
