import { GatewayUnavailableError } from '../../domain/errors';
import { PayoutStatus } from '../../domain/payout-status';
import { HttpClient } from '../http-client';
import { PayoutSubmission } from '../payout-provider';
import { FakePayproGateway, NOTIFY_URL, SECRET, channel, closedPortUrl, provider } from './__fixtures__/paypro-gateway';
import { payproVerify } from './paypro.signature';

const submission: PayoutSubmission = {
  tradeNo: 'rgB36f2n9AElhTeY',
  amountMinor: 5_000_000,
  currency: 'IDR',
  remark: 'remark',
  beneficiary: {
    name: 'kevin',
    accountNumber: '1234567890123',
    bankCode: '0001',
    phone: '081234567890',
    email: 'kevin@gmail.com',
  },
};

const mexicoSubmission: PayoutSubmission = {
  tradeNo: 'test_00000001',
  amountMinor: 20_000,
  currency: 'MXN',
  beneficiary: {
    name: 'kevin zhang',
    accountNumber: '032180000118359719',
    accountType: 'clabe',
    bankCode: 'BANXICO',
    idNumber: '58452586558',
  },
};

/** docs/gateways.md, source 000: success answer. */
const accepted = (tradeNo = submission.tradeNo) => ({
  msg: 'success',
  code: '0000',
  timestamp: 1748248243683,
  success: true,
  data: { tradeNo, platFormTradeNo: '64qpx8yljs8beccd', status: '0015', message: 'PAYING', remark: 'remark' },
});

describe('PayproProvider over HTTP', () => {
  const gateway = new FakePayproGateway();
  const httpClient = new HttpClient();
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = (await gateway.start()) + '/indonesia-pay';
  });
  afterAll(async () => {
    httpClient.close();
    await gateway.stop();
  });
  beforeEach(() => {
    gateway.requests.length = 0;
  });

  describe('submit', () => {
    it('posts a signed bank payout and reads an accepted 0015 answer', async () => {
      gateway.reply = () => ({ body: accepted() });
      const outcome = await provider(channel(baseUrl), httpClient).submit(submission);

      expect(gateway.requests).toHaveLength(1);
      const [request] = gateway.requests;
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/indonesia-pay/v1/paypro/payOut');
      expect(request.headers['merchantno']).toBe('8729248847');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.body).toEqual({
        tradeNo: 'rgB36f2n9AElhTeY',
        amount: '50000',
        bankCode: '0001',
        bankAccountNo: '1234567890123',
        customerName: 'kevin',
        mobile: '081234567890',
        email: 'kevin@gmail.com',
        remark: 'remark',
        notifyUrl: NOTIFY_URL,
        timestamp: expect.stringMatching(/^\d{13}$/),
        sign: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      expect(Object.values(request.body).every((v) => typeof v === 'string')).toBe(true);
      expect(payproVerify(request.body, SECRET)).toBe(true);

      expect(outcome.kind).toBe('accepted');
      if (outcome.kind !== 'accepted') return;
      expect(outcome.report).toEqual({
        tradeNo: 'rgB36f2n9AElhTeY',
        status: PayoutStatus.PROCESSING,
        rawStatus: '0015',
        providerReference: '64qpx8yljs8beccd',
      });
      expect(outcome.exchange.operation).toBe('submit');
      expect(outcome.exchange.httpStatus).toBe(200);
      expect(outcome.exchange.durationMs).toEqual(expect.any(Number));
      const record = JSON.stringify(outcome.exchange);
      expect(record).not.toContain(SECRET);
      expect(record).not.toContain(request.body.sign as string);
      expect(record).not.toContain('1234567890123');
      expect(record).toContain('*********0123');
      expect(outcome.exchange.response).toMatchObject({ code: '0000', data: { platFormTradeNo: '64qpx8yljs8beccd' } });
    });

    it('posts the Mexico fields of source 002 (docs/gateways.md), leaving out absent optional ones', async () => {
      gateway.reply = () => ({
        body: { msg: 'success', code: '0000', data: { tradeNo: 'test_00000001', platFormTradeNo: '2tjba3vz6wm6hx3l', status: '0015', desc: 'CREATED' } },
      });
      const mx = provider(channel(baseUrl, { variant: 'mexico', currency: 'MXN' }), httpClient);
      const outcome = await mx.submit(mexicoSubmission);
      const { body } = gateway.requests[0];
      expect(Object.keys(body).sort()).toEqual(
        ['amount', 'customerAccount', 'customerAccountType', 'customerName', 'identity', 'notifyUrl', 'sign', 'timestamp', 'tradeNo', 'wayCode'].sort(),
      );
      expect(body).toMatchObject({ wayCode: 'BANXICO', customerAccountType: 'CLABE', customerAccount: '032180000118359719', amount: '200' });
      expect(payproVerify(body, SECRET)).toBe(true);
      expect(outcome).toMatchObject({ kind: 'accepted', report: { status: PayoutStatus.PROCESSING, providerReference: '2tjba3vz6wm6hx3l' } });
    });

    it('uses the Vexora path for protocol vexora, and per-channel path overrides', async () => {
      gateway.reply = () => ({ body: accepted() });
      await provider(channel(baseUrl, { protocol: 'vexora' }), httpClient).submit(submission);
      await provider(channel(baseUrl, { options: { paths: { payout: '/api/payout' } } }), httpClient).submit(submission);
      expect(gateway.requests.map((r) => r.path)).toEqual(['/indonesia-pay/v1/vexora/disbursements', '/indonesia-pay/api/payout']);
    });

    it('reads a failure status in the create answer as an accepted FAILED order with its message', async () => {
      gateway.reply = () => ({ body: { ...accepted(), data: { ...accepted().data, status: '00029', message: undefined, desc: 'REJECTED' } } });
      const outcome = await provider(channel(baseUrl), httpClient).submit(submission);
      expect(outcome).toMatchObject({
        kind: 'accepted',
        report: { status: PayoutStatus.FAILED, rawStatus: '00029', failure: { code: '00029', message: 'REJECTED' } },
      });
    });

    it.each([
      ['00029', 'REJECTED_TRANSACTION'],
      ['0100019', 'PAYEE_DAILY_CUMULATIVE_AMT_REACHED'],
    ])('is refused on the documented refusal %s', async (code, msg) => {
      gateway.reply = () => ({ body: { msg, code, success: false } });
      const outcome = await provider(channel(baseUrl), httpClient).submit(submission);
      expect(outcome).toMatchObject({ kind: 'refused', code, message: msg, exchange: { httpStatus: 200 } });
    });

    // Issue 11: none of these says that no order was placed, so the payout must be queried, not failed.
    it.each([
      ['5000, the system operation exception', { code: '5000', msg: 'System operation exception', success: false }],
      ['5000 without a message', { code: '5000', success: false }],
      ['00032 UNKNOWN_ERROR', { code: '00032', msg: 'UNKNOWN_ERROR', success: false }],
      ['an undocumented code', { code: '1001', msg: 'sign error', success: false }],
      ['a duplicate tradeNo', { code: '1005', msg: 'tradeNo rgB36f2n9AElhTeY already exists', success: false }],
    ])('is unknown, not refused, on %s', async (_label, body) => {
      gateway.reply = () => ({ body });
      const outcome = await provider(channel(baseUrl), httpClient).submit(submission);
      expect(outcome).toMatchObject({ kind: 'unknown', reason: expect.stringContaining(`outer code ${body.code}`), exchange: { httpStatus: 200 } });
    });

    it('is refused on the codes the channel lists, on a 2xx or 4xx only, and then no longer on the defaults', async () => {
      const listed = provider(channel(baseUrl, { options: { refusalCodes: ['1001', '0002'] } }), httpClient);
      gateway.reply = () => ({ body: { msg: 'sign error', code: '1001', success: false } });
      expect(await listed.submit(submission)).toMatchObject({ kind: 'refused', code: '1001', message: 'sign error' });
      gateway.reply = () => ({ status: 400, body: { msg: 'param error', code: '0002' } });
      expect(await listed.submit(submission)).toMatchObject({ kind: 'refused', code: '0002' });
      gateway.reply = () => ({ status: 503, body: { msg: 'param error', code: '0002' } });
      expect(await listed.submit(submission)).toMatchObject({ kind: 'unknown' });
      gateway.reply = () => ({ body: { msg: 'REJECTED_TRANSACTION', code: '00029' } });
      expect(await listed.submit(submission)).toMatchObject({ kind: 'unknown' });
      gateway.reply = () => ({ status: 404, body: '<html>Not Found</html>' });
      expect(await listed.submit(submission)).toMatchObject({ kind: 'unknown' });
    });

    it.each([
      ['a 5xx, even with an outer code', { status: 502, body: { code: '5000', msg: 'System exception' } }],
      ['a garbage body', { status: 200, body: 'not json at all' }],
      ['a JSON array', { status: 200, body: '[1,2]' }],
      ['0000 without data', { status: 200, body: { code: '0000', msg: 'success' } }],
      ['0000 without data.status', { status: 200, body: { code: '0000', data: { tradeNo: 'rgB36f2n9AElhTeY' } } }],
      ['0000 about another tradeNo', { status: 200, body: accepted('someone-else') }],
      ['no outer code', { status: 200, body: { msg: 'success' } }],
    ])('is unknown on %s', async (_label, reply) => {
      gateway.reply = () => reply;
      const outcome = await provider(channel(baseUrl), httpClient).submit(submission);
      expect(outcome.kind).toBe('unknown');
      expect(outcome.exchange.httpStatus).toBe(reply.status);
    });

    // A 0000 body only counts on a 2xx: a proxy's 5xx or a redirect page may carry anything.
    it.each([
      ['0000 with its data on an HTTP 500', 500],
      ['0000 with its data on an HTTP 300', 300],
    ])('is unknown on %s', async (_label, status) => {
      gateway.reply = () => ({ status, body: accepted() });
      const outcome = await provider(channel(baseUrl), httpClient).submit(submission);
      expect(outcome).toMatchObject({ kind: 'unknown', reason: `HTTP ${status} with outer code 0000` });
    });

    it('is refused on a listed code only below HTTP 500: a 500 may sit on a placed order', async () => {
      const listed = provider(channel(baseUrl, { options: { refusalCodes: ['0002'] } }), httpClient);
      gateway.reply = () => ({ status: 499, body: { msg: 'param error', code: '0002' } });
      expect(await listed.submit(submission)).toMatchObject({ kind: 'refused', code: '0002', message: 'param error' });
      gateway.reply = () => ({ status: 500, body: { msg: 'param error', code: '0002' } });
      expect(await listed.submit(submission)).toMatchObject({ kind: 'unknown', reason: 'HTTP 500 with outer code 0002 (param error): not a definite refusal' });
      gateway.reply = () => ({ status: 399, body: { code: '0002' } });
      expect(await listed.submit(submission)).toMatchObject({ kind: 'unknown' });
    });

    it('words a refusal or a doubt from what the gateway said, else from the documented code, else plainly', async () => {
      const listed = provider(channel(baseUrl, { options: { refusalCodes: ['1001', '00029'] } }), httpClient);
      gateway.reply = () => ({ body: { code: '00029', success: false } });
      expect(await listed.submit(submission)).toMatchObject({ kind: 'refused', code: '00029', message: 'REJECTED_TRANSACTION' });
      gateway.reply = () => ({ body: { code: '1001', success: false } });
      expect(await listed.submit(submission)).toMatchObject({ kind: 'refused', code: '1001', message: 'refused' });
      gateway.reply = () => ({ body: { code: '5000', success: false } });
      expect(await listed.submit(submission)).toMatchObject({
        kind: 'unknown',
        reason: 'HTTP 200 with outer code 5000 (System operation exception; contact the provider): not a definite refusal',
      });
      gateway.reply = () => ({ body: { code: '1002', success: false } });
      expect(await listed.submit(submission)).toMatchObject({ kind: 'unknown', reason: 'HTTP 200 with outer code 1002: not a definite refusal' });
    });

    it('is unknown on a listed code outside a 2xx or 4xx: a redirect page is no refusal', async () => {
      const listed = provider(channel(baseUrl, { options: { refusalCodes: ['0002'] } }), httpClient);
      gateway.reply = () => ({ status: 302, body: { msg: 'param error', code: '0002' } });
      expect(await listed.submit(submission)).toMatchObject({ kind: 'unknown', reason: 'HTTP 302 with outer code 0002 (param error): not a definite refusal' });
    });

    it('accepts an answer that does not echo the tradeNo', async () => {
      const body = accepted();
      delete (body.data as Partial<typeof body.data>).tradeNo;
      gateway.reply = () => ({ body });
      expect(await provider(channel(baseUrl), httpClient).submit(submission)).toMatchObject({ kind: 'accepted', report: { tradeNo: submission.tradeNo, status: PayoutStatus.PROCESSING } });
    });

    it('says why an answer could not be read', async () => {
      const p = provider(channel(baseUrl), httpClient);
      gateway.reply = () => ({ status: 200, body: '[1]' });
      expect(await p.submit(submission)).toMatchObject({ reason: 'HTTP 200 with a body that is not a JSON object' });
      gateway.reply = () => ({ status: 200, body: { msg: 'success' } });
      expect(await p.submit(submission)).toMatchObject({ reason: 'HTTP 200 without an outer code' });
      gateway.reply = () => ({ status: 200, body: accepted('someone-else') });
      expect(await p.submit(submission)).toMatchObject({ reason: 'the answer is about another tradeNo (someone-else)' });
      gateway.reply = () => ({ status: 200, body: { code: '0000' } });
      expect(await p.submit(submission)).toMatchObject({ reason: 'outer code 0000 without a data object' });
      gateway.reply = () => ({ status: 200, body: { code: '0000', data: { tradeNo: submission.tradeNo } } });
      expect(await p.submit(submission)).toMatchObject({ reason: 'outer code 0000 without data.status' });
    });

    it('masks the beneficiary’s numbers wherever the answer quotes them, as JSON or as text', async () => {
      gateway.reply = () => ({ body: { ...accepted(), msg: `paying ${submission.beneficiary.accountNumber}, phone ${submission.beneficiary.phone}` } });
      const json = await provider(channel(baseUrl), httpClient).submit(submission);
      gateway.reply = () => ({ status: 502, body: `bad gateway for ${submission.beneficiary.accountNumber}` });
      const text = await provider(channel(baseUrl), httpClient).submit(submission);
      for (const outcome of [json, text]) {
        const record = JSON.stringify(outcome.exchange);
        expect(record).not.toContain(submission.beneficiary.accountNumber);
        expect(record).not.toContain(submission.beneficiary.phone);
        expect(record).toContain('*********0123');
      }
    });

    it('keeps an unparseable body for the record, without the secret', async () => {
      gateway.reply = () => ({ status: 200, body: `oops ${SECRET}` });
      const outcome = await provider(channel(baseUrl), httpClient).submit(submission);
      expect(outcome.kind).toBe('unknown');
      expect(outcome.exchange.response).toBe('oops [redacted]');
    });

    it('is unknown when the gateway takes the request and never answers', async () => {
      gateway.reply = () => 'hang';
      const slow = provider(channel(baseUrl, { timeouts: { responseMs: 200 } }), httpClient);
      const outcome = await slow.submit(submission);
      expect(outcome.kind).toBe('unknown');
      expect(gateway.requests).toHaveLength(1);
    });

    it('is not_sent when the connection is refused', async () => {
      const outcome = await provider(channel(await closedPortUrl()), httpClient).submit(submission);
      expect(outcome.kind).toBe('not_sent');
      expect(outcome.exchange.request).toMatchObject({ tradeNo: submission.tradeNo, sign: '[redacted]' });
    });

    it('refuses to send an invalid payout', async () => {
      const p = provider(channel(baseUrl), httpClient);
      expect(await p.submit({ ...submission, amountMinor: 5_000_050 })).toMatchObject({ kind: 'refused', code: 'INVALID_REQUEST' });
      expect(await p.submit({ ...submission, currency: 'MXN' })).toMatchObject({ kind: 'refused', code: 'INVALID_REQUEST' });
      expect(gateway.requests).toHaveLength(0);
    });
  });

  describe('query', () => {
    /** docs/gateways.md, source 003: answer. */
    const queryAnswer = (data: Record<string, unknown>) => ({
      msg: 'success',
      code: '0000',
      timestamp: 1728613339884,
      success: true,
      data: { platFormTradeNo: '63mz9aepqczdw280', tradeNo: 'test_00000002', orderAmount: '300.00', payAmount: '200.00', ...data },
    });

    it('posts {tradeNo, timestamp, sign} and reads the order', async () => {
      gateway.reply = () => ({ body: queryAnswer({ status: '0000', message: 'Success', successTime: '2024-10-12 12:59:32' }) });
      const outcome = await provider(channel(baseUrl), httpClient).query('test_00000002');

      const [request] = gateway.requests;
      expect(request.path).toBe('/indonesia-pay/v1/paypro/queryPayOutResult');
      expect(request.headers['merchantno']).toBe('8729248847');
      expect(Object.keys(request.body).sort()).toEqual(['sign', 'timestamp', 'tradeNo']);
      expect(request.body.tradeNo).toBe('test_00000002');
      expect(payproVerify(request.body, SECRET)).toBe(true);

      expect(outcome).toMatchObject({
        kind: 'found',
        report: {
          tradeNo: 'test_00000002',
          status: PayoutStatus.SUCCEEDED,
          rawStatus: '0000',
          providerReference: '63mz9aepqczdw280',
          amountMinor: 30_000,
          completedAt: new Date('2024-10-12T05:59:32Z'),
        },
        exchange: { operation: 'query', httpStatus: 200 },
      });
    });

    it('reads successTime in the configured offset', async () => {
      gateway.reply = () => ({ body: queryAnswer({ status: '0000', successTime: '2024-10-12 12:59:32' }) });
      const mx = provider(channel(baseUrl, { currency: 'MXN', options: { utcOffset: '-06:00' } }), httpClient);
      const outcome = await mx.query('test_00000002');
      expect(outcome).toMatchObject({ kind: 'found', report: { completedAt: new Date('2024-10-12T18:59:32Z') } });
    });

    it('falls back to data.amount (Nigeria) and reports a failure with its message', async () => {
      gateway.reply = () => ({
        body: { code: '0000', data: { tradeNo: 'n1', platFormTradeNo: 'p1', amount: 5000, status: '0100019', message: 'limit reached' } },
      });
      const outcome = await provider(channel(baseUrl, { currency: 'NGN' }), httpClient).query('n1');
      expect(outcome).toMatchObject({
        kind: 'found',
        report: { status: PayoutStatus.FAILED, amountMinor: 500_000, failure: { code: '0100019', message: 'limit reached' } },
      });
    });

    it('is not_found only for outer codes the channel lists', async () => {
      gateway.reply = () => ({ body: { code: '1004', msg: 'order not exist' } });
      const configured = provider(channel(baseUrl, { options: { notFoundCodes: ['1004'] } }), httpClient);
      expect(await configured.query('nope')).toMatchObject({ kind: 'not_found', exchange: { httpStatus: 200 } });
      const plain = provider(channel(baseUrl), httpClient);
      expect(await plain.query('nope')).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('1004') });
      gateway.reply = () => ({ status: 404, body: { code: '1004', msg: 'order not exist' } });
      expect(await configured.query('nope')).toMatchObject({ kind: 'not_found', exchange: { httpStatus: 404 } });
      gateway.reply = () => ({ body: { code: '1005', msg: 'other' } });
      expect(await configured.query('nope')).toMatchObject({ kind: 'unknown' });
    });

    it.each([
      ['a 5xx', { status: 503, body: { code: '1004' } }],
      ['a 500', { status: 500, body: { code: '1004' } }],
      ['a redirect', { status: 302, body: { code: '1004' } }],
      ['a garbage body', { status: 200, body: '<html>' }],
      ['0000 without data.status', { status: 200, body: { code: '0000', data: { tradeNo: 'q1' } } }],
      ['0000 about another tradeNo', { status: 200, body: { code: '0000', data: { tradeNo: 'q2', status: '00029' } } }],
    ])('is unknown, never failed, on %s', async (_label, reply) => {
      gateway.reply = () => reply;
      const outcome = await provider(channel(baseUrl, { options: { notFoundCodes: ['1004'] } }), httpClient).query('q1');
      expect(outcome.kind).toBe('unknown');
    });

    it.each<[string, string]>([
      ['an orderAmount in exponent form', '"orderAmount":"1e400"'],
      ['an orderAmount beyond a double', '"orderAmount":1e400'],
      ['an unsafe orderAmount', '"orderAmount":"99999999999999999999.00"'],
      ['a negative orderAmount', '"orderAmount":"-5.00"'],
      ['a negative Nigeria amount', '"amount":-5'],
    ])('is unknown, never found with a bad number, on %s', async (_label, field) => {
      gateway.reply = () => ({ body: `{"code":"0000","data":{"tradeNo":"q1","platFormTradeNo":"p1","status":"0000",${field}}}` });
      const outcome = await provider(channel(baseUrl), httpClient).query('q1');
      expect(outcome).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/^malformed amount/) });
    });

    it('is unknown, with what the gateway said, on an outer code other than 0000 or a 0000 outside a 2xx', async () => {
      const p = provider(channel(baseUrl, { options: { notFoundCodes: ['1004'] } }), httpClient);
      gateway.reply = () => ({ status: 200, body: { code: '1001', msg: 'sign error' } });
      expect(await p.query('q1')).toMatchObject({ kind: 'unknown', reason: 'HTTP 200 with outer code 1001: sign error' });
      gateway.reply = () => ({ status: 200, body: { msg: 'busy' } });
      expect(await p.query('q1')).toMatchObject({ kind: 'unknown', reason: 'HTTP 200 with outer code (none): busy' });
      gateway.reply = () => ({ status: 200, body: '<html>' });
      expect(await p.query('q1')).toMatchObject({ kind: 'unknown', reason: 'HTTP 200 with a body that is not a JSON object' });
      gateway.reply = () => ({ status: 500, body: queryAnswer({ tradeNo: 'q1', status: '0000' }) });
      expect(await p.query('q1')).toMatchObject({ kind: 'unknown', reason: 'HTTP 500 with outer code 0000: success' });
      gateway.reply = () => ({ status: 500, body: { code: '1004' } });
      expect(await p.query('q1')).toMatchObject({ kind: 'unknown', reason: 'HTTP 500 with outer code 1004:' });
    });

    it('is unknown when the gateway cannot be reached', async () => {
      const outcome = await provider(channel(await closedPortUrl()), httpClient).query('q1');
      expect(outcome.kind).toBe('unknown');
    });
  });

  describe('balance', () => {
    it('posts {timestamp, sign} and accepts the availablAmount spelling and string amounts', async () => {
      gateway.reply = () => ({
        body: { code: '0000', msg: 'success', data: { availablAmount: '1500000.50', freezeAmount: 0, unsettledAmount: '250' } },
      });
      const balance = await provider(channel(baseUrl), httpClient).balance!();
      const [request] = gateway.requests;
      expect(request.path).toBe('/indonesia-pay/v1/paypro/queryBalance');
      expect(Object.keys(request.body).sort()).toEqual(['sign', 'timestamp']);
      expect(payproVerify(request.body, SECRET)).toBe(true);
      expect(balance).toEqual({ currency: 'IDR', availableMinor: 150_000_050, frozenMinor: 0, unsettledMinor: 25_000 });
    });

    it('reads availableAmount as a number, and gives no frozen or unsettled amount the answer does not have', async () => {
      gateway.reply = () => ({ body: { code: '0000', data: { availableAmount: 1234.5 } } });
      expect(await provider(channel(baseUrl), httpClient).balance!()).toStrictEqual({ currency: 'IDR', availableMinor: 123_450 });
    });

    it.each([
      ['an outer error code', { body: { code: '1001', msg: 'sign error' } }, 'outer code 1001: sign error'],
      ['no outer code', { body: { msg: 'busy' } }, 'outer code (none): busy'],
      ['no data', { body: { code: '0000' } }, 'balance answer without a data object'],
      ['no available amount', { body: { code: '0000', data: { freezeAmount: 1 } } }, 'balance answer without a readable availableAmount'],
      ['a 5xx', { status: 500, body: { code: '0000', data: { availableAmount: 1 } } }, 'HTTP 500'],
    ])('names the channel and the reason on %s', async (_label, reply, reason) => {
      gateway.reply = () => reply;
      await expect(provider(channel(baseUrl), httpClient).balance!()).rejects.toThrow(`Payout channel "${channel(baseUrl).code}" balance: ${reason}`);
    });

    it('says only the outer code when the gateway gives no message', async () => {
      gateway.reply = () => ({ body: { code: '1001' } });
      await expect(provider(channel(baseUrl), httpClient).balance!()).rejects.toMatchObject({ message: 'Payout channel "paypro-idn" balance: outer code 1001:' });
    });

    it.each([
      ['an outer error code', { body: { code: '1001', msg: 'sign error' } }],
      ['no available amount', { body: { code: '0000', data: { freezeAmount: 1 } } }],
      ['a 5xx', { status: 500, body: 'boom' }],
    ])('throws GatewayUnavailableError on %s', async (_label, reply) => {
      gateway.reply = () => reply;
      await expect(provider(channel(baseUrl), httpClient).balance!()).rejects.toThrow(GatewayUnavailableError);
    });
  });
});
