import { CreatePayoutInput, PayoutStatus } from '../src/payouts';
import { PayoutAttemptEntity } from '../src/payouts/persistence/payout-attempt.entity';
import { PayoutOutboxEntity } from '../src/payouts/events/payout-outbox.entity';
import { passDatabaseTime } from './support/database-time';
import { ScriptedProtocol, ScriptedProvider } from './support/scripted-protocol';
import { createTestApp, TestApp } from './support/test-app';

/**
 * No wrong final state under any timing (issue 11, items 1, 2 and 6), against a scripted gateway
 * whose timing the test holds in its hand. The sandbox-gateway versions are in
 * final-states-sandbox.e2e-spec.ts.
 */
const HOUR = 3_600_000;
const LEASE_MS = 2_000;
let seq = 0;
const input = (name = 'Budi Santoso'): CreatePayoutInput => ({
  merchantReference: `fs-${++seq}-${Date.now()}`,
  channel: 'scripted-a',
  amount: '1000.00',
  currency: 'IDR',
  beneficiary: { name, accountNumber: '1234567890' },
});

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('never a wrong final state', () => {
  let t: TestApp;
  let gateway: ScriptedProvider;

  beforeAll(async () => {
    const protocol = new ScriptedProtocol();
    t = await createTestApp({
      channels: [{ code: 'scripted-a', protocol: 'scripted', currency: 'IDR', secret: 'fake-secret', timeouts: { connectMs: 500, responseMs: 1_000 } }],
      payouts: { protocols: [protocol], polling: { leaseMs: LEASE_MS, createdGraceMs: 60_000, unknownGraceMs: 60_000, concurrency: 4, ratePerChannel: 0 } },
    });
    gateway = protocol.providers.get('scripted-a')!;
  });
  afterAll(() => t.close());
  afterEach(() => {
    gateway.queryLags = gateway.queryUnknown = false;
    gateway.beforeQuery = undefined;
  });

  const row = (id: string) => t.service.load(id);
  const pollLater = async (ms: number) => {
    await passDatabaseTime(t.dataSource, ms);
    return t.poller.pollOnce(new Date(Date.now() + ms));
  };
  const eventsOf = async (id: string) =>
    (await t.dataSource.getRepository(PayoutOutboxEntity).find({ where: { payoutId: id }, order: { sequence: 'ASC' } })).map((e) => e.toStatus);

  it('never fails a payout on a refused resend: the first send may have been placed', async () => {
    // The create answer is lost (UNKNOWN) although the gateway placed the order and pays it.
    const { payout } = await t.service.create(input('TIMEOUT then paid'));
    expect(payout.status).toBe(PayoutStatus.UNKNOWN);
    expect(await row(payout.id)).toMatchObject({ attempts: 1, lastError: 'outcome unknown: fake timeout after the order was placed' });
    // Its queries lag behind and say "no such order" past the grace period: the poller resends,
    // and the gateway refuses the duplicate trade number.
    gateway.queryLags = true;
    await pollLater(HOUR);
    expect(gateway.submissions.get(payout.tradeNo)).toBe(2);
    const refused = await row(payout.id);
    expect(refused.status).toBe(PayoutStatus.UNKNOWN);
    expect(refused.failureCode).toBeNull();
    expect(refused.lastError).toMatch(/^resend refused \(.+\); an earlier send may have been placed$/);
    expect(refused.attention).toBe(true);
    expect(refused.attentionReason).toMatch(/^resend refused \(.+\): an earlier send may have been placed; the payout is queried, never failed$/);
    expect(await eventsOf(payout.id)).toEqual([PayoutStatus.UNKNOWN]);
    // Once the gateway's answer catches up, the payout ends as the gateway has it.
    gateway.queryLags = false;
    await pollLater(3 * HOUR);
    expect((await row(payout.id)).status).toBe(PayoutStatus.SUCCEEDED);
    expect(await eventsOf(payout.id)).toEqual([PayoutStatus.UNKNOWN, PayoutStatus.SUCCEEDED]);
  });

  it('fails a payout on a definite refusal of its first send only', async () => {
    const { payout } = await t.service.create(input('REFUSE me'));
    expect(payout.status).toBe(PayoutStatus.FAILED);
    expect(payout.failure).toMatchObject({ code: 'FAKE_REFUSED' });
  });

  it('keeps a payout whose send never left (connection refused) as never sent: the poller sends it again without asking first', async () => {
    const { payout } = await t.service.create(input('UNREACHABLE'));
    expect(payout.status).toBe(PayoutStatus.CREATED);
    expect((await row(payout.id)).lastSentAt).toBeNull();
    await pollLater(HOUR);
    expect(gateway.submissions.get(payout.tradeNo)).toBe(2);
    const attempts = await t.dataSource.getRepository(PayoutAttemptEntity).find({ where: { payoutId: payout.id } });
    expect(attempts.map((a) => a.operation)).toEqual(['submit', 'submit']);
  });

  it('does not resend before the grace period has passed since the LAST send, whatever its outcome', async () => {
    const { payout } = await t.service.create(input('TIMEOUT lost'));
    gateway.orders.delete(payout.tradeNo); // the gateway never got it
    await pollLater(HOUR); // not found past the grace: resent, and the answer is lost again
    expect(gateway.submissions.get(payout.tradeNo)).toBe(2);
    gateway.orders.delete(payout.tradeNo);
    // Only 30 s after that resend (the poll schedule says an hour later): no third send yet.
    await passDatabaseTime(t.dataSource, 30_000);
    await t.poller.pollOnce(new Date(Date.now() + 2 * HOUR));
    expect(gateway.submissions.get(payout.tradeNo)).toBe(2);
    expect((await row(payout.id)).lastError).toContain('does not know');
    await pollLater(3 * HOUR);
    expect(gateway.submissions.get(payout.tradeNo)).toBe(3);
  });

  it('does not write an answer that came back after its lease was taken over: records it and lets the holder settle', async () => {
    const { payout } = await t.service.create(input('TIMEOUT slow query'));
    const [a, b] = [gate(), gate()];
    const [aAsking, bAsking] = [gate(), gate()];
    let calls = 0;
    gateway.beforeQuery = async () => {
      const mine = calls++ === 0 ? { asking: aAsking, answer: a } : { asking: bAsking, answer: b };
      mine.asking.open();
      await mine.answer.opened;
    };
    // Worker A claims the payout; its query hangs past the lease.
    const first = t.poller.pollOnce(new Date(Date.now() + HOUR));
    await aAsking.opened;
    // The lease lapses on the database's clock and worker B (another round) takes the payout over.
    await passDatabaseTime(t.dataSource, LEASE_MS + 1);
    const second = t.poller.pollOnce(new Date(Date.now() + HOUR));
    await bAsking.opened;
    const before = await row(payout.id);
    // A's answer (paid) arrives while B holds the lease: nothing of it is written.
    a.open();
    await first;
    const meanwhile = await row(payout.id);
    expect(meanwhile).toMatchObject({ status: PayoutStatus.UNKNOWN, version: before.version, attempts: before.attempts, leaseToken: before.leaseToken });
    expect(await eventsOf(payout.id)).toEqual([PayoutStatus.UNKNOWN]);
    // B's answer settles it.
    b.open();
    await second;
    expect((await row(payout.id)).status).toBe(PayoutStatus.SUCCEEDED);
    expect(await eventsOf(payout.id)).toEqual([PayoutStatus.UNKNOWN, PayoutStatus.SUCCEEDED]);
    // Both queries are on record.
    const queries = await t.dataSource.getRepository(PayoutAttemptEntity).count({ where: { payoutId: payout.id, operation: 'query' } });
    expect(queries).toBe(2);
  });

  it('never lets a worker whose clock runs ahead take a payout whose lease is held on the database clock', async () => {
    const { payout } = await t.service.create(input('TIMEOUT skewed'));
    const held = gate();
    const started = gate();
    gateway.beforeQuery = async (tradeNo) => {
      if (tradeNo !== payout.tradeNo) return;
      started.open();
      await held.opened;
    };
    const queries = () => t.dataSource.getRepository(PayoutAttemptEntity).count({ where: { payoutId: payout.id, operation: 'query' } });
    const overlapsBefore = gateway.overlappingQueries;
    const first = t.poller.pollOnce(new Date(Date.now() + HOUR));
    await started.opened;
    // A second worker whose clock is a day ahead of the database's (its lease would have
    // lapsed long ago by that clock) works everything else, but not this payout.
    await t.poller.pollOnce(new Date(Date.now() + 25 * HOUR));
    expect(await queries()).toBe(0);
    held.open();
    await first;
    expect(await queries()).toBe(1);
    expect(gateway.overlappingQueries).toBe(overlapsBefore);
    expect((await row(payout.id)).status).toBe(PayoutStatus.SUCCEEDED);
  });

  it('keeps the fee of the final report, not a placeholder seen while the order was open', async () => {
    const { payout } = await t.service.create(input('TIMEOUT fee'));
    const at = (status: PayoutStatus.PROCESSING | PayoutStatus.SUCCEEDED, feeMinor: number) =>
      t.service.load(payout.id).then((p) => t.state.applyReport(p, { tradeNo: p.tradeNo, status, rawStatus: status, feeMinor }, 'query'));
    await at(PayoutStatus.PROCESSING, 0);
    expect((await row(payout.id)).fee).toBe(0);
    await at(PayoutStatus.SUCCEEDED, 150);
    expect((await row(payout.id)).fee).toBe(150);
    // A later non-final report cannot change it, nor can an unsafe number reach the row.
    await at(PayoutStatus.PROCESSING, 0);
    await at(PayoutStatus.SUCCEEDED, Number.MAX_SAFE_INTEGER + 2);
    expect((await row(payout.id)).fee).toBe(150);
  });

  it('gives every lease back after a round, on the database clock', async () => {
    const { payout } = await t.service.create(input('TIMEOUT released'));
    await pollLater(HOUR);
    const after = await row(payout.id);
    expect(after).toMatchObject({ leaseOwner: null, leaseToken: null, leaseExpiresAt: null });
  });
});
