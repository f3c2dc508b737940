import { ChannelConfigError } from '../../domain/errors';
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
});
