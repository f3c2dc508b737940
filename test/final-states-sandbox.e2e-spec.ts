import request from 'supertest';
import { PayoutStatus } from '../src/payouts';
import { PayoutOutboxEntity } from '../src/payouts/events/payout-outbox.entity';
import { PayoutWebhookEntity } from '../src/payouts/persistence/payout-webhook.entity';
import { Sandbox, SandboxChannelCode, startSandbox } from '../src/sandbox';
import type { FaultSettings } from '../src/sandbox/core/faults';
import { sandboxRequest } from '../src/example/sample-payouts';
import { passDatabaseTime } from './support/database-time';
import { eventually } from './support/eventually';
import { createTestApp, TestApp } from './support/test-app';

/**
 * No wrong final state (issue 11), through the real providers against the sandbox simulators,
 * each fault produced by the simulator: a resend refused as a duplicate while the first order
 * pays, an ambiguous create answer, a field-shifted signed callback, a signed callback that
 * contradicts the gateway's ledger.
 */
const HOUR = 3_600_000;
let seq = 0;

describe.each<SandboxChannelCode>(['paypro-idn', 'cashy-per'])('never a wrong final state on %s', (code) => {
  let sandbox: Sandbox;
  let t: TestApp;
  beforeAll(async () => {
    sandbox = await startSandbox({ basePort: 0, completeAfterMs: 100, timeScale: 0.001 });
    const channel = sandbox.channels.find((c) => c.code === code)!;
    t = await createTestApp({ channels: [{ ...channel, timeouts: { connectMs: 1_000, responseMs: 1_000 } }] });
  });
  afterAll(async () => {
    await t.close();
    await sandbox.close();
  });
  afterEach(() => simulator().setFaults({}));

  const simulator = () => sandbox.simulators[code];
  const create = async (name = 'Budi Santoso') => {
    const res = await request(t.url).post('/payouts').send(sandboxRequest(code, `fss-${code}-${++seq}-${Date.now()}`, name)).expect(201);
    return res.body as { id: string; tradeNo: string; status: PayoutStatus };
  };
  const view = async (id: string) => (await request(t.url).get(`/payouts/${id}`).expect(200)).body as { status: PayoutStatus; failure: unknown };
  const eventTypes = async (id: string) =>
    (await t.dataSource.getRepository(PayoutOutboxEntity).find({ where: { payoutId: id }, order: { sequence: 'ASC' } })).map((e) => e.toStatus);
  const pollLater = async (ms: number) => {
    await passDatabaseTime(t.dataSource, ms);
    await t.poller.pollOnce(new Date(Date.now() + ms));
  };
  const withFaults = async <T>(faults: FaultSettings, run: () => Promise<T>) => {
    simulator().setFaults(faults);
    try {
      return await run();
    } finally {
      simulator().setFaults({});
    }
  };

  it('never fails a payout whose resend the gateway refuses as a duplicate while it pays the first order', async () => {
    // Accepted, answer lost; the gateway's queries lag a minute behind its creates.
    const p = await withFaults({ resetAfterAccept: 1, queryLag: 1, queryLagMs: 60_000 }, async () => {
      // Held at the gateway until the test completes it: its callback must not settle it before the resend.
      const created = await create('Budi HOLD');
      expect(created.status).toBe(PayoutStatus.UNKNOWN);
      simulator().setFaults({ queryLag: 1, queryLagMs: 60_000 });
      // "No such order" past the grace period: resent, and refused as a duplicate.
      await pollLater(HOUR);
      return created;
    });
    const stats = simulator().ledger.stats(p.tradeNo);
    expect(stats).toMatchObject({ createRequests: 2, acceptedCreates: 1, duplicateCreatesRefused: 1 });
    expect((await view(p.id)).status).toBe(PayoutStatus.UNKNOWN);
    // The first order completes at the gateway; the next query sees it.
    simulator().complete(p.tradeNo, { outcome: 'success' });
    await pollLater(3 * HOUR);
    expect((await view(p.id)).status).toBe(PayoutStatus.SUCCEEDED);
    expect(await eventTypes(p.id)).toEqual([PayoutStatus.UNKNOWN, PayoutStatus.SUCCEEDED]);
  });

  it('keeps an ambiguous create answer UNKNOWN, and settles it by query without sending it again', async () => {
    const p = await withFaults({ ambiguousAfterAccept: 1 }, () => create());
    expect(p.status).toBe(PayoutStatus.UNKNOWN);
    await eventually(() => expect(simulator().ledger.order(p.tradeNo)?.state).toBe('succeeded'));
    await pollLater(HOUR);
    expect((await view(p.id)).status).toBe(PayoutStatus.SUCCEEDED);
    expect(simulator().ledger.stats(p.tradeNo)).toMatchObject({ createRequests: 1, acceptedCreates: 1 });
  });

  it('resends an ambiguous create answer that placed nothing, once the gateway says it has no such order', async () => {
    const p = await withFaults({ ambiguousBeforeAccept: 1 }, () => create());
    expect(p.status).toBe(PayoutStatus.UNKNOWN);
    expect(simulator().ledger.order(p.tradeNo)).toBeUndefined();
    await pollLater(HOUR);
    expect(simulator().ledger.stats(p.tradeNo)).toMatchObject({ createRequests: 2, acceptedCreates: 1 });
    await eventually(() => expect(simulator().ledger.order(p.tradeNo)?.state).toBe('succeeded'));
    await pollLater(3 * HOUR);
    expect((await view(p.id)).status).toBe(PayoutStatus.SUCCEEDED);
  });

  it('does not believe a signed failure callback that contradicts the gateway’s ledger', async () => {
    const p = await withFaults({ contradictingCallbacks: 1 }, async () => {
      const created = await create();
      await eventually(() => expect(simulator().ledger.order(created.tradeNo)?.callbacks.some((c) => c.acked && c.kind === 'notify')).toBe(true));
      return created;
    });
    await eventually(async () => expect((await view(p.id)).status).toBe(PayoutStatus.SUCCEEDED));
    expect(await eventTypes(p.id)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED]);
    const inbox = await t.dataSource.getRepository(PayoutWebhookEntity).find({ where: { tradeNo: p.tradeNo } });
    expect(inbox.map((w) => w.outcome)).toContain('unconfirmed');
  });

  if (code === 'paypro-idn') {
    it('refuses a field-shifted Paypro callback whose sign still matches, and pays as the gateway says', async () => {
      const p = await withFaults({ fieldShiftedCallbacks: 1 }, async () => {
        const created = await create();
        await eventually(() => expect(simulator().ledger.order(created.tradeNo)?.callbacks.some((c) => c.acked && c.kind === 'notify')).toBe(true));
        return created;
      });
      expect((await view(p.id)).status).toBe(PayoutStatus.SUCCEEDED);
      expect(await eventTypes(p.id)).toEqual([PayoutStatus.PROCESSING, PayoutStatus.SUCCEEDED]);
      const shifted = simulator().ledger.order(p.tradeNo)!.callbacks.filter((c) => c.kind !== 'notify');
      expect(shifted.length).toBeGreaterThan(0);
      expect(shifted.every((c) => !c.acked && c.httpStatus === 400)).toBe(true);
    });
  }
});
