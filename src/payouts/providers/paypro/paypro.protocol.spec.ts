import { Test } from '@nestjs/testing';
import { ChannelConfigError, FieldProblem } from '../../domain/errors';
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

const CODES_FORMAT = 'must be an array of codes (letters, digits, underscores), such as ["00029"]';

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

  it.each<[string, Partial<ChannelConfig>, FieldProblem[]]>([
    ['another protocol', { protocol: 'cashy' }, [{ field: 'protocol', problem: 'must be one of paypro, vexora' }]],
    ['no baseUrl', { baseUrl: undefined }, [{ field: 'baseUrl', problem: 'is required' }]],
    ['a baseUrl that is no http(s) URL', { baseUrl: 'ftp://paypro.tech' }, [{ field: 'baseUrl', problem: 'must be an http(s) URL' }]],
    ['no merchantId', { merchantId: '' }, [{ field: 'merchantId', problem: 'is required (the merchantNo header)' }]],
    ['no secret', { secret: undefined }, [{ field: 'secret', problem: 'is required (the app secret)' }]],
    ['an unknown variant', { variant: 'philippines' }, [{ field: 'variant', problem: 'must be one of bank, mexico' }]],
    ['paths that are not an object', { options: { paths: ['/x'] } }, [{ field: 'options.paths', problem: 'must be an object { payout, query, balance }' }]],
    ['an unknown path name', { options: { paths: { refund: '/v1/refund' } } }, [{ field: 'options.paths.refund', problem: 'is not a path name (payout, query, balance)' }]],
    ['a path that is no string', { options: { paths: { query: 42 } } }, [{ field: 'options.paths.query', problem: 'must be a path starting with "/"' }]],
    ['a relative path', { options: { paths: { balance: 'v1/queryBalance' } } }, [{ field: 'options.paths.balance', problem: 'must be a path starting with "/"' }]],
    ['an empty not-found code among good ones', { options: { notFoundCodes: ['1004', ''] } }, [{ field: 'options.notFoundCodes', problem: 'must be an array of non-empty strings' }]],
    ['an empty not-found code', { options: { notFoundCodes: [''] } }, [{ field: 'options.notFoundCodes', problem: 'must be an array of non-empty strings' }]],
    ['0000 as a not-found code', { options: { notFoundCodes: ['1004', '0000'] } }, [{ field: 'options.notFoundCodes', problem: 'must not contain 0000, which means success' }]],
    ['a refusal code with a space among good ones', { options: { refusalCodes: ['00029', '1 001'] } }, [{ field: 'options.refusalCodes', problem: CODES_FORMAT }]],
    ['0000 and 5000 as refusal codes', { options: { refusalCodes: ['0000', '1001', '5000'] } }, [
      { field: 'options.refusalCodes', problem: 'must not contain 0000, which means the request was taken' },
      { field: 'options.refusalCodes', problem: 'must not contain 5000, which is a system exception, which does not say that no order was placed' },
    ]],
    ['a failure code that is no string', { options: { failureCodes: ['00029', 29] } }, [{ field: 'options.failureCodes', problem: CODES_FORMAT }]],
    ['0000 and 0015 as failure codes', { options: { failureCodes: ['0015', '0000'] } }, [
      { field: 'options.failureCodes', problem: 'must not contain 0015, which means processing' },
      { field: 'options.failureCodes', problem: 'must not contain 0000, which means success' },
    ]],
    ['a utcOffset that is no offset', { options: { utcOffset: 7 } }, [{ field: 'options.utcOffset', problem: 'must be an offset such as "+07:00" or "-06:00"' }]],
    ['no utcOffset for a currency without a default', { currency: 'EGP' }, [
      { field: 'options.utcOffset', problem: 'is required for EGP (successTime is local time; no default for this currency)' },
    ]],
  ])('says what is wrong with %s', (_label, change, problems) => {
    expect(protocol.checkConfig({ ...valid, ...change })).toEqual(problems);
  });

  it('resolves the defaults of a minimal channel: Paypro paths, no not-found codes, the currency’s offset', () => {
    expect(resolvePayproSettings(valid)).toMatchObject({
      baseUrl: valid.baseUrl,
      merchantId: valid.merchantId,
      paths: { payout: '/v1/paypro/payOut', query: '/v1/paypro/queryPayOutResult', balance: '/v1/paypro/queryBalance' },
      notFoundCodes: [],
      utcOffsetMinutes: 420,
    });
    expect(resolvePayproSettings({ ...valid, protocol: 'vexora', options: { paths: { balance: '/v1/vexora/balance' } } }).paths).toEqual({
      payout: '/v1/vexora/disbursements',
      query: '/v1/vexora/queryPayOutResult',
      balance: '/v1/vexora/balance',
    });
  });
});
