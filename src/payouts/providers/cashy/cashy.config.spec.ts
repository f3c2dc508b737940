import { ChannelConfigError } from '../../domain/errors';
import { HttpClient } from '../http-client';
import { ChannelConfig } from '../payout-provider';
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
      },
    });
  });

  it('reads the options', () => {
    const parsed = parseCashyConfig({
      ...CHANNEL,
      options: { minAmount: '1', maxAmount: '5000.50', utcOffset: '+00:00', notFoundMessages: ['Order_not_exist'] },
    });
    expect('settings' in parsed && parsed.settings).toMatchObject({
      limits: { minMinor: 100, maxMinor: 500050 },
      utcOffsetMinutes: 0,
      notFoundMessages: ['Order_not_exist'],
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
