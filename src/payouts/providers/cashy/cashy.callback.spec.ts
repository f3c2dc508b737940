import { CallbackInput } from '../payout-provider';
import { C3_BODY, C3_MERCHANT_ID, C3_OURS_BODY as OURS, C3_OURS_REPORT, C3_SIGN, TEST_API_KEY } from './__fixtures__/cashy.vectors';
import { parseCashyCallback } from './cashy.callback';
import { cashySign } from './cashy.signature';

const CONTEXT = { merchantId: C3_MERCHANT_ID, apiKey: TEST_API_KEY, currency: 'PEN', utcOffsetMinutes: -300 };

/** A delivery of `body`, signed with the test key unless a Sign header is given; MerchantId is C3's unless given. */
function delivery(body: string, headers: CallbackInput['headers'] = {}): CallbackInput {
  return { headers: { sign: cashySign(body, TEST_API_KEY), merchantid: C3_MERCHANT_ID, ...headers }, rawBody: Buffer.from(body) };
}
const parse = (body: string, headers?: CallbackInput['headers']) => parseCashyCallback(delivery(body, headers), CONTEXT);
const withField = (field: string, value: unknown) => JSON.stringify({ ...JSON.parse(OURS), [field]: value });

describe('parseCashyCallback', () => {
  it('verifies vector C3’s Sign over its exact bytes before reading it', () => {
    // C3's own mchOrderNo is not of our format: past the signature, it is refused for that alone.
    expect(parse(C3_BODY, { sign: C3_SIGN })).toMatchObject({ kind: 'rejected', problem: 'malformed', reason: 'malformed: mchOrderNo "PE20250101000001" is not a trade number of ours' });
  });

  it('verifies a signed callback about an order of ours and reports it, with the body kept masked', () => {
    const body = withField('accountNo', '00219400254640654321');
    expect(parse(body)).toEqual({ kind: 'verified', report: C3_OURS_REPORT, maskedBody: { ...JSON.parse(OURS), accountNo: '****************4321' } });
  });

  it.each<[string, CallbackInput['headers'], string]>([
    ['no Sign header', { sign: undefined }, 'missing Sign header'],
    ['an empty Sign header', { sign: '' }, 'missing Sign header'],
    ['a Sign over other bytes', { sign: C3_SIGN }, 'Sign does not match the body'],
    ['a Sign made with another key', { sign: cashySign(OURS, 'OTHER_KEY') }, 'Sign does not match the body'],
    ['another MerchantId header', { merchantid: '1002002' }, 'MerchantId header does not match this channel'],
    ['no MerchantId header', { merchantid: undefined }, 'MerchantId header does not match this channel'],
  ])('rejects a callback with %s as forged, saying so, and keeps its body masked', (_name, headers, reason) => {
    const body = withField('accountNo', '00219400254640654321');
    expect(parse(body, headers)).toEqual({ kind: 'rejected', problem: 'forged', reason, maskedBody: { ...JSON.parse(OURS), accountNo: '****************4321' } });
  });

  it('takes the first of a repeated header', () => {
    const good = cashySign(OURS, TEST_API_KEY);
    expect(parse(OURS, { sign: [good, C3_SIGN] })).toMatchObject({ kind: 'verified' });
    expect(parse(OURS, { sign: [C3_SIGN, good] })).toMatchObject({ kind: 'rejected', reason: 'Sign does not match the body' });
    expect(parse(OURS, { merchantid: ['1002002', C3_MERCHANT_ID] })).toMatchObject({ kind: 'rejected', reason: 'MerchantId header does not match this channel' });
  });

  it('checks the signature before anything else: an unsigned body that is not JSON is forged, a signed one malformed, neither with a body kept', () => {
    expect(parseCashyCallback({ headers: { merchantid: C3_MERCHANT_ID }, rawBody: Buffer.from('<html>') }, CONTEXT)).toStrictEqual({
      kind: 'rejected',
      problem: 'forged',
      reason: 'missing Sign header',
    });
    expect(parse('[]')).toStrictEqual({ kind: 'rejected', problem: 'malformed', reason: 'body is not a JSON object' });
  });

  it('rejects a signed body naming another merchant as forged, and takes one naming ours as a number, as null or not at all', () => {
    expect(parse(withField('merchantId', '1002002'))).toMatchObject({ kind: 'rejected', problem: 'forged', reason: 'merchantId does not match this channel' });
    for (const merchantId of [1002001, null, undefined]) expect(parse(withField('merchantId', merchantId))).toMatchObject({ kind: 'verified' });
  });

  it.each<[string, unknown]>([
    ['an undocumented orderStatus', 'PAID'],
    ['an orderStatus that is no string', 4],
    ['an orderStatus that names a property of every object', 'toString'],
  ])('rejects %s as malformed, listing the documented ones', (_name, orderStatus) => {
    expect(parse(withField('orderStatus', orderStatus))).toMatchObject({
      kind: 'rejected',
      problem: 'malformed',
      reason: `malformed: orderStatus ${JSON.stringify(orderStatus)} is not one of PROCESSING, WAITING, PAYING, SUCCESS, FAIL, CANCEL`,
    });
  });

  it.each<[string, string, string]>([
    ['no mchOrderNo', withField('mchOrderNo', undefined), 'mchOrderNo is missing'],
    ['an empty mchOrderNo', withField('mchOrderNo', ''), 'mchOrderNo is missing'],
    ['a zero amount', withField('amount', 0), 'malformed amount: 0 is not a positive amount'],
    ['no amount', withField('amount', undefined), 'malformed amount: undefined is not a positive amount'],
  ])('rejects a signed callback with %s as malformed, saying why', (_name, body, reason) => {
    expect(parse(body)).toMatchObject({ kind: 'rejected', problem: 'malformed', reason });
  });

  it('passes on why the order itself cannot be read', () => {
    expect(parse(withField('fee', '-5.00'))).toMatchObject({ kind: 'rejected', problem: 'malformed', reason: expect.stringMatching(/^malformed fee: /) });
  });
});
