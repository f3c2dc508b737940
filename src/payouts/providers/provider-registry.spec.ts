import { ChannelConfigError, FieldProblem, UnknownChannelError } from '../domain/errors';
import { GatewayCall } from '../observability/gateway-call';
import { CashyProtocol } from './cashy/cashy.protocol';
import { FakePayoutProtocol } from './fake/fake.protocol';
import { HttpClient } from './http-client';
import { ChannelConfig } from './channel-config';
import { PayoutProtocol, ProtocolContext } from './payout-protocol';
import { PayoutProvider } from './payout-provider';
import { PayoutProviderRegistry } from './provider-registry';
import { PayproProtocol } from './paypro/paypro.protocol';

/** A protocol that records what the registry asks of it and builds providers that only carry their channel. */
function stubProtocol(names: string[], problems: FieldProblem[] = []) {
  const created: { channel: ChannelConfig; context: ProtocolContext; provider: PayoutProvider }[] = [];
  const checked: ChannelConfig[] = [];
  const protocol: PayoutProtocol = {
    names,
    checkConfig: (channel) => {
      checked.push(channel);
      return problems;
    },
    create: (channel, context) => {
      const provider = { channel, submit: async () => ({ kind: 'not_sent', reason: 'stub', exchange: { operation: 'submit', durationMs: 3 } }) };
      created.push({ channel, context, provider: provider as unknown as PayoutProvider });
      return provider as unknown as PayoutProvider;
    },
  };
  return { protocol, created, checked };
}

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

  it('throws a clear error for an unknown code on longestCallMs too, and lists no channels when there are none', () => {
    expect(() => build([paypro]).longestCallMs('cashy-per')).toThrow('Unknown payout channel "cashy-per"; configured channels: paypro-idn');
    expect(() => build([]).get('paypro-idn')).toThrow('Unknown payout channel "paypro-idn"; configured channels: (none)');
  });

  it('refuses two protocols that answer to the same name', () => {
    const twice = [new PayproProtocol(), stubProtocol(['fake', 'vexora']).protocol];
    expect(() => new PayoutProviderRegistry([], twice, http, () => '')).toThrow('Two payout protocols answer to the name "vexora"');
  });

  it.each<[string, unknown[], string]>([
    ['a channel without code, by its place in the list', [paypro, { protocol: 'fake', currency: 'IDR' }], 'Payout channel "#1": code must be kebab-case letters and digits, e.g. "paypro-idn"'],
    ['an empty entry, by its place in the list', [null], 'Payout channel "#0": code must be kebab-case letters and digits, e.g. "paypro-idn"'],
    ['an unknown protocol, with the known ones', [{ ...paypro, protocol: 'payfast' }], 'Payout channel "paypro-idn": protocol "payfast" is unknown; known: paypro, vexora, cashy, fake'],
  ])('names %s', (_, channels, message) => {
    expect(() => build(channels as ChannelConfig[])).toThrow(ChannelConfigError);
    expect(() => build(channels as ChannelConfig[])).toThrow(message);
  });

  it('lists every problem the protocol finds, the first one’s field first', () => {
    const { protocol } = stubProtocol(['stub'], [
      { field: 'merchantId', problem: 'is required' },
      { field: 'secret', problem: 'is required' },
      { field: 'options.utcOffset', problem: 'must be an offset' },
    ]);
    const make = () => new PayoutProviderRegistry([{ code: 'stub-idr', protocol: 'stub', currency: 'IDR' }], [protocol], http, () => '');
    expect(make).toThrow(ChannelConfigError);
    expect(make).toThrow(
      expect.objectContaining({
        field: 'merchantId',
        message: 'Payout channel "stub-idr": merchantId is required; secret is required; options.utcOffset must be an offset',
      }),
    );
  });

  it('checks the currency before the protocol sees the channel, then builds each provider with the shared client and its own callback URL', () => {
    const stub = stubProtocol(['stub']);
    const channels: ChannelConfig[] = [
      { code: 'stub-idr', protocol: 'stub', currency: 'IDR' },
      { code: 'stub-pen', protocol: 'stub', currency: 'PEN' },
    ];
    const sut = new PayoutProviderRegistry(channels, [stub.protocol], http, (code) => `https://host/payouts/webhooks/${code}`);
    expect(stub.checked).toEqual(channels);
    expect(stub.created.map((c) => [c.channel.code, c.context.notifyUrl])).toEqual([
      ['stub-idr', 'https://host/payouts/webhooks/stub-idr'],
      ['stub-pen', 'https://host/payouts/webhooks/stub-pen'],
    ]);
    expect(stub.created.every((c) => c.context.http === http)).toBe(true);
    expect(sut.all().map((p) => p.channel.code)).toEqual(['stub-idr', 'stub-pen']);
    expect(sut.has('stub-pen')).toBe(true);

    expect(() => new PayoutProviderRegistry([{ code: 'stub-zzz', protocol: 'stub', currency: 'ZZZ' }], [stub.protocol], http, () => '')).toThrow(
      'Payout channel "stub-zzz": currency "ZZZ" is not a supported ISO currency',
    );
    expect(stub.checked).toHaveLength(2);
  });

  it('gives each channel’s longest call as its connect plus response timeout, the defaults filling in', () => {
    const sut = build([
      { ...paypro, code: 'paypro-a', timeouts: { connectMs: 2_000, responseMs: 10_000 } },
      { ...paypro, code: 'paypro-b', timeouts: { responseMs: 1_000 } },
      { ...paypro, code: 'paypro-c' },
    ]);
    expect(['paypro-a', 'paypro-b', 'paypro-c'].map((code) => sut.longestCallMs(code))).toEqual([12_000, 6_000, 35_000]);
  });

  it('tells the listener of every gateway call when one is given, and hands out the protocol’s provider as it is otherwise', async () => {
    const stub = stubProtocol(['stub']);
    const calls: GatewayCall[] = [];
    const channels: ChannelConfig[] = [{ code: 'stub-idr', protocol: 'stub', currency: 'IDR' }];
    const observed = new PayoutProviderRegistry(channels, [stub.protocol], http, () => '', (call) => calls.push(call));
    await observed.get('stub-idr').submit({ tradeNo: 'T1', amountMinor: 1, currency: 'IDR', beneficiary: { name: 'x', accountNumber: '1' } });
    expect(calls).toEqual([expect.objectContaining({ channel: 'stub-idr', operation: 'submit', outcome: 'not_sent', answered: false, reason: 'stub' })]);

    const plain = new PayoutProviderRegistry(channels, [stub.protocol], http, () => '');
    expect(observed.get('stub-idr')).not.toBe(stub.created[0].provider);
    expect(plain.get('stub-idr')).toBe(stub.created[1].provider);
  });
});
