import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { GatewayUnavailableError } from '../../domain/errors';
import { PayoutStatus } from '../../domain/payout-status';
import { HttpClient } from '../http-client';
import { ChannelConfig } from '../channel-config';
import { PayoutProvider } from '../payout-provider';
import { C1_BODY, C1_SUBMISSION, C3_BODY, C3_MERCHANT_ID, C3_OURS_BODY as OURS, C3_OURS_REPORT, C3_SIGN, OUR_TRADE_NO as TRADE_NO, TEST_API_KEY } from './__fixtures__/cashy.vectors';
import { PERU_BANKS } from './cashy.banks';
import { parseCashyConfig } from './cashy.config';
import { CashyProtocol } from './cashy.protocol';
import { CashyProvider } from './cashy.provider';

const NOTIFY_URL = 'https://merchant.example.com/webhooks/cashy/payout';


/** What the fake gateway saw of one request. */
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
}

type Reply = { status?: number; body: string | object };

/**
 * A tiny Cashy: checks the Sign header like the gateway (MD5 of the raw body + key, computed here
 * independently) and answers Sign_verify_error when it does not match; otherwise plays the queued reply.
 */
class FakeCashy {
  readonly received: Received[] = [];
  readonly replies: Reply[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      this.received.push({ path: req.url ?? '', headers: req.headers, raw: raw.toString('utf8') });
      const expected = createHash('md5').update(Buffer.concat([raw, Buffer.from(TEST_API_KEY)])).digest('hex').toUpperCase();
      const reply: Reply =
        req.headers.sign === expected ? (this.replies.shift() ?? { body: { code: 500, msg: 'System_error' } }) : { body: { code: 400, msg: 'Sign_verify_error' } };
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('CashyProvider against a fake gateway', () => {
  const httpClient = new HttpClient();
  const gateway = new FakeCashy();
  let channel: ChannelConfig;
  let provider: PayoutProvider;

  function providerWith(change: Partial<ChannelConfig>, nonce?: () => string): PayoutProvider {
    const ch = { ...channel, ...change };
    const parsed = parseCashyConfig(ch);
    if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
    return new CashyProvider(ch, parsed.settings, { http: httpClient, notifyUrl: NOTIFY_URL }, nonce);
  }

  beforeAll(async () => {
    const baseUrl = await gateway.start();
    channel = { code: 'cashy-per', protocol: 'cashy', currency: 'PEN', baseUrl, merchantId: C3_MERCHANT_ID, secret: TEST_API_KEY };
    provider = new CashyProtocol().create(channel, { http: httpClient, notifyUrl: NOTIFY_URL });
  });

  beforeEach(() => {
    gateway.received.length = 0;
    gateway.replies.length = 0;
  });

  afterAll(async () => {
    httpClient.close();
    await gateway.stop();
  });

  describe('submit', () => {
    it('sends the C1 body byte for byte with the headers Cashy needs, and takes PROCESSING as accepted (without its fee: 0)', async () => {
      gateway.replies.push({
        body: {
          msg: 'SUCCESS',
          code: 200,
          data: { merchantId: C3_MERCHANT_ID, mchOrderNo: 'PE20250101000001', orderNo: 'PAYOUT8232147367892025344', amount: 10, fee: 0, orderStatus: 'PROCESSING' },
        },
      });
      const outcome = await providerWith({}, () => '1863484722378907648').submit(C1_SUBMISSION);

      expect(gateway.received).toHaveLength(1);
      const [req] = gateway.received;
      expect(req.path).toBe('/api/payOut');
      expect(req.raw).toBe(C1_BODY);
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers.merchantid).toBe(C3_MERCHANT_ID);
      expect(req.headers.sign).toBe('51B7DE7E1CBB2D155D0F15C575BCA66B');
      expect(outcome).toMatchObject({
        kind: 'accepted',
        report: {
          tradeNo: 'PE20250101000001',
          status: PayoutStatus.PROCESSING,
          rawStatus: 'PROCESSING',
          providerReference: 'PAYOUT8232147367892025344',
          amountMinor: 1000,
        },
        exchange: { operation: 'submit', httpStatus: 200 },
      });
      // The fee only has a value once the order is paid: a 0 on PROCESSING is no fee.
      expect(outcome.kind === 'accepted' && outcome.report).not.toHaveProperty('feeMinor');
    });

    it('masks personal data and never records the key', async () => {
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: { orderStatus: 'PAYING' } } });
      const outcome = await provider.submit(C1_SUBMISSION);
      const record = JSON.stringify(outcome);
      expect(record).not.toContain('00219400254640654321');
      expect(record).not.toContain('12345678"');
      expect(record).not.toContain(TEST_API_KEY);
      expect(outcome.exchange.request).toMatchObject({ accountNo: '****************4321', idCard: '****5678', accountName: 'Juan Perez' });
      expect(outcome.exchange.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('scrubs the beneficiary’s numbers from the gateway’s answer as recorded, wherever it quotes them', async () => {
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: { orderStatus: 'PAYING', note: `to ${C1_SUBMISSION.beneficiary.cci} / ${C1_SUBMISSION.beneficiary.accountNumber}` } } });
      const outcome = await provider.submit(C1_SUBMISSION);
      expect(outcome.kind).toBe('accepted');
      const record = JSON.stringify(outcome.exchange);
      for (const value of [C1_SUBMISSION.beneficiary.cci, C1_SUBMISSION.beneficiary.accountNumber]) expect(record).not.toContain(value);
    });

    it('is unknown on an answer about another order, and accepted on one that does not echo the order', async () => {
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: { mchOrderNo: 'PE-OTHER', orderStatus: 'PAYING' } } });
      expect(await provider.submit(C1_SUBMISSION)).toMatchObject({ kind: 'unknown', reason: 'Cashy answered for another order (PE-OTHER)' });
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: { orderStatus: 'PAYING' } } });
      expect(await provider.submit(C1_SUBMISSION)).toMatchObject({ kind: 'accepted', report: { tradeNo: C1_SUBMISSION.tradeNo } });
    });

    it('says what Cashy answered when it is not an acceptance', async () => {
      gateway.replies.push({ status: 502, body: '<html>' });
      expect(await provider.submit(C1_SUBMISSION)).toMatchObject({ kind: 'unknown', reason: 'HTTP 502' });
      gateway.replies.push({ status: 200, body: '<html>' });
      expect(await provider.submit(C1_SUBMISSION)).toMatchObject({ kind: 'unknown', reason: 'no Cashy answer (HTTP 200)' });
      gateway.replies.push({ body: { code: 500, msg: 'System_busy' } });
      expect(await provider.submit(C1_SUBMISSION)).toMatchObject({ kind: 'not_sent', reason: 'Cashy answered System_busy' });
      gateway.replies.push({ body: { code: 400, msg: 'Params_mchOrderNo_exist' } });
      expect(await provider.submit(C1_SUBMISSION)).toMatchObject({ kind: 'unknown', reason: 'Cashy answered Params_mchOrderNo_exist, which may mean that mchOrderNo already exists' });
      gateway.replies.push({ body: { code: 500, msg: 'System_error' } });
      expect(await provider.submit(C1_SUBMISSION)).toMatchObject({ kind: 'unknown', reason: 'Cashy answered System_error (code 500), not a definite refusal' });
      gateway.replies.push({ body: { code: 503 } });
      expect(await provider.submit(C1_SUBMISSION)).toMatchObject({ kind: 'unknown', reason: 'Cashy answered code_503 (code 503), not a definite refusal' });
    });

    it('sends a fresh digit nonce per request', async () => {
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: {} } }, { body: { code: 200, msg: 'SUCCESS', data: {} } });
      await provider.submit(C1_SUBMISSION);
      await provider.submit(C1_SUBMISSION);
      const [a, b] = gateway.received.map((r) => JSON.parse(r.raw).nonceStr as string);
      expect(a).toMatch(/^\d{1,32}$/);
      expect(a).not.toBe(b);
    });

    it('accepts code "200" as a string and reports a final status straight away', async () => {
      gateway.replies.push({
        body: { code: '200', msg: 'SUCCESS', data: { mchOrderNo: 'PE20250101000001', orderStatus: 'FAIL', resultDesc: 'INVALID_CCI' } },
      });
      expect(await provider.submit(C1_SUBMISSION)).toMatchObject({
        kind: 'accepted',
        report: { status: PayoutStatus.FAILED, failure: { code: 'INVALID_CCI' } },
      });
    });

    it('is refused with the message as code when the key is wrong (Sign_verify_error)', async () => {
      const outcome = await providerWith({ secret: 'WRONG_KEY' }).submit(C1_SUBMISSION);
      expect(outcome).toMatchObject({ kind: 'refused', code: 'Sign_verify_error', exchange: { httpStatus: 200 } });
      expect(JSON.stringify(outcome)).not.toContain('WRONG_KEY');
    });

    it.each(['System_busy', 'System_Maintenance'])('treats %s as not sent: nothing was placed', async (msg) => {
      gateway.replies.push({ body: { code: 500, msg } });
      expect(await provider.submit(C1_SUBMISSION)).toMatchObject({ kind: 'not_sent', exchange: { httpStatus: 200 } });
    });

    it.each([
      'Sign_verify_error',
      'MerchantId_is_null',
      'MerchantId_not_Number',
      'MerchantId_is_error',
      'Request_ip_notWhiteList',
      'RequestMethod_not_post',
      'RequestContentType_not_json',
      'RequestBody_is_null',
      'Params_jsonFormat_error',
      'Params_bankId_error',
      'Params_accountNo_Required',
      'MERCHANT_BALANCE_NOT_ENOUGH',
    ])('is refused on the documented refusal %s', async (msg) => {
      gateway.replies.push({ body: { code: 400, msg } });
      expect(await provider.submit(C1_SUBMISSION)).toMatchObject({ kind: 'refused', code: msg, message: `Cashy refused the payout: ${msg} (code 400)` });
    });

    // Issue 11: none of these says that no order was placed, so the payout must be queried, not failed.
    it.each([
      ['System_error', { code: 500, msg: 'System_error' }],
      ['an undocumented message', { code: 400, msg: 'Order_already_exist' }],
      ['a documented message in another case', { code: 400, msg: 'sign_verify_error' }],
      ['no message', { code: 400 }],
      ['a complaint about mchOrderNo, which may mean a duplicate', { code: 400, msg: 'Params_mchOrderNo_error' }],
      ['mchOrderNo said to be missing', { code: 400, msg: 'Params_mchOrderNo_Required' }],
    ])('is unknown, not refused, on %s', async (_name, body) => {
      gateway.replies.push({ body });
      expect(await provider.submit(C1_SUBMISSION)).toMatchObject({ kind: 'unknown', exchange: { httpStatus: 200 } });
    });

    it('is refused only on the messages the channel lists, when it lists its own', async () => {
      const own = providerWith({ options: { refusalMessages: ['Order_already_paid', 'Params_*_invalid'] } });
      gateway.replies.push({ body: { code: 400, msg: 'Order_already_paid' } }, { body: { code: 400, msg: 'Params_phone_invalid' } });
      expect(await own.submit(C1_SUBMISSION)).toMatchObject({ kind: 'refused', code: 'Order_already_paid' });
      expect(await own.submit(C1_SUBMISSION)).toMatchObject({ kind: 'refused', code: 'Params_phone_invalid' });
      gateway.replies.push({ body: { code: 400, msg: 'Params_bankId_error' } });
      expect(await own.submit(C1_SUBMISSION)).toMatchObject({ kind: 'unknown' });
    });

    it.each<[string, Reply]>([
      ['an HTTP 5xx', { status: 502, body: '<html>Bad gateway</html>' }],
      ['an HTTP 5xx even with a Cashy envelope', { status: 503, body: { code: 500, msg: 'System_busy' } }],
      ['garbage', { body: 'not json at all' }],
      ['JSON without a code', { body: { msg: 'SUCCESS' } }],
      ['a JSON array', { body: '[]' }],
      ['an answer for another order', { body: { code: 200, msg: 'SUCCESS', data: { mchOrderNo: 'OTHER', orderStatus: 'SUCCESS' } } }],
    ])('is unknown on %s', async (_name, reply) => {
      gateway.replies.push(reply);
      expect((await provider.submit(C1_SUBMISSION)).kind).toBe('unknown');
    });

    it.each<[string, string]>([
      ['a fee in exponent form', '"fee":"1e400"'],
      ['a fee beyond a double', '"fee":1e400'],
      ['an unsafe fee', '"fee":"99999999999999999999.00"'],
      ['a negative fee', '"fee":"-5.00"'],
      ['a negative amount', '"amount":-10'],
    ])('is unknown, never accepted with a bad number, on %s', async (_name, field) => {
      gateway.replies.push({ body: `{"code":200,"msg":"SUCCESS","data":{"mchOrderNo":"PE20250101000001","orderStatus":"SUCCESS",${field}}}` });
      expect(await provider.submit(C1_SUBMISSION)).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/^malformed (fee|amount)/) });
    });

    it('is not sent when nothing listens', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const outcome = await providerWith({ baseUrl: `http://127.0.0.1:${port}` }).submit(C1_SUBMISSION);
      expect(outcome.kind).toBe('not_sent');
    });

    it('refuses a submission that breaks the Peru rules without sending it', async () => {
      const outcome = await provider.submit({ ...C1_SUBMISSION, beneficiary: { ...C1_SUBMISSION.beneficiary, cci: undefined } });
      expect(outcome).toMatchObject({ kind: 'refused', code: 'INVALID_REQUEST' });
      expect(gateway.received).toHaveLength(0);
    });
  });

  describe('query', () => {
    const data = {
      merchantId: C3_MERCHANT_ID,
      mchOrderNo: 'PE20250101000001',
      orderNo: 'PAYOUT8232147367892025344',
      amount: 10.0,
      fee: '0.50',
      orderStatus: 'SUCCESS',
      completionTime: '2025-01-01 08:08:08',
      resultDesc: 'SUCCESS',
    };

    it('sends mchOrderNo and orderNo, and reads a found order', async () => {
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data } });
      const outcome = await provider.query('PE20250101000001', 'PAYOUT8232147367892025344');
      const sent = JSON.parse(gateway.received[0].raw);
      expect(gateway.received[0].path).toBe('/api/payOutQuery');
      expect(Object.keys(sent)).toEqual(['mchOrderNo', 'orderNo', 'nonceStr']);
      expect(sent).toMatchObject({ mchOrderNo: 'PE20250101000001', orderNo: 'PAYOUT8232147367892025344' });
      expect(outcome).toEqual({
        kind: 'found',
        report: {
          tradeNo: 'PE20250101000001',
          status: PayoutStatus.SUCCEEDED,
          rawStatus: 'SUCCESS',
          providerReference: 'PAYOUT8232147367892025344',
          amountMinor: 1000,
          feeMinor: 50,
          completedAt: new Date('2025-01-01T13:08:08Z'),
        },
        exchange: expect.objectContaining({ operation: 'query', httpStatus: 200 }),
      });
    });

    it.each(['PROCESSING', 'WAITING', 'PAYING'])('reports no fee and no completion time while the order is %s', async (orderStatus) => {
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: { ...data, orderStatus, fee: 0 } } });
      const outcome = await provider.query('PE20250101000001');
      expect(outcome).toMatchObject({ kind: 'found', report: { status: PayoutStatus.PROCESSING, amountMinor: 1000 } });
      if (outcome.kind !== 'found') return;
      expect(outcome.report).not.toHaveProperty('feeMinor');
      expect(outcome.report).not.toHaveProperty('completedAt');
    });

    it.each<[string, string]>([
      ['a fee in exponent form', '"fee":"1e400"'],
      ['a fee beyond a double', '"fee":1e400'],
      ['an unsafe fee', '"fee":"99999999999999999999.00"'],
      ['a negative fee', '"fee":"-5.00"'],
      ['an unsafe amount', '"amount":100000000000000000000'],
    ])('is unknown, never found with a bad number, on %s', async (_name, field) => {
      gateway.replies.push({ body: `{"code":200,"msg":"SUCCESS","data":{"mchOrderNo":"PE20250101000001","orderStatus":"SUCCESS",${field}}}` });
      expect(await provider.query('PE20250101000001')).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/^malformed (fee|amount)/) });
    });

    it('sends mchOrderNo alone when no platform number is known', async () => {
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: { ...data, orderStatus: 'PAYMENT_OFFSET_UNKNOWN' } } });
      const outcome = await provider.query('PE20250101000001');
      expect(Object.keys(JSON.parse(gateway.received[0].raw))).toEqual(['mchOrderNo', 'nonceStr']);
      expect(outcome).toMatchObject({ kind: 'found', report: { status: PayoutStatus.PROCESSING } });
    });

    it('reports a reversal as REVERSED', async () => {
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: { ...data, orderStatus: 'FAIL', resultDesc: 'PAYMENT_OFFSET' } } });
      expect(await provider.query('PE20250101000001')).toMatchObject({
        kind: 'found',
        report: { status: PayoutStatus.REVERSED, failure: { code: 'PAYMENT_OFFSET' } },
      });
    });

    it('is unknown on an answer about another mchOrderNo, and found on one that echoes neither number', async () => {
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: { ...data, mchOrderNo: 'PE-OTHER' } } });
      expect(await provider.query('PE20250101000001', 'PAYOUT8232147367892025344')).toMatchObject({ kind: 'unknown', reason: 'Cashy answered for another order' });
      const { mchOrderNo: _m, orderNo: _o, ...bare } = data;
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: bare } });
      expect(await provider.query('PE20250101000001', 'PAYOUT8232147367892025344')).toMatchObject({ kind: 'found', report: { tradeNo: 'PE20250101000001', status: PayoutStatus.SUCCEEDED } });
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: { ...data, orderNo: 'PAYOUT1' } } });
      expect(await provider.query('PE20250101000001')).toMatchObject({ kind: 'found' });
    });

    it('says what Cashy answered when it cannot tell', async () => {
      gateway.replies.push({ body: { code: 500, msg: 'System_error' } });
      expect(await provider.query('PE20250101000001')).toMatchObject({ kind: 'unknown', reason: 'Cashy answered code 500 System_error' });
      gateway.replies.push({ status: 200, body: 'oops' });
      expect(await provider.query('PE20250101000001')).toMatchObject({ kind: 'unknown', reason: 'no Cashy answer (HTTP 200)' });
      gateway.replies.push({ body: { code: 400 } });
      expect(await provider.query('PE20250101000001')).toMatchObject({ kind: 'unknown', reason: 'Cashy answered code 400' });
    });

    it('is not_found only for a configured message, unknown otherwise', async () => {
      gateway.replies.push({ body: { code: 400, msg: 'Order_not_exist' } }, { body: { code: 400, msg: 'Order_not_exist' } });
      expect((await provider.query('PE404')).kind).toBe('unknown');
      expect((await providerWith({ options: { notFoundMessages: ['Order_not_exist'] } }).query('PE404')).kind).toBe('not_found');
    });

    it.each<[string, Reply]>([
      ['an HTTP 5xx', { status: 500, body: 'oops' }],
      ['garbage', { body: '{"code":' }],
      ['code 200 without data', { body: { code: 200, msg: 'SUCCESS', data: null } }],
      ['System_busy', { body: { code: 500, msg: 'System_busy' } }],
      ['another order', { body: { code: 200, msg: 'SUCCESS', data: { ...data, orderNo: 'PAYOUT1' } } }],
    ])('is unknown, never failed, on %s', async (_name, reply) => {
      gateway.replies.push(reply);
      expect((await provider.query('PE20250101000001', 'PAYOUT8232147367892025344')).kind).toBe('unknown');
    });
  });

  describe('balance and banks', () => {
    it('reads the balance in minor units', async () => {
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: { mchId: 1002001, balance: 1234.5, unBalance: '10.00' } } });
      expect(await provider.balance?.()).toEqual({ currency: 'PEN', availableMinor: 123450, unsettledMinor: 1000 });
      expect(gateway.received[0].path).toBe('/api/getBalance');
      expect(Object.keys(JSON.parse(gateway.received[0].raw))).toEqual(['nonceStr']);
    });

    it('gives no unsettled amount the answer does not have', async () => {
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: { balance: '5.00' } } });
      expect(await provider.balance?.()).toStrictEqual({ currency: 'PEN', availableMinor: 500 });
    });

    it('throws without the key in the message when the balance cannot be read', async () => {
      await expect(providerWith({ secret: 'WRONG_KEY' }).balance?.()).rejects.toThrow(/Sign_verify_error/);
    });

    it('lists the gateway banks', async () => {
      gateway.replies.push({
        body: { code: 200, msg: 'SUCCESS', data: [{ bankId: 1, bankCode: 'BBVA', bankName: 'BBVA Continental' }, { bankId: '2', bankCode: 'IBK', bankName: 'Interbank' }] },
      });
      expect(await provider.banks?.()).toEqual([
        { code: '1', name: 'BBVA Continental' },
        { code: '2', name: 'Interbank' },
      ]);
      expect(gateway.received[0].path).toBe('/api/bankListQuery');
    });

    it('falls back to the documented Peru table when the call fails', async () => {
      gateway.replies.push({ status: 500, body: 'down' });
      expect(await provider.banks?.()).toEqual(PERU_BANKS);
    });

    it('sends a fresh nonce to the bank list, the only field of its body', async () => {
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: [] } });
      await providerWith({}, () => '4190026990').banks?.();
      expect(gateway.received[0].raw).toBe('{"nonceStr":"4190026990"}');
    });

    it('keeps the banks it can name, by bankId and bankName (else bankCode), and skips the rest', async () => {
      gateway.replies.push({
        body: {
          code: 200,
          msg: 'SUCCESS',
          data: [
            { bankId: 3, bankCode: 'BCP' },
            { bankId: 4 },
            { bankName: 'Scotiabank' },
            'BanBif',
            { bankId: 5, bankName: '', bankCode: 'Banco Falabella' },
          ],
        },
      });
      expect(await provider.banks?.()).toEqual([
        { code: '3', name: 'BCP' },
        { code: '5', name: 'Banco Falabella' },
      ]);
    });

    it('falls back to a copy of the documented Peru table on an answer that is not a list', async () => {
      gateway.replies.push({ body: { code: 200, msg: 'SUCCESS', data: { banks: [] } } });
      const banks = await provider.banks?.();
      expect(banks).toEqual(PERU_BANKS);
      expect(banks?.[0]).not.toBe(PERU_BANKS[0]);
    });

    it.each<[string, Reply, string]>([
      ['a refusal', { body: { code: 400, msg: 'Sign_verify_error' } }, 'code 400 Sign_verify_error'],
      ['a code without message', { body: { code: 400 } }, 'code 400'],
      ['an answer that is not Cashy’s', { body: '<html>' }, 'HTTP 200, not a Cashy answer'],
      ['an HTTP 5xx', { status: 502, body: 'down' }, 'HTTP 502'],
      ['a success without data', { body: { code: 200, msg: 'SUCCESS' } }, 'code 200 SUCCESS'],
      ['a balance that is no amount', { body: { code: 200, msg: 'SUCCESS', data: { balance: 'lots' } } }, 'code 200 SUCCESS'],
    ])('names the channel and what Cashy answered when the balance cannot be read: %s', async (_name, reply, said) => {
      gateway.replies.push(reply);
      const read = provider.balance?.();
      await expect(read).rejects.toThrow(GatewayUnavailableError);
      await expect(read).rejects.toThrow(`Cashy channel "cashy-per": balance query failed (${said})`);
    });
  });


  describe('parseCallback', () => {
    // null leaves the MerchantId header out.
    const headers = (sign: string | undefined, merchantId: string | null = C3_MERCHANT_ID) => ({
      sign,
      merchantid: merchantId ?? undefined,
      'content-type': 'application/json',
    });
    const signed = (body: string) => createHash('md5').update(body + TEST_API_KEY).digest('hex').toUpperCase();

    it('checks the C3 sign, then refuses its mchOrderNo, which is not of our format, with 400', () => {
      const outcome = provider.parseCallback({ headers: headers(C3_SIGN), rawBody: Buffer.from(C3_BODY) });
      expect(outcome).toMatchObject({ kind: 'rejected', problem: 'malformed', reason: expect.stringContaining('mchOrderNo "PE20250101000001"') });
    });

    it('verifies a callback like C3 about an order of ours, with a lowercase sign, and reports it', () => {
      const outcome = provider.parseCallback({ headers: headers(signed(OURS).toLowerCase()), rawBody: Buffer.from(OURS) });
      expect(outcome).toEqual({ kind: 'verified', report: C3_OURS_REPORT, maskedBody: JSON.parse(OURS) });
    });

    it('masks personal data in the stored body', () => {
      const body = JSON.stringify({ ...JSON.parse(OURS), accountNo: '00219400254640654321' });
      const outcome = provider.parseCallback({ headers: headers(signed(body)), rawBody: Buffer.from(body) });
      expect(outcome).toMatchObject({ kind: 'verified', maskedBody: { accountNo: '****************4321' } });
    });

    it.each<[string, Record<string, string | undefined>, string]>([
      ['a forged sign', headers('0'.repeat(32)), C3_BODY],
      ['a missing sign', headers(undefined), C3_BODY],
      ['a sign over other bytes', headers(C3_SIGN), C3_BODY.replace('10.00', '99.00')],
      ['a wrong MerchantId header', headers(C3_SIGN, '1002002'), C3_BODY],
      ['a missing MerchantId header', headers(C3_SIGN, null), C3_BODY],
    ])('rejects %s with 401', (_name, h, body) => {
      expect(provider.parseCallback({ headers: h, rawBody: Buffer.from(body) })).toMatchObject({ kind: 'rejected', problem: 'forged' });
    });

    it('rejects a signed body naming another merchant with 401', () => {
      const body = C3_BODY.replace('"1002001"', '"1002002"');
      expect(provider.parseCallback({ headers: headers(signed(body)), rawBody: Buffer.from(body) })).toMatchObject({ kind: 'rejected', problem: 'forged' });
    });

    it.each(['{"orderStatus":', '[]', 'null', '{"orderStatus":"SUCCESS"}'])('rejects signed body %p with 400', (body) => {
      expect(provider.parseCallback({ headers: headers(signed(body)), rawBody: Buffer.from(body) })).toMatchObject({ kind: 'rejected', problem: 'malformed' });
    });

    it.each([
      ['"fee":0', '"fee":"1e400"'],
      ['"fee":0', '"fee":1e400'],
      ['"fee":0', '"fee":"99999999999999999999.00"'],
      ['"fee":0', '"fee":"-5.00"'],
      ['"amount":10.00', '"amount":-10.00'],
    ])('rejects a signed callback with %s replaced by %s as malformed (400)', (field, bad) => {
      const body = C3_BODY.replace(field, bad);
      expect(provider.parseCallback({ headers: headers(signed(body)), rawBody: Buffer.from(body) })).toMatchObject({
        kind: 'rejected',
        problem: 'malformed',
        reason: expect.stringMatching(/^malformed (fee|amount)/),
      });
    });

    it.each([
      ['an undocumented orderStatus', OURS.replace('"SUCCESS"', '"PAID"'), 'orderStatus'],
      ['a lowercase orderStatus', OURS.replace('"SUCCESS"', '"success"'), 'orderStatus'],
      ['no orderStatus', OURS.replace('"orderStatus":"SUCCESS",', ''), 'orderStatus'],
      ['an mchOrderNo not of our format', OURS.replace(TRADE_NO, 'M1656907083234'), 'mchOrderNo'],
      ['no amount', OURS.replace('"amount":10.00,', ''), 'amount'],
      ['a zero amount', OURS.replace('"amount":10.00', '"amount":0.00'), 'amount'],
      ['an amount that is text', OURS.replace('"amount":10.00', '"amount":"ten"'), 'amount'],
    ])('rejects a signed callback with %s with 400', (_name, body, field) => {
      const outcome = provider.parseCallback({ headers: headers(signed(body)), rawBody: Buffer.from(body) });
      expect(outcome).toMatchObject({ kind: 'rejected', problem: 'malformed', reason: expect.stringMatching(new RegExp(`^malformed.*${field}`)) });
    });

    it.each(['PROCESSING', 'WAITING', 'PAYING', 'FAIL', 'CANCEL'])('takes the documented orderStatus %s', (orderStatus) => {
      const body = OURS.replace('"SUCCESS"', `"${orderStatus}"`);
      expect(provider.parseCallback({ headers: headers(signed(body)), rawBody: Buffer.from(body) })).toMatchObject({ kind: 'verified', report: { rawStatus: orderStatus } });
    });

    it('acknowledges with the plain text SUCCESS', () => {
      expect(provider.callbackAck).toEqual({ status: 200, contentType: 'text/plain', body: 'SUCCESS' });
    });
  });
});
