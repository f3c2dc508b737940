import { createHash } from 'node:crypto';
import { postJson, waitFor } from './__fixtures__/raw-http';
import { Sandbox, startSandbox } from './start-sandbox';

describe(startSandbox.name, () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ basePort: 0, completeAfterMs: 10, timeScale: 0.001 });
  });
  afterAll(() => sandbox.close());

  it('starts four simulators and describes them as channels', () => {
    expect(sandbox.channels.map((c) => [c.code, c.protocol, c.variant, c.currency])).toEqual([
      ['paypro-idn', 'paypro', 'bank', 'IDR'],
      ['paypro-mex', 'paypro', 'mexico', 'MXN'],
      ['vexora-idn', 'vexora', 'bank', 'IDR'],
      ['cashy-per', 'cashy', undefined, 'PEN'],
    ]);
    const idn = sandbox.channels[0];
    expect(idn.baseUrl).toBe(`${sandbox.simulators['paypro-idn'].origin}/indonesia-pay`);
    expect(idn.options).toEqual({ utcOffset: '+07:00', notFoundCodes: ['1004'], refusalCodes: ['1001', '1002', '1003'] });
    expect(sandbox.channels[3].options).toEqual({ utcOffset: '-05:00', notFoundMessages: ['Order_not_exist'] });
    expect(new Set(Object.values(sandbox.simulators).map((s) => s.port)).size).toBe(4);
  });

  it('accepts a Vexora payout signed with the channel credentials at the channel base URL', async () => {
    const channel = sandbox.channels.find((c) => c.code === 'vexora-idn')!;
    const fields: Record<string, unknown> = {
      timestamp: Date.now(),
      tradeNo: 'SBX-1',
      amount: '15000',
      bankCode: '0002',
      bankAccountNo: '1234567890',
      customerName: 'Budi',
      mobile: '081234567890',
      email: 'budi@example.com',
      notifyUrl: 'http://127.0.0.1:9/cb',
    };
    const text = Object.keys(fields).sort().map((k) => `${k}=${String(fields[k])}`).join('');
    const sign = createHash('md5').update(text + channel.secret!).digest('hex');

    const reply = await postJson(`${channel.baseUrl}/v1/vexora/disbursements`, { merchantNo: channel.merchantId! }, JSON.stringify({ ...fields, sign }));

    expect(JSON.parse(reply.body)).toMatchObject({ code: '0000', data: { tradeNo: 'SBX-1', status: '0015' } });
    await waitFor('completion', () => sandbox.simulators['vexora-idn'].ledger.order('SBX-1')?.state === 'succeeded');
  });
});
