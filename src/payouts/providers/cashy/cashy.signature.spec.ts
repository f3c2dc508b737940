import { C1_BODY, C1_SIGN, C2_BODY, C2_SIGN, C3_BODY, C3_SIGN, TEST_API_KEY } from './__fixtures__/cashy.vectors';
import { cashySign, cashyVerify } from './cashy.signature';

describe('cashySign', () => {
  it.each([
    ['C1 payOut', C1_BODY, C1_SIGN],
    ['C2 nonce only', C2_BODY, C2_SIGN],
    ['C3 callback', C3_BODY, C3_SIGN],
  ])('matches vector %s', (_name, body, sign) => {
    expect(cashySign(body, TEST_API_KEY)).toBe(sign);
  });

  it('depends on every byte of the body and on the key', () => {
    expect(cashySign(C2_BODY.replace('4190026990', '4190026991'), TEST_API_KEY)).not.toBe(C2_SIGN);
    expect(cashySign(C2_BODY, 'OTHER_KEY')).not.toBe(C2_SIGN);
  });
});

describe('cashyVerify', () => {
  it('accepts the C3 callback sign in upper and lower case, from a Buffer or a string', () => {
    expect(cashyVerify(Buffer.from(C3_BODY), C3_SIGN, TEST_API_KEY)).toBe(true);
    expect(cashyVerify(Buffer.from(C3_BODY), C3_SIGN.toLowerCase(), TEST_API_KEY)).toBe(true);
    expect(cashyVerify(C3_BODY, C3_SIGN, TEST_API_KEY)).toBe(true);
  });

  it('hashes the exact bytes: re-serialized JSON of the same data does not verify', () => {
    const reserialized = JSON.stringify(JSON.parse(C3_BODY));
    expect(reserialized).not.toBe(C3_BODY);
    expect(cashyVerify(reserialized, C3_SIGN, TEST_API_KEY)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['another body', C2_SIGN],
    ['too short', C3_SIGN.slice(0, 31)],
    ['too long', `${C3_SIGN}0`],
    ['not hex', `${C3_SIGN.slice(0, 31)}Z`],
  ])('refuses a %s sign', (_name, sign) => {
    expect(cashyVerify(Buffer.from(C3_BODY), sign, TEST_API_KEY)).toBe(false);
  });

  it('refuses the right sign under another key', () => {
    expect(cashyVerify(Buffer.from(C3_BODY), C3_SIGN, 'OTHER_KEY')).toBe(false);
  });
});
