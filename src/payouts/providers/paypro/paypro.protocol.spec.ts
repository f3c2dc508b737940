import { Test } from '@nestjs/testing';
import { ChannelConfigError } from '../../domain/errors';
import { HttpClient } from '../http-client';
import { ChannelConfig } from '../channel-config';
import { resolvePayproSettings } from './paypro.config';
import { PayproProtocol } from './paypro.protocol';
import { PayproProvider } from './paypro.provider';

const valid: ChannelConfig = {
  code: 'paypro-idn',
  protocol: 'paypro',
  currency: 'IDR',
  baseUrl: 'https://openapi-test.paypro.tech/indonesia-pay',
  merchantId: '8729248847',
  secret: 'dbecac55466b4958a2d06069fcf49e18',
};

const protocol = new PayproProtocol();
const fieldsOf = (config: ChannelConfig) => protocol.checkConfig(config).map((p) => p.field);

describe('PayproProtocol', () => {
  it('answers to paypro and vexora and is a Nest provider constructible without arguments', async () => {
    const moduleRef = await Test.createTestingModule({ providers: [PayproProtocol] }).compile();
    expect(moduleRef.get(PayproProtocol).names).toEqual(['paypro', 'vexora']);
  });

  it.each([
    ['the minimal paypro channel', valid],
    ['a vexora Mexico channel with every option', {
      ...valid,
      protocol: 'vexora',
      variant: 'mexico',
      currency: 'MXN',
      options: {
        paths: { payout: '/x', query: '/y', balance: '/z' },
        notFoundCodes: ['1004'],
        refusalCodes: ['1001', '00029'],
        failureCodes: ['00029', 'E_FAILED'],
        utcOffset: '-06:00',
      },
    }],
    ['a currency without a default offset, given one', { ...valid, currency: 'EGP', options: { utcOffset: '+03:00' } }],
  ])('finds no problem with %s', (_label, config) => {
    expect(protocol.checkConfig(config)).toEqual([]);
  });

  it.each([
    ['baseUrl', { baseUrl: undefined }],
    ['baseUrl', { baseUrl: 'not a url' }],
    ['baseUrl', { baseUrl: 'ftp://paypro.tech' }],
    ['merchantId', { merchantId: '' }],
    ['secret', { secret: undefined }],
    ['variant', { variant: 'philippines' }],
    ['protocol', { protocol: 'cashy' }],
    ['currency', { currency: 'XXX', options: { utcOffset: '+00:00' } }],
    ['options.paths', { options: { paths: '/v1/paypro/payOut' } }],
    ['options.paths.payout', { options: { paths: { payout: 'v1/payOut' } } }],
    ['options.paths.refund', { options: { paths: { refund: '/v1/refund' } } }],
    ['options.notFoundCodes', { options: { notFoundCodes: '1004' } }],
    ['options.notFoundCodes', { options: { notFoundCodes: [1004] } }],
    ['options.notFoundCodes', { options: { notFoundCodes: ['0000'] } }],
    ['options.refusalCodes', { options: { refusalCodes: '00029' } }],
    ['options.refusalCodes', { options: { refusalCodes: [29] } }],
    ['options.refusalCodes', { options: { refusalCodes: ['00029 '] } }],
    ['options.refusalCodes', { options: { refusalCodes: [''] } }],
    ['options.refusalCodes', { options: { refusalCodes: ['0000'] } }],
    ['options.refusalCodes', { options: { refusalCodes: ['5000'] } }],
    ['options.failureCodes', { options: { failureCodes: '00029' } }],
    ['options.failureCodes', { options: { failureCodes: ['00029,00032'] } }],
    ['options.failureCodes', { options: { failureCodes: ['0000'] } }],
    ['options.failureCodes', { options: { failureCodes: ['0015'] } }],
    ['options.utcOffset', { options: { utcOffset: '+7' } }],
    ['options.utcOffset', { options: { utcOffset: '+15:00' } }],
    ['options.utcOffset', { currency: 'EGP' }],
  ])('reports %s for %j', (field, change) => {
    expect(fieldsOf({ ...valid, ...change } as ChannelConfig)).toEqual([field]);
  });

  it('defaults refusalCodes and failureCodes to the documented codes, and takes a channel’s own', () => {
    expect(resolvePayproSettings(valid)).toMatchObject({ refusalCodes: ['00029', '0100019'], failureCodes: ['00029', '00032', '0100019'] });
    const own = resolvePayproSettings({ ...valid, options: { refusalCodes: ['1001'], failureCodes: [] } });
    expect(own).toMatchObject({ refusalCodes: ['1001'], failureCodes: [] });
  });

  it('never echoes the secret', () => {
    const problems = protocol.checkConfig({ ...valid, baseUrl: 'nope', options: { utcOffset: valid.secret } });
    expect(JSON.stringify(problems)).not.toContain(valid.secret);
  });

  it('creates a provider for a valid channel and refuses a broken one', () => {
    const http = new HttpClient();
    const context = { http, notifyUrl: 'https://merchant.example.com/hook' };
    expect(protocol.create(valid, context)).toBeInstanceOf(PayproProvider);
    expect(() => protocol.create({ ...valid, secret: '' }, context)).toThrow(ChannelConfigError);
    http.close();
  });
});
