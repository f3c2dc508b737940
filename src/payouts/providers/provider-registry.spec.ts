import { ChannelConfigError, UnknownChannelError } from '../domain/errors';
import { CashyProtocol } from './cashy/cashy.protocol';
import { FakePayoutProtocol } from './fake/fake.protocol';
import { HttpClient } from './http-client';
import { ChannelConfig } from './channel-config';
import { PayoutProviderRegistry } from './provider-registry';
import { PayproProtocol } from './paypro/paypro.protocol';

const protocols = [new PayproProtocol(), new CashyProtocol(), new FakePayoutProtocol()];
const http = new HttpClient();
const build = (channels: ChannelConfig[]) => new PayoutProviderRegistry(channels, protocols, http, (code) => `https://host/payouts/webhooks/${code}`);
const paypro: ChannelConfig = {
  code: 'paypro-idn', protocol: 'paypro', currency: 'IDR', baseUrl: 'https://gw.example', merchantId: 'M1', secret: 's3cret',
};

describe(PayoutProviderRegistry.name, () => {
  afterAll(() => http.close());

  it('resolves each channel by code, with its protocol', () => {
    const sut = build([paypro, { code: 'fake-idr', protocol: 'fake', currency: 'IDR' }]);
    expect(sut.codes()).toEqual(['paypro-idn', 'fake-idr']);
    expect(sut.get('paypro-idn').channel.protocol).toBe('paypro');
    expect(sut.has('nope')).toBe(false);
  });

  it('throws a clear error for an unknown code', () => {
    const sut = build([paypro]);
    expect(() => sut.get('cashy-per')).toThrow(UnknownChannelError);
    expect(() => sut.get('cashy-per')).toThrow('Unknown payout channel "cashy-per"; configured channels: paypro-idn');
  });

  it.each<[string, ChannelConfig[], string]>([
    ['a duplicate code', [paypro, paypro], 'Payout channel "paypro-idn": code is used by more than one channel'],
    ['an unknown protocol', [{ ...paypro, protocol: 'payfast' }], 'Payout channel "paypro-idn": protocol "payfast" is unknown'],
    ['a missing secret', [{ ...paypro, secret: undefined }], 'Payout channel "paypro-idn": secret'],
    ['a missing merchant id', [{ ...paypro, merchantId: '' }], 'Payout channel "paypro-idn": merchantId'],
    ['a bad base URL', [{ ...paypro, baseUrl: 'not a url' }], 'Payout channel "paypro-idn": baseUrl'],
    ['an unknown currency', [{ ...paypro, currency: 'ZZZ' }], 'Payout channel "paypro-idn": currency "ZZZ" is not a supported ISO currency'],
    ['a code that is not kebab-case', [{ ...paypro, code: 'Paypro IDN' }], 'Payout channel "Paypro IDN": code must be kebab-case'],
    ['a Cashy channel without API key', [{ code: 'cashy-per', protocol: 'cashy', currency: 'PEN', baseUrl: 'https://c.example', merchantId: '1002001' }], 'Payout channel "cashy-per": secret'],
  ])('stops the boot on %s, naming the channel and field', (_, channels, message) => {
    expect(() => build(channels)).toThrow(ChannelConfigError);
    expect(() => build(channels)).toThrow(message);
  });
});
