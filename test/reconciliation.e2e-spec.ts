import { CreatePayoutInput, PayoutStatus } from '../src/payouts';
import { PayoutEntity } from '../src/payouts/persistence/payout.entity';
import { sendFakeCallback } from './support/fake-callbacks';
import { ScriptedProtocol, ScriptedProvider } from './support/scripted-protocol';
import { passDatabaseTime } from './support/database-time';
import { createTestApp, TestApp } from './support/test-app';

const HOUR = 3_600_000;
let seq = 0;
const input = (name = 'Budi Santoso', channel = 'scripted-a'): CreatePayoutInput => ({
  merchantReference: `rec-${++seq}-${Date.now()}`,
  channel,
  amount: '1000.00',
  currency: 'IDR',
  beneficiary: { name, accountNumber: '1234567890' },
});

describe('reconciliation', () => {
  let t: TestApp;
  let protocol: ScriptedProtocol;
  let gateway: ScriptedProvider;
  let other: ScriptedProvider;

  beforeAll(async () => {
    protocol = new ScriptedProtocol();
    t = await createTestApp({
      channels: [
        { code: 'scripted-a', protocol: 'scripted', currency: 'IDR', secret: 'fake-secret' },
        { code: 'scripted-b', protocol: 'scripted', currency: 'IDR', secret: 'fake-secret' },
      ],
      payouts: { protocols: [protocol], polling: { createdGraceMs: 60_000, unknownGraceMs: 60_000, deadlineMs: 72 * HOUR, concurrency: 4, ratePerChannel: 0 } },
    });
    gateway = protocol.providers.get('scripted-a')!;
    other = protocol.providers.get('scripted-b')!;
  });
  afterAll(() => t.close());
  afterEach(() => {
    gateway.crashBeforeSend = gateway.crashAfterSend = gateway.queryThrows = gateway.queryUnknown = false;
    gateway.beforeAnswer = undefined;
    other.queryThrows = false;
  });

  const row = (id: string) => t.service.load(id);
  const pollAt = async (offsetMs: number) => {
    await passDatabaseTime(t.dataSource, offsetMs);
    return t.poller.pollOnce(new Date(Date.now() + offsetMs));
  };
  async function createCrashing(where: 'before' | 'after'): Promise<PayoutEntity> {
    gateway[where === 'before' ? 'crashBeforeSend' : 'crashAfterSend'] = true;
    const req = input();
    await expect(t.service.create(req)).rejects.toThrow('simulated crash');
    gateway.crashBeforeSend = gateway.crashAfterSend = false;
    const view = await t.service.getByMerchantReference(req.merchantReference);
    expect(view!.status).toBe(PayoutStatus.CREATED);
    return row(view!.id);
  }

  it('sends a payout left CREATED by a crash between saving and sending, once, after the grace period', async () => {
    const p = await createCrashing('before');
    expect(gateway.submissions.get(p.tradeNo)).toBeUndefined();
    await pollAt(0); // still within the grace period
    expect((await row(p.id)).status).toBe(PayoutStatus.CREATED);
    await pollAt(2 * 60_000);
    expect(gateway.submissions.get(p.tradeNo)).toBe(1);
    expect((await row(p.id)).status).not.toBe(PayoutStatus.CREATED);
    await pollAt(HOUR);
    expect((await row(p.id)).status).toBe(PayoutStatus.SUCCEEDED);
    expect(gateway.submissions.get(p.tradeNo)).toBe(1);
  });

  it('finds, and never resends, a payout placed just before a crash', async () => {
    const p = await createCrashing('after');
    expect(gateway.orders.has(p.tradeNo)).toBe(true);
    await pollAt(2 * 60_000);
    const after = await row(p.id);
    expect(after.status).toBe(PayoutStatus.SUCCEEDED);
    expect(after.tradeNo).toBe(p.tradeNo);
    expect(gateway.submissions.get(p.tradeNo)).toBe(1);
  });

  it('ends right when the success callback arrives before the create call has returned', async () => {
    let callbackStatus = 0;
    gateway.beforeAnswer = async (s) => {
      const res = await sendFakeCallback(t.url, 'scripted-a', { tradeNo: s.tradeNo, status: 'SUCCEEDED', amount: s.amountMinor });
      callbackStatus = res.status;
    };
    const { payout } = await t.service.create(input());
    expect(callbackStatus).toBe(200);
    // The create answer (PROCESSING) came after the callback (SUCCEEDED) and must not undo it.
    expect(payout.status).toBe(PayoutStatus.SUCCEEDED);
    expect((await row(payout.id)).status).toBe(PayoutStatus.SUCCEEDED);
  });

  it('settles an UNKNOWN payout by querying its trade number, without resubmitting', async () => {
    const { payout } = await t.service.create(input('TIMEOUT then fine'));
    expect(payout.status).toBe(PayoutStatus.UNKNOWN);
    await pollAt(HOUR);
    expect((await row(payout.id)).status).toBe(PayoutStatus.SUCCEEDED);
    expect(gateway.submissions.get(payout.tradeNo)).toBe(1);
  });

  it('resubmits under the same trade number when the gateway does not know an UNKNOWN payout after the grace period', async () => {
    const { payout } = await t.service.create(input('TIMEOUT then lost'));
    gateway.orders.delete(payout.tradeNo); // the gateway never got it
    await pollAt(30_000); // not found, but within the grace period: wait
    expect(gateway.submissions.get(payout.tradeNo)).toBe(1);
    expect((await row(payout.id)).lastError).toContain('does not know');
    await pollAt(HOUR);
    expect(gateway.submissions.get(payout.tradeNo)).toBe(2);
    expect(gateway.orders.has(payout.tradeNo)).toBe(true);
    expect((await row(payout.id)).tradeNo).toBe(payout.tradeNo);
  });

  it('keeps a payout that stays unsettled past the deadline, flagged for attention and never failed', async () => {
    const { payout } = await t.service.create(input('TIMEOUT forever'));
    gateway.queryUnknown = true;
    await pollAt(HOUR);
    expect((await row(payout.id)).attention).toBe(false);
    const at = Date.now() + 73 * HOUR;
    await passDatabaseTime(t.dataSource, 73 * HOUR);
    await t.poller.pollOnce(new Date(at));
    const r = await row(payout.id);
    expect(r.status).toBe(PayoutStatus.UNKNOWN);
    expect(r.attention).toBe(true);
    expect(r.attentionReason).toContain('deadline');
    // Still polled, at the slowest rate of the schedule (6 h by default).
    expect(r.nextPollAt!.getTime() - at).toBe(6 * HOUR);
    expect(gateway.submissions.get(payout.tradeNo)).toBe(1);
  });

  it('stores errors on the row and keeps working other channels', async () => {
    const a = await t.service.create(input('TIMEOUT a'));
    const b = await t.service.create(input('TIMEOUT b', 'scripted-b'));
    gateway.queryThrows = true;
    await pollAt(HOUR);
    expect((await row(a.payout.id)).lastError).toContain('simulated query failure');
    expect((await row(a.payout.id)).status).toBe(PayoutStatus.UNKNOWN);
    expect((await row(b.payout.id)).status).toBe(PayoutStatus.SUCCEEDED);
  });
});
