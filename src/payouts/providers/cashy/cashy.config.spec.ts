import { ChannelConfigError, FieldProblem } from '../../domain/errors';
import { HttpClient } from '../http-client';
import { ChannelConfig } from '../channel-config';
import { parseCashyConfig } from './cashy.config';
import { CashyProtocol } from './cashy.protocol';

const CHANNEL: ChannelConfig = {
  code: 'cashy-per',
  protocol: 'cashy',
  currency: 'PEN',
  baseUrl: 'https://api.example.com/',
  merchantId: '1002001',
  secret: 'TEST_API_KEY_123',
};

const REFUSAL_FORMAT = 'must be a list of messages such as "Sign_verify_error" or "Params_*_error" (* for a field name)';

describe('CashyProtocol config', () => {
  const protocol = new CashyProtocol();

  it('answers to "cashy" and accepts a minimal channel with documented defaults', () => {
    expect(protocol.names).toEqual(['cashy']);
    expect(protocol.checkConfig(CHANNEL)).toEqual([]);
    expect(parseCashyConfig(CHANNEL)).toEqual({
      settings: {
        baseUrl: 'https://api.example.com',
        merchantId: '1002001',
        apiKey: 'TEST_API_KEY_123',
        limits: { minMinor: 1000, maxMinor: 200000 },
        utcOffsetMinutes: -300,
        notFoundMessages: [],
        refusalMessages: [
          'Sign_verify_error',
          'MerchantId_is_null',
          'MerchantId_not_Number',
          'MerchantId_is_error',
          'Request_ip_notWhiteList',
          'RequestMethod_not_post',
          'RequestContentType_not_json',
          'RequestBody_is_null',
          'Params_jsonFormat_error',
          'Params_*_Required',
          'Params_*_error',
          'MERCHANT_BALANCE_NOT_ENOUGH',
        ],
      },
    });
  });

  it('reads the options', () => {
    const parsed = parseCashyConfig({
      ...CHANNEL,
      options: {
        minAmount: '1',
        maxAmount: '5000.50',
        utcOffset: '+00:00',
        notFoundMessages: ['Order_not_exist'],
        refusalMessages: ['Sign_verify_error', 'Params_*_invalid'],
      },
    });
    expect('settings' in parsed && parsed.settings).toMatchObject({
      limits: { minMinor: 100, maxMinor: 500050 },
      utcOffsetMinutes: 0,
      notFoundMessages: ['Order_not_exist'],
      refusalMessages: ['Sign_verify_error', 'Params_*_invalid'],
    });
  });

  it.each<[string, Partial<ChannelConfig>, string[]]>([
    ['no baseUrl', { baseUrl: undefined }, ['baseUrl']],
    ['a bad baseUrl', { baseUrl: 'ftp://x' }, ['baseUrl']],
    ['a relative baseUrl', { baseUrl: 'api/payOut' }, ['baseUrl']],
    ['no merchantId', { merchantId: '' }, ['merchantId']],
    ['a non-integer merchantId', { merchantId: 'M100' }, ['merchantId']],
    ['no secret', { secret: undefined }, ['secret']],
    ['another currency', { currency: 'MXN' }, ['currency']],
    ['a numeric minAmount', { options: { minAmount: 10 } }, ['options.minAmount']],
    ['a bad maxAmount', { options: { maxAmount: '20.001' } }, ['options.maxAmount']],
    ['min above max', { options: { minAmount: '50.00', maxAmount: '20.00' } }, ['options.minAmount']],
    ['a bad utcOffset', { options: { utcOffset: 'America/Lima' } }, ['options.utcOffset']],
    ['bad notFoundMessages', { options: { notFoundMessages: 'Order_not_exist' } }, ['options.notFoundMessages']],
    ['refusalMessages that are not a list', { options: { refusalMessages: 'Sign_verify_error' } }, ['options.refusalMessages']],
    ['a refusal message with a space', { options: { refusalMessages: ['Sign_verify_error '] } }, ['options.refusalMessages']],
    ['an empty refusal message', { options: { refusalMessages: [''] } }, ['options.refusalMessages']],
    ['a refusal pattern that is only a wildcard', { options: { refusalMessages: ['*'] } }, ['options.refusalMessages']],
    ['System_error as a refusal', { options: { refusalMessages: ['System_error'] } }, ['options.refusalMessages']],
    ['a refusal pattern matching System_error', { options: { refusalMessages: ['System_*'] } }, ['options.refusalMessages']],
    ['a retryable message as a refusal', { options: { refusalMessages: ['System_busy'] } }, ['options.refusalMessages']],
    ['an mchOrderNo message as a refusal', { options: { refusalMessages: ['Params_mchOrderNo_error'] } }, ['options.refusalMessages']],
  ])('reports %s', (_name, change, fields) => {
    expect(protocol.checkConfig({ ...CHANNEL, ...change }).map((p) => p.field)).toEqual(fields);
  });

  it('never puts the secret into a problem', () => {
    const problems = protocol.checkConfig({ ...CHANNEL, merchantId: 'x', baseUrl: 'bad', options: { utcOffset: 'x' } });
    expect(JSON.stringify(problems)).not.toContain(CHANNEL.secret);
  });

  it('refuses to build a provider for a bad channel', () => {
    const http = new HttpClient();
    expect(() => protocol.create({ ...CHANNEL, secret: '' }, { http, notifyUrl: 'https://x/cb' })).toThrow(ChannelConfigError);
    expect(protocol.create(CHANNEL, { http, notifyUrl: 'https://x/cb' }).channel).toBe(CHANNEL);
    http.close();
  });

  it.each<[string, Partial<ChannelConfig>, FieldProblem[]]>([
    ['no baseUrl', { baseUrl: undefined }, [{ field: 'baseUrl', problem: 'is required' }]],
    ['an empty baseUrl', { baseUrl: '' }, [{ field: 'baseUrl', problem: 'is required' }]],
    ['a baseUrl that is no http(s) URL', { baseUrl: 'ftp://x' }, [{ field: 'baseUrl', problem: 'must be an http(s) URL' }]],
    ['no merchantId', { merchantId: undefined }, [{ field: 'merchantId', problem: 'is required' }]],
    ['an empty merchantId', { merchantId: '' }, [{ field: 'merchantId', problem: 'is required' }]],
    ['a merchantId with digits, then more', { merchantId: '1002001x' }, [{ field: 'merchantId', problem: 'must be an integer' }]],
    ['no secret', { secret: undefined }, [{ field: 'secret', problem: 'is required (the Cashy API key)' }]],
    ['another currency', { currency: 'MXN' }, [{ field: 'currency', problem: 'must be PEN: this Cashy integration covers Peru' }]],
    ['an unknown option', { options: { minAmmount: '1.00' } }, [{ field: 'options.minAmmount', problem: expect.stringMatching(/^is not an option of cashy channels \(known: minAmount, maxAmount, /) }]],
    ['a numeric maxAmount', { options: { maxAmount: 2000 } }, [{ field: 'options.maxAmount', problem: 'must be a decimal string such as "10.00"' }]],
    ['a maxAmount with too many decimals', { options: { maxAmount: '20.001' } }, [{ field: 'options.maxAmount', problem: 'PEN allows at most 2 decimals' }]],
    ['min above max', { options: { minAmount: '50.00', maxAmount: '20.00' } }, [{ field: 'options.minAmount', problem: 'must not exceed options.maxAmount' }]],
    ['a zone name as utcOffset', { options: { utcOffset: 'America/Lima' } }, [{ field: 'options.utcOffset', problem: 'must be an offset such as "-05:00"' }]],
    ['a numeric utcOffset', { options: { utcOffset: -5 } }, [{ field: 'options.utcOffset', problem: 'must be an offset such as "-05:00"' }]],
    ['notFoundMessages that are not a list', { options: { notFoundMessages: 'Order_not_exist' } }, [{ field: 'options.notFoundMessages', problem: 'must be a list of non-empty strings' }]],
    ['an empty not-found message among good ones', { options: { notFoundMessages: ['Order_not_exist', ''] } }, [{ field: 'options.notFoundMessages', problem: 'must be a list of non-empty strings' }]],
    ['a not-found message that is no string', { options: { notFoundMessages: ['Order_not_exist', 404] } }, [{ field: 'options.notFoundMessages', problem: 'must be a list of non-empty strings' }]],
  ])('says what is wrong with %s', (_name, change, problems) => {
    expect(protocol.checkConfig({ ...CHANNEL, ...change })).toEqual(problems);
  });

  it.each<[string, unknown, string[]]>([
    ['a list with one bad message among good ones', ['Sign_verify_error', 'Params bankId error'], [REFUSAL_FORMAT]],
    ['a message with a leading space', [' Sign_verify_error'], [REFUSAL_FORMAT]],
    ['a message of digits only', ['400'], [REFUSAL_FORMAT]],
    ['a pattern with two wildcards in a row', ['Params_**_error'], [REFUSAL_FORMAT]],
    ['System_error', ['System_error'], ['System_error matches System_error, which does not say that no order was placed']],
    ['a pattern matching a retryable message', ['Sign_verify_error', 'System_*'], [
      'System_* matches System_error, which does not say that no order was placed',
    ]],
    ['System_Maintenance', ['System_Maintenance'], ['System_Maintenance matches System_Maintenance, which does not say that no order was placed']],
    ['an mchOrderNo message', ['Params_mchOrderNo_error'], ['Params_mchOrderNo_error is about mchOrderNo, which may mean a duplicate: never a refusal']],
  ])('says why refusalMessages cannot hold %s', (_name, refusalMessages, problems) => {
    expect(protocol.checkConfig({ ...CHANNEL, options: { refusalMessages } })).toEqual(problems.map((problem) => ({ field: 'options.refusalMessages', problem })));
  });

  it('takes a minimum equal to the maximum', () => {
    expect(parseCashyConfig({ ...CHANNEL, options: { minAmount: '20.00', maxAmount: '20.00' } })).toMatchObject({ settings: { limits: { minMinor: 2000, maxMinor: 2000 } } });
  });

  it('lists every problem of a channel at once', () => {
    expect(protocol.checkConfig({ ...CHANNEL, baseUrl: undefined, merchantId: 'M1', secret: '', currency: 'USD' }).map((p) => p.field)).toEqual([
      'baseUrl',
      'merchantId',
      'secret',
      'currency',
    ]);
  });
});
