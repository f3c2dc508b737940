import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseOptions } from '../src/example/database.config';
import { CreatePayoutInput, PayoutStatus } from '../src/payouts';
import { PayoutAttemptEntity } from '../src/payouts/persistence/payout-attempt.entity';
import { PayoutEntity as PayoutEntityRow } from '../src/payouts/persistence/payout.entity';
import { PayoutRepository } from '../src/payouts/persistence/payout.repository';
import { PayoutReconciler } from '../src/payouts/lifecycle/payout-reconciler.service';
import { PayoutSender } from '../src/payouts/lifecycle/payout-sender.service';
import { ScriptedProtocol, ScriptedProvider } from './support/scripted-protocol';
import { CapturedLogger } from './support/captured-logger';
import { eventually } from './support/eventually';
import { createTestApp, TestApp } from './support/test-app';
import { onMysql, testDatabaseOptions } from './support/test-database';

const CHANNEL = { code: 'scripted-a', protocol: 'scripted', currency: 'IDR', secret: 'fake-secret' };
let seq = 0;
const HOUR = 3_600_000;
const input = (channel = CHANNEL.code): CreatePayoutInput => ({
  merchantReference: `poller-${++seq}-${Date.now()}`,
  channel,
  amount: '1000.00',
  currency: 'IDR',
  beneficiary: { name: 'Budi Santoso', accountNumber: '1234567890' },
});

describe('poller', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payouts-poller-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('releases the leases this instance holds when the app shuts down, and no other instance’s', async () => {
    // A database that outlives the app, to read the leases after app.close().
    const database: DataSourceOptions = onMysql ? testDatabaseOptions() : databaseOptions({ SQLITE_PATH: join(dir, 'leases.sqlite') });
    const protocol = new ScriptedProtocol();
    const t = await createTestApp({ channels: [CHANNEL], database, payouts: { protocols: [protocol], instanceId: 'instance-closing' } });
    const gateway = protocol.providers.get(CHANNEL.code)!;
    const leaseOf = async (ds: DataSource, id: string) =>
      (await ds.query('SELECT lease_owner AS owner, lease_token AS token FROM payouts WHERE id = ?', [id]))[0] as { owner: string | null; token: string | null };
    let heldId: string;
    let otherId: string;
    try {
      // A create that dies between sending and saving the answer keeps its lease (until leaseMs).
      gateway.crashAfterSend = true;
      const held = input();
      await expect(t.service.create(held)).rejects.toThrow('simulated crash');
      gateway.crashAfterSend = false;
      heldId = (await t.service.getByMerchantReference(held.merchantReference))!.id;
      otherId = (await t.service.create(input())).payout.id;
      await t.dataSource.query(
        `UPDATE payouts SET lease_owner = 'instance-other', lease_token = 'token-other', lease_expires_at = '2999-01-01 00:00:00.000' WHERE id = ?`,
        [otherId],
      );
      expect((await leaseOf(t.dataSource, heldId)).owner).toBe('instance-closing');
    } finally {
      await t.close();
    }
    const after = await new DataSource({ ...database, dropSchema: false, migrationsRun: false }).initialize();
    try {
      expect(await leaseOf(after, heldId)).toEqual({ owner: null, token: null });
      expect(await leaseOf(after, otherId)).toEqual({ owner: 'instance-other', token: 'token-other' });
    } finally {
      await after.destroy();
    }
  });

  it('settles a due payout in one commit: no lease renewal while the round’s claim covers the call, the answer’s write gives the lease back', async () => {
    const protocol = new ScriptedProtocol();
    const timeouts = { connectMs: 100, responseMs: 400 };
    // paid: its order is paid when asked; open: still in progress an hour from now.
    const channels = [{ ...CHANNEL, timeouts }, { ...CHANNEL, code: 'scripted-open', timeouts, options: { settleAfterMs: HOUR } }];
    const t = await createTestApp({ channels, payouts: { protocols: [protocol], polling: { ratePerChannel: 0, schedule: [HOUR] } } });
    try {
      const paid = await t.service.load((await t.service.create(input())).payout.id);
      const open = await t.service.load((await t.service.create(input('scripted-open'))).payout.id);
      await t.dataSource.query(`UPDATE payouts SET next_poll_at = '2000-01-01 00:00:00.000'`);
      const repo = t.app.get(PayoutRepository);
      const renewals = jest.spyOn(repo, 'takeLease');
      const releases = jest.spyOn(repo, 'releaseLease');
      const polledAt = new Date();
      expect(await t.poller.pollOnce(polledAt)).toBe(2);
      expect(renewals).not.toHaveBeenCalled();
      expect(releases).not.toHaveBeenCalled();
      const settled = await t.service.load(paid.id);
      expect(settled).toMatchObject({ status: PayoutStatus.SUCCEEDED, nextPollAt: null, attempts: paid.attempts + 1, lastError: null, leaseToken: null, leaseOwner: null, leaseExpiresAt: null });
      // Still open: asked again by the schedule (an hour from the round), lease given back all the same.
      const waiting = await t.service.load(open.id);
      expect(waiting).toMatchObject({ status: PayoutStatus.PROCESSING, attempts: open.attempts + 1, lastError: null, leaseToken: null, leaseOwner: null });
      expect(waiting.nextPollAt?.getTime()).toBe(polledAt.getTime() + HOUR);
      for (const id of [paid.id, open.id]) {
        expect(await t.dataSource.getRepository(PayoutAttemptEntity).count({ where: { payoutId: id, operation: 'query' } })).toBe(1);
      }
    } finally {
      await t.close();
    }
  });

  it('renews the lease right before a call that the round’s claim no longer covers', async () => {
    const protocol = new ScriptedProtocol();
    // The claim's 3 s lease covers a 1 s call (plus the 1 s margin) for its first second only.
    const channels = [{ ...CHANNEL, timeouts: { connectMs: 500, responseMs: 500 } }];
    const t = await createTestApp({ channels, payouts: { protocols: [protocol], polling: { ratePerChannel: 0, concurrency: 1, leaseMs: 3_000 } } });
    try {
      const gateway = protocol.providers.get(CHANNEL.code)!;
      const first = (await t.service.create(input())).payout;
      const second = (await t.service.create(input())).payout;
      await t.dataSource.query(`UPDATE payouts SET next_poll_at = CASE WHEN id = ? THEN '2000-01-01 00:00:00.000' ELSE '2000-01-01 00:00:01.000' END`, [first.id]);
      // The first call takes 1.2 s: the second starts after the claim's cover ran out.
      gateway.beforeQuery = (tradeNo) => (tradeNo === first.tradeNo ? new Promise((resolve) => setTimeout(resolve, 1_200)) : Promise.resolve());
      const renewals = jest.spyOn(t.app.get(PayoutRepository), 'takeLease');
      expect(await t.poller.pollOnce()).toBe(2);
      expect(renewals.mock.calls.map(([id]) => id)).toEqual([second.id]);
      for (const id of [first.id, second.id]) expect(await t.service.load(id)).toMatchObject({ status: PayoutStatus.SUCCEEDED, leaseToken: null });
    } finally {
      await t.close();
    }
  });

  it('never starts a round while one is running', async () => {
    const protocol = new ScriptedProtocol();
    // One payout per round, so that a second round would have one of its own to work.
    const t = await createTestApp({ channels: [CHANNEL], payouts: { protocols: [protocol], polling: { batchSize: 1, ratePerChannel: 0 } } });
    try {
      const gateway = protocol.providers.get(CHANNEL.code)!;
      const first = await t.service.create(input());
      const second = await t.service.create(input());
      expect([first.payout.status, second.payout.status]).toEqual([PayoutStatus.PROCESSING, PayoutStatus.PROCESSING]);
      await t.dataSource.query(`UPDATE payouts SET next_poll_at = '2000-01-01 00:00:00.000'`);

      const queried: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const firstQueryEntered = new Promise<void>((resolve) => (entered = resolve));
      gateway.beforeQuery = async (tradeNo) => {
        queried.push(tradeNo);
        if (queried.length > 1) return;
        entered();
        await held;
      };

      const running = t.poller.tick();
      await firstQueryEntered;
      expect(await t.poller.tick()).toBe(0);
      expect(queried).toHaveLength(1);
      expect(t.poller.stats.rounds).toBe(0);
      release();
      expect(await running).toBe(1);
      // The other payout was due all along: the next round takes it.
      expect(await t.poller.tick()).toBe(1);
      expect(new Set(queried)).toEqual(new Set([first.payout.tradeNo, second.payout.tradeNo]));
      expect(t.poller.stats.rounds).toBe(2);
    } finally {
      await t.close();
    }
  });

  it('gives the lease back after an answer that settles nothing and after a reconcile that threw, and counts what it worked', async () => {
    const protocol = new ScriptedProtocol();
    const channels = [CHANNEL, { ...CHANNEL, code: 'scripted-b' }];
    const t = await createTestApp({ channels, payouts: { protocols: [protocol], polling: { ratePerChannel: 0 } } });
    try {
      const unanswered = (await t.service.create(input())).payout;
      const failing = (await t.service.create(input('scripted-b'))).payout;
      await t.dataSource.query(`UPDATE payouts SET next_poll_at = '2000-01-01 00:00:00.000'`);
      const attemptsBefore = (await t.service.load(failing.id)).attempts;
      protocol.providers.get(CHANNEL.code)!.queryUnknown = true;
      protocol.providers.get('scripted-b')!.queryThrows = true;
      expect(await t.poller.pollOnce()).toBe(2);
      // Neither answer settled the payout, so the poller itself gave each lease back: the next
      // round (of any instance) can take them once they are due.
      expect(await t.service.load(unanswered.id)).toMatchObject({ status: PayoutStatus.PROCESSING, lastError: 'query failed: simulated gateway timeout', leaseToken: null, leaseOwner: null, leaseExpiresAt: null });
      expect(await t.service.load(failing.id)).toMatchObject({ status: PayoutStatus.PROCESSING, attempts: attemptsBefore + 1, lastError: 'reconcile failed: simulated query failure', leaseToken: null, leaseOwner: null, leaseExpiresAt: null });
      expect(t.poller.stats).toEqual({ rounds: 1, worked: 2 });
      await t.dataSource.query(`UPDATE payouts SET next_poll_at = '2000-01-01 00:00:00.000' WHERE id = ?`, [failing.id]);
      expect(await t.poller.pollOnce()).toBe(1);
      expect(t.poller.stats).toEqual({ rounds: 2, worked: 3 });
    } finally {
      await t.close();
    }
  });

  it('runs rounds on its interval only when polling is enabled, and logs a round that failed under PayoutPoller', async () => {
    const logger = new CapturedLogger();
    const protocol = new ScriptedProtocol();
    const off = await createTestApp({ channels: [CHANNEL], payouts: { protocols: [protocol], polling: { enabled: false, intervalMs: 20 } } });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(off.poller.stats.rounds).toBe(0);
    } finally {
      await off.close();
    }
    const on = await createTestApp({ channels: [CHANNEL], logger, payouts: { protocols: [protocol], polling: { enabled: true, intervalMs: 20 } } });
    try {
      await eventually(() => expect(on.poller.stats.rounds).toBeGreaterThanOrEqual(2));
      jest.spyOn(on.app.get(PayoutRepository), 'claimDue').mockRejectedValue(new Error('database unreachable'));
      await eventually(() => expect(logger.messages('error', 'PayoutPoller')).toContain('Poll round failed: database unreachable'));
    } finally {
      await on.close();
    }
  });

  describe('what a poll does with an answer that is not a status', () => {
    const submits = (t: { dataSource: DataSource }, id: string) => t.dataSource.getRepository(PayoutAttemptEntity).count({ where: { payoutId: id, operation: 'submit' } });
    /** Saved, then the process died before its send was marked: CREATED, never sent, no lease. */
    const neverSent = async (t: TestApp, gateway: ScriptedProvider): Promise<string> => {
      gateway.crashBeforeSend = true;
      const unsent = input();
      await expect(t.service.create(unsent)).rejects.toThrow('simulated crash');
      gateway.crashBeforeSend = false;
      const id = (await t.service.getByMerchantReference(unsent.merchantReference))!.id;
      await t.dataSource.query(`UPDATE payouts SET last_sent_at = NULL, lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL WHERE id = ?`, [id]);
      await t.dataSource.query(`DELETE FROM payout_attempts WHERE payout_id = ?`, [id]);
      return id;
    };
    const sentAgo = (t: { dataSource: DataSource }, id: string, ms: number) =>
      t.dataSource.getRepository(PayoutEntityRow).update(id, { lastSentAt: new Date(Date.now() - ms), nextPollAt: new Date('2000-01-01T00:00:00Z') });

    it('resends an UNKNOWN payout only once the gateway says it does not know the order, and only after the UNKNOWN grace', async () => {
      const protocol = new ScriptedProtocol();
      // Grace for a CREATED payout: none; for an UNKNOWN one: an hour.
      const t = await createTestApp({ channels: [CHANNEL], payouts: { protocols: [protocol], polling: { ratePerChannel: 0, createdGraceMs: 0, unknownGraceMs: HOUR } } });
      try {
        const gateway = protocol.providers.get(CHANNEL.code)!;
        // The order is placed, the answer never comes: UNKNOWN.
        const { payout } = await t.service.create({ ...input(), beneficiary: { name: 'TIMEOUT Budi', accountNumber: '1234567890' } });
        expect(payout.status).toBe(PayoutStatus.UNKNOWN);
        // The gateway cannot answer the query (a timeout): never a resend, however long ago the send was.
        gateway.queryUnknown = true;
        await sentAgo(t, payout.id, 2 * HOUR);
        await t.poller.pollOnce();
        expect(await submits(t, payout.id)).toBe(1);
        expect(await t.service.load(payout.id)).toMatchObject({ status: PayoutStatus.UNKNOWN, lastError: 'query failed: simulated gateway timeout' });
        // It says it does not know the order, but within the UNKNOWN grace: still no resend.
        gateway.queryUnknown = false;
        gateway.queryLags = true;
        await sentAgo(t, payout.id, 60_000);
        await t.poller.pollOnce();
        expect(await submits(t, payout.id)).toBe(1);
        expect(await t.service.load(payout.id)).toMatchObject({ status: PayoutStatus.UNKNOWN, lastError: 'the gateway does not know this order yet' });
        // Past the grace: sent again, under the same trade number.
        await sentAgo(t, payout.id, 2 * HOUR);
        await t.poller.pollOnce();
        expect(await submits(t, payout.id)).toBe(2);
      } finally {
        await t.close();
      }
    });

    it('keeps a PROCESSING payout whose order the gateway does not know, and says so', async () => {
      const protocol = new ScriptedProtocol();
      const t = await createTestApp({ channels: [CHANNEL], payouts: { protocols: [protocol], polling: { ratePerChannel: 0 } } });
      try {
        const { payout } = await t.service.create(input());
        protocol.providers.get(CHANNEL.code)!.queryLags = true;
        await sentAgo(t, payout.id, 2 * HOUR);
        await t.poller.pollOnce();
        expect(await submits(t, payout.id)).toBe(1);
        expect(await t.service.load(payout.id)).toMatchObject({ status: PayoutStatus.PROCESSING, lastError: 'the gateway does not know an order it accepted', leaseToken: null });
      } finally {
        await t.close();
      }
    });

    it('a refresh never sends: a payout never sent stays unsent; one another worker holds is answered as it is; the lease is given back', async () => {
      const protocol = new ScriptedProtocol();
      const t = await createTestApp({ channels: [CHANNEL], payouts: { protocols: [protocol], polling: { ratePerChannel: 0 } } });
      try {
        const gateway = protocol.providers.get(CHANNEL.code)!;
        const id = await neverSent(t, gateway);
        await t.service.refresh(id);
        expect(await submits(t, id)).toBe(0);
        expect(await t.service.load(id)).toMatchObject({ status: PayoutStatus.CREATED, lastSentAt: null, leaseToken: null });

        const held = (await t.service.create(input())).payout;
        await t.dataSource.query(`UPDATE payouts SET lease_owner = 'instance-other', lease_token = 'token-other', lease_expires_at = '2999-01-01 00:00:00.000' WHERE id = ?`, [held.id]);
        const queries = jest.spyOn(gateway, 'query');
        expect((await t.service.refresh(held.id)).status).toBe(PayoutStatus.PROCESSING);
        expect(queries).not.toHaveBeenCalled();
        await t.dataSource.query(`UPDATE payouts SET lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL WHERE id = ?`, [held.id]);
        expect((await t.service.refresh(held.id)).status).toBe(PayoutStatus.SUCCEEDED);
        expect(queries).toHaveBeenCalledTimes(1);
        expect(await t.service.load(held.id)).toMatchObject({ leaseToken: null, leaseOwner: null, nextPollAt: null });
      } finally {
        await t.close();
      }
    });

    it('names the instance in the lease it holds during a call: host:pid:random by default, a configured id cut to the column\'s 64 characters', async () => {
      for (const [instanceId, expected] of [[undefined, new RegExp(`^${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${process.pid}:[0-9a-f]{8}$`)], ['i'.repeat(70), /^i{64}$/]] as const) {
        const protocol = new ScriptedProtocol();
        const t = await createTestApp({ channels: [CHANNEL], payouts: { protocols: [protocol], instanceId, polling: { ratePerChannel: 0 } } });
        try {
          let owner: unknown;
          protocol.providers.get(CHANNEL.code)!.beforeAnswer = async (s) => {
            [{ lease_owner: owner }] = await t.dataSource.query(`SELECT lease_owner FROM payouts WHERE trade_no = ?`, [s.tradeNo]);
          };
          expect((await t.service.create(input())).payout.status).toBe(PayoutStatus.PROCESSING);
          expect(owner).toMatch(expected);
        } finally {
          await t.close();
        }
      }
    });

    it('never sends a payout that changed after the poll read it: it stays unsent and says why', async () => {
      const protocol = new ScriptedProtocol();
      const t = await createTestApp({ channels: [CHANNEL], payouts: { protocols: [protocol], polling: { ratePerChannel: 0 } } });
      try {
        const gateway = protocol.providers.get(CHANNEL.code)!;
        const id = await neverSent(t, gateway);
        // The poller read the row and holds its lease; meanwhile someone else wrote the payout.
        const read = await t.service.load(id);
        const lease = t.app.get(PayoutSender).newLease();
        expect(await t.app.get(PayoutRepository).takeLease(id, lease, 60_000)).toBe(true);
        await t.dataSource.query(`UPDATE payouts SET version = version + 1 WHERE id = ?`, [id]);
        const submit = jest.spyOn(gateway, 'submit');
        await t.app.get(PayoutReconciler).reconcile(read, lease);
        expect(submit).not.toHaveBeenCalled();
        expect(await submits(t, id)).toBe(0);
        expect(await t.service.load(id)).toMatchObject({ status: PayoutStatus.CREATED, lastSentAt: null, lastError: 'not sent: the payout changed before its send' });
      } finally {
        await t.close();
      }
    });
  });
});
