import request from 'supertest';
import { Balance, PayoutsModuleOptions, PayoutStatus } from '../src/payouts';
import { PayoutEntity } from '../src/payouts/persistence/payout.entity';
import { PayoutAttemptEntity } from '../src/payouts/persistence/payout-attempt.entity';
import { ChannelFundsEntity } from '../src/payouts/funds/channel-funds.entity';
import { PayoutOutboxEntity } from '../src/payouts/events/payout-outbox.entity';
import { Sandbox, startSandbox } from '../src/sandbox';
import { sandboxRequest } from '../src/example/sample-payouts';
import { eventually } from './support/eventually';
import { ScriptedProtocol, ScriptedProvider } from './support/scripted-protocol';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Funds-aware sending (issue 18) on the Cashy sandbox, whose balance is live: an accepted order
 * draws on it and a payOut it does not cover is refused with MERCHANT_BALANCE_NOT_ENOUGH. Each
 * payout is 150.00 PEN.
 */
const CHANNEL = 'cashy-per';
const DAY = 86_400_000;
let seq = 0;

interface View {
  id: string;
  tradeNo: string;
  status: PayoutStatus;
  holdReason: string | null;
  failure: { code: string } | null;
}

async function setup(balance: string, options: Record<string, unknown> = {}, payouts: Partial<PayoutsModuleOptions> = {}): Promise<{ sandbox: Sandbox; t: TestApp }> {
  const sandbox = await startSandbox({ basePort: 0, completeAfterMs: 50, timeScale: 0.001, balances: { [CHANNEL]: balance } });
  const channel = sandbox.channels.find((c) => c.code === CHANNEL)!;
  const t = await createTestApp({
    channels: [{ ...channel, options: { ...channel.options, ...options } }],
    // Every poll round may read the balance again; a week to wait for funds.
    payouts: { funds: { balanceIntervalMs: 1 }, ...payouts },
  });
  return { sandbox, t };
}

describe('funds-aware sending', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
    await sandbox?.close();
  });

  const simulator = () => sandbox.simulators[CHANNEL];
  const create = async (name = 'Juan Perez') =>
    (await request(t.url).post('/payouts').send(sandboxRequest(CHANNEL, `funds-${++seq}-${Date.now()}`, name)).expect(201)).body as View;
  const view = async (id: string) => (await request(t.url).get(`/payouts/${id}`).expect(200)).body as View;
  const addFunds = async (add: string) => {
    const res = await fetch(`${simulator().origin}/__sandbox/balance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ add }) });
    expect(res.status).toBe(200);
  };
  const statuses = async (ids: string[]) => {
    const rows = await t.dataSource.getRepository(PayoutEntity).find({ where: ids.map((id) => ({ id })) });
    return rows.map((r) => r.status);
  };

  it('sends what the balance covers, queues the rest in order, and releases them first come, first served when funds arrive', async () => {
    ({ sandbox, t } = await setup('9000.00'));
    const created: View[] = [];
    for (let i = 0; i < 100; i++) created.push(await create());
    const sent = created.slice(0, 60);
    const queued = created.slice(60);
    expect(sent.every((p) => p.status !== PayoutStatus.QUEUED && p.status !== PayoutStatus.FAILED)).toBe(true);
    expect(queued.map((p) => [p.status, p.holdReason])).toEqual(queued.map(() => [PayoutStatus.QUEUED, 'insufficient_funds']));
    // Queued payouts were never offered to the gateway.
    expect(simulator().counters).toMatchObject({ ordersAccepted: 60, createsRefused: 0 });
    expect(queued.every((p) => !simulator().ledger.peekStats(p.tradeNo))).toBe(true);

    // A poll round without new money releases nothing.
    await t.poller.pollOnce();
    expect(new Set(await statuses(queued.map((p) => p.id)))).toEqual(new Set([PayoutStatus.QUEUED]));

    // Money for 20 more: the 20 queued first get it, the 20 after them keep waiting.
    await addFunds('3000.00');
    await t.poller.pollOnce();
    expect(await statuses(queued.slice(0, 20).map((p) => p.id))).not.toContain(PayoutStatus.QUEUED);
    expect(new Set(await statuses(queued.slice(20).map((p) => p.id)))).toEqual(new Set([PayoutStatus.QUEUED]));
    expect(simulator().counters.ordersAccepted).toBe(80);

    await addFunds('3000.00');
    await eventually(async () => {
      await t.poller.pollOnce();
      expect(new Set(await statuses(created.map((p) => p.id)))).toEqual(new Set([PayoutStatus.SUCCEEDED]));
    }, 20_000, 50);
    // Each sent once under its own trade number; none failed for funds, none refused.
    expect(queued.every((p) => simulator().ledger.stats(p.tradeNo).createRequests === 1)).toBe(true);
    expect(simulator().counters).toMatchObject({ ordersAccepted: 100, createsRefused: 0, duplicateCreatesRefused: 0 });
  }, 60_000);

  it('queues a payout the gateway refuses for funds (a first send: nothing placed), and sends it once money is there', async () => {
    ({ sandbox, t } = await setup('9000.00'));
    await create();
    // The module still counts on the 9000.00 it read; the gateway's money went elsewhere.
    const spent = await fetch(`${simulator().origin}/__sandbox/balance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"available":"100.00"}' });
    expect(spent.status).toBe(200);
    const refused = await create();
    expect(refused).toMatchObject({ status: PayoutStatus.QUEUED, holdReason: 'insufficient_funds', failure: null });
    expect(simulator().ledger.stats(refused.tradeNo)).toMatchObject({ createRequests: 1, acceptedCreates: 0 });
    const row = await t.dataSource.getRepository(PayoutEntity).findOneByOrFail({ id: refused.id });
    expect(row.lastSentAt).toBeNull();
    // The refusal is on record as the gateway answered it, and the row says why it waits, for a week.
    const [attempt] = await t.dataSource.getRepository(PayoutAttemptEntity).findBy({ payoutId: refused.id });
    expect(attempt).toMatchObject({ operation: 'submit', outcome: 'refused', request: { mchOrderNo: refused.tradeNo } });
    expect(JSON.stringify(attempt.response)).toContain('MERCHANT_BALANCE_NOT_ENOUGH');
    expect(row.lastError).toMatch(/^refused for funds \(.*MERCHANT_BALANCE_NOT_ENOUGH.*\); waiting for funds$/);
    expect(row.fundsReserved).toBe(false);
    expect(row.nextPollAt!.getTime()).toBeGreaterThan(Date.now() + 6 * DAY);
    // Nothing is known to be available now: the next payout waits behind it without being offered.
    const behind = await create();
    expect(behind.status).toBe(PayoutStatus.QUEUED);
    expect(simulator().ledger.peekStats(behind.tradeNo)).toBeUndefined();

    await addFunds('1000.00');
    await eventually(async () => {
      await t.poller.pollOnce();
      expect(await statuses([refused.id, behind.id])).toEqual([PayoutStatus.SUCCEEDED, PayoutStatus.SUCCEEDED]);
    }, 20_000, 50);
    expect(simulator().ledger.stats(refused.tradeNo)).toMatchObject({ createRequests: 2, acceptedCreates: 1 });
    const metrics = (await request(t.url).get('/metrics').expect(200)).text;
    expect(metrics).toContain(`payouts_queued_total{channel="${CHANNEL}",reason="refused_for_funds"} 1`);
  }, 60_000);

  it('cancels a payout that waited for funds past its window, and lets an operator cancel one', async () => {
    ({ sandbox, t } = await setup('100.00'));
    const first = await create();
    const second = await create();
    expect([first.status, second.status]).toEqual([PayoutStatus.QUEUED, PayoutStatus.QUEUED]);
    const balance = (await request(t.url).get(`/payouts/channels/${CHANNEL}/balance`).expect(200)).body;
    expect(balance).toMatchObject({ available: '100.00', holdsWhenShort: true, queuedCount: 2, queuedAmount: '300.00' });
    await request(t.url).post(`/payouts/${second.id}/cancel`).send({ note: 'paid by hand' }).expect(200);
    expect(await view(second.id)).toMatchObject({ status: PayoutStatus.CANCELLED, failure: { code: 'CANCELLED_BY_OPERATOR' } });
    await t.poller.pollOnce(new Date(Date.now() + 8 * DAY));
    expect(await view(first.id)).toMatchObject({ status: PayoutStatus.CANCELLED, holdReason: null, failure: { code: 'QUEUE_EXPIRED' } });
    expect(simulator().counters.createRequests).toBe(0);
    // The queue is empty now: a payout the balance covers is sent, not held behind nothing.
    await t.poller.pollOnce();
    const small = (await request(t.url).post('/payouts').send({ ...sandboxRequest(CHANNEL, `funds-after-${Date.now()}`), amount: '50.00' }).expect(201)).body as View;
    expect(small.status).not.toBe(PayoutStatus.QUEUED);
  });

  it('sends and fails as before on a channel that does not hold payouts', async () => {
    ({ sandbox, t } = await setup('100.00', { holdWhenShort: false }));
    const p = await create();
    expect(p).toMatchObject({ status: PayoutStatus.FAILED, failure: { code: 'MERCHANT_BALANCE_NOT_ENOUGH' } });
    expect(await t.dataSource.getRepository(ChannelFundsEntity).count()).toBe(0);
  });

  it('queues an approved payout the balance cannot cover instead of sending it, and sends it when funds arrive', async () => {
    const key = (id: string) => `${id}-key-0123456789abcdef`;
    ({ sandbox, t } = await setup('100.00', {}, {
      apiKeys: [{ id: 'maker', key: key('maker'), roles: ['operator'] }, { id: 'checker', key: key('checker'), roles: ['approver'] }],
      approvals: { [CHANNEL]: { thresholds: [{ over: '100.00', approvals: 1 }] } },
    }));
    const res = await request(t.url).post('/payouts').set('x-api-key', key('maker')).send(sandboxRequest(CHANNEL, `funds-approval-${Date.now()}`)).expect(201);
    expect(res.body.status).toBe(PayoutStatus.PENDING_APPROVAL);
    const approved = await request(t.url).post(`/payouts/${res.body.id}/approve`).set('x-api-key', key('checker')).send({}).expect(200);
    expect(approved.body).toMatchObject({ status: PayoutStatus.QUEUED, holdReason: 'insufficient_funds' });
    expect(simulator().counters.createRequests).toBe(0);
    await addFunds('100.00');
    await eventually(async () => {
      await t.poller.pollOnce();
      expect(await statuses([res.body.id])).toEqual([PayoutStatus.SUCCEEDED]);
    }, 20_000, 50);
    expect(simulator().counters).toMatchObject({ createRequests: 1, ordersAccepted: 1 });
  }, 60_000);

  it('reserves atomically: concurrent creates never commit more than the balance', async () => {
    ({ sandbox, t } = await setup('1500.00'));
    await create(); // the first read of the balance
    const created = await Promise.all(Array.from({ length: 25 }, () => create()));
    const queued = created.filter((p) => p.status === PayoutStatus.QUEUED);
    expect(queued).toHaveLength(16);
    expect(simulator().counters).toMatchObject({ ordersAccepted: 10, createsRefused: 0 });
  }, 60_000);

  it('reserves once per payout: idempotent replays, concurrent or later, leave no reservation behind', async () => {
    ({ sandbox, t } = await setup('1500.00'));
    await create(); // the first read of the balance
    const body = sandboxRequest(CHANNEL, `funds-replay-${Date.now()}`, 'Juan Perez');
    const answers = await Promise.all(Array.from({ length: 6 }, () => request(t.url).post('/payouts').send(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    await request(t.url).post('/payouts').send(body).expect(200);
    const funds = await t.dataSource.getRepository(ChannelFundsEntity).findOneByOrFail({ channel: CHANNEL });
    // Two payouts of 150.00 PEN exist: two reservations, whatever the replays did.
    expect(funds.committed).toBe(2 * 15_000);
  }, 60_000);

  it('emits payout.low_balance once per fall under the threshold, through the outbox', async () => {
    ({ sandbox, t } = await setup('9000.00', { lowBalanceBelow: '1000.00' }, { funds: { balanceIntervalMs: 1, balanceRefreshMs: 1 } }));
    const setBalance = (available: string) =>
      fetch(`${simulator().origin}/__sandbox/balance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ available }) });
    const lowEvents = () => t.dataSource.getRepository(PayoutOutboxEntity).find({ where: { eventName: 'payout.low_balance' }, order: { sequence: 'ASC' } });
    await t.poller.pollOnce();
    expect(await lowEvents()).toHaveLength(0);
    await setBalance('500.00');
    await t.poller.pollOnce();
    await t.poller.pollOnce();
    const [first, ...more] = await lowEvents();
    expect(more).toHaveLength(0);
    expect(first).toMatchObject({ payoutId: CHANNEL, toStatus: null, payload: { channel: CHANNEL, currency: 'PEN', available: '500.00', threshold: '1000.00' } });
    await setBalance('5000.00');
    await t.poller.pollOnce();
    await setBalance('10.00');
    await t.poller.pollOnce();
    expect((await lowEvents()).map((e) => (e.payload as { available: string }).available)).toEqual(['500.00', '10.00']);
  });

  it('holds the batch rows the balance cannot cover when the poller sends them', async () => {
    ({ sandbox, t } = await setup('450.00'));
    const items = Array.from({ length: 5 }, (_, i) => sandboxRequest(CHANNEL, `funds-batch-${Date.now()}-${i}`));
    const accepted = await request(t.url).post('/payouts/batches').send({ batchReference: `funds-batch-${Date.now()}`, items }).expect(202);
    await eventually(async () => {
      await t.poller.pollOnce();
      // The poller sends rows concurrently: which three get the money is not ordered, how many is.
      const rows = await t.dataSource.getRepository(PayoutEntity).find({ where: { batchId: accepted.body.batch.id } });
      expect(rows.filter((r) => r.status === PayoutStatus.QUEUED)).toHaveLength(2);
      expect(rows.filter((r) => r.status === PayoutStatus.CREATED)).toHaveLength(0);
    }, 20_000, 50);
    expect(simulator().counters).toMatchObject({ ordersAccepted: 3, createsRefused: 0 });
  }, 60_000);

  it('queues a payout that would fit behind one that waits (first come, first served), and releases both when funds arrive', async () => {
    ({ sandbox, t } = await setup('100.00'));
    const big = await create();
    const small = (await request(t.url).post('/payouts').send({ ...sandboxRequest(CHANNEL, `funds-small-${Date.now()}`), amount: '50.00' }).expect(201)).body as View;
    expect([big.status, small.status]).toEqual([PayoutStatus.QUEUED, PayoutStatus.QUEUED]);
    expect(simulator().counters.createRequests).toBe(0);
    await addFunds('100.00');
    await eventually(async () => {
      await t.poller.pollOnce();
      expect(await statuses([big.id, small.id])).toEqual([PayoutStatus.SUCCEEDED, PayoutStatus.SUCCEEDED]);
    }, 20_000, 50);
  }, 60_000);
});

/** A scripted gateway that reports a balance, so the module reserves each first send against it. */
class FundedProvider extends ScriptedProvider {
  availableMinor = 0;
  async balance(): Promise<Balance> {
    return { currency: this.channel.currency, availableMinor: this.availableMinor };
  }
}

describe('funds-aware sending: reservations given back', () => {
  let t: TestApp;
  let gateway: FundedProvider;
  beforeEach(async () => {
    const protocol = new ScriptedProtocol((channel) => new FundedProvider(channel));
    t = await createTestApp({
      channels: [{ code: 'funded-idr', protocol: 'scripted', currency: 'IDR', secret: 'fake-secret', options: { holdWhenShort: true } }],
      payouts: { protocols: [protocol], funds: { balanceIntervalMs: 60_000 } },
    });
    gateway = protocol.providers.get('funded-idr') as FundedProvider;
    gateway.availableMinor = 200_000; // two payouts of 1,000.00 IDR
  });
  afterEach(() => t.close());

  const create = (name: string) =>
    t.service.create({ merchantReference: `funded-${++seq}-${Date.now()}`, channel: 'funded-idr', amount: '1000.00', currency: 'IDR', beneficiary: { name, accountNumber: '1234567890' } });
  /** A batch of 1,000.00 IDR payouts, one per name; answers a reader of its rows. */
  const sendBatch = async (names: string[]) => {
    const items = names.map((name) => ({ merchantReference: `funded-batch-${++seq}-${Date.now()}`, channel: 'funded-idr', amount: '1000.00', currency: 'IDR', beneficiary: { name, accountNumber: '1234567890' } }));
    const accepted = await request(t.url).post('/payouts/batches').send({ batchReference: `funded-batch-${++seq}-${Date.now()}`, items }).expect(202);
    return () => t.dataSource.getRepository(PayoutEntity).find({ where: { batchId: accepted.body.batch.id } });
  };
  const committed = async () => (await t.dataSource.getRepository(ChannelFundsEntity).findOneByOrFail({ channel: 'funded-idr' })).committed;

  it('frees what a payout the gateway refused had reserved: the balance covers the next ones', async () => {
    const refused = (await create('REFUSE this one')).payout;
    expect([refused.status, refused.failure?.code]).toEqual([PayoutStatus.FAILED, 'FAKE_REFUSED']);
    expect(await t.service.load(refused.id)).toMatchObject({ attempts: 1, lastError: null });
    const [attempt] = await t.dataSource.getRepository(PayoutAttemptEntity).findBy({ payoutId: refused.id });
    expect(attempt).toMatchObject({ operation: 'submit', outcome: 'refused', request: { tradeNo: refused.tradeNo, amount: 100_000 } });
    expect(await committed()).toBe(0);
    // Nothing left the account: the balance read still covers two payouts.
    const next = await Promise.all([create('Budi Santoso'), create('Siti Aminah')]);
    expect(next.map((r) => r.payout.status)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.PROCESSING]);
    expect(await committed()).toBe(200_000);
    expect((await create('Dewi Lestari')).payout).toMatchObject({ status: PayoutStatus.QUEUED, holdReason: 'insufficient_funds' });
  });

  it('keeps what a payout whose outcome is unknown reserved: its order may have been placed', async () => {
    const unknown = (await create('TIMEOUT after placing')).payout;
    expect(unknown.status).toBe(PayoutStatus.UNKNOWN);
    expect(await committed()).toBe(100_000);
    expect((await create('Budi Santoso')).payout.status).toBe(PayoutStatus.PROCESSING);
    expect((await create('Siti Aminah')).payout).toMatchObject({ status: PayoutStatus.QUEUED, holdReason: 'insufficient_funds' });
  });

  it('frees the reservation of a batch row the gateway refused when the poller sent it', async () => {
    gateway.availableMinor = 300_000;
    const rows = await sendBatch(['REFUSE this row', 'Budi Santoso', 'Siti Aminah']);
    await eventually(async () => {
      await t.poller.pollOnce();
      expect((await rows()).map((r) => r.status).sort()).toEqual([PayoutStatus.FAILED, PayoutStatus.PROCESSING, PayoutStatus.PROCESSING]);
    }, 20_000, 50);
    // Each row reserved its amount when it was sent; the refused one gave it back.
    expect(await committed()).toBe(200_000);
    expect((await create('Dewi Lestari')).payout.status).toBe(PayoutStatus.PROCESSING);
  }, 60_000);

  it('queues, unsent and for the queue window, a batch row the balance cannot cover when the poller sends it', async () => {
    const rows = await sendBatch(['Budi Santoso', 'Siti Aminah', 'Dewi Lestari']);
    await eventually(async () => {
      await t.poller.pollOnce();
      expect((await rows()).filter((r) => r.status === PayoutStatus.CREATED)).toEqual([]);
    }, 20_000, 50);
    const queued = (await rows()).filter((r) => r.status === PayoutStatus.QUEUED);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ holdReason: 'insufficient_funds', lastSentAt: null, leaseToken: null, leaseOwner: null });
    expect(queued[0].nextPollAt!.getTime()).toBeGreaterThan(Date.now() + 6 * DAY);
    expect(await t.dataSource.getRepository(PayoutAttemptEntity).countBy({ payoutId: queued[0].id })).toBe(0);
  }, 60_000);

  it('never asks the gateway about a payout that waits for funds: a refresh answers it as it is', async () => {
    await Promise.all([create('Budi Santoso'), create('Siti Aminah')]);
    const queued = (await create('Dewi Lestari')).payout;
    expect(queued.status).toBe(PayoutStatus.QUEUED);
    expect(await t.service.refresh(queued.id)).toMatchObject({ status: PayoutStatus.QUEUED, holdReason: 'insufficient_funds' });
    expect((await t.service.load(queued.id)).lastError).toBeNull();
    expect(await t.dataSource.getRepository(PayoutAttemptEntity).findBy({ payoutId: queued.id })).toEqual([]);
  });
});
