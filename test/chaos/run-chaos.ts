/**
 * The chaos run (issue 6), `npm run test:chaos`: 5,000 payouts through the REST API of two app
 * processes that share one MariaDB database and are each killed with SIGKILL at least three times,
 * against the four sandbox gateways injecting timeouts, 5xx, resets, duplicate, out-of-order and
 * forged callbacks, late returns and failures, ambiguous answers, lagging queries (so resends are
 * refused as duplicates), calls slower than the client waits, field-shifted and contradicting
 * signed callbacks; with instance b's clock 30 s ahead (more than the lease) and some merchant
 * references sent again upper-cased (other payouts). Then, checked against the gateways' own
 * ledgers: nothing paid twice, nothing failed while paid, nothing lost or wrong, no illegal
 * transition, one settled event per payout, nothing stuck, no secret or full account number in
 * any log or stored row.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../src/database.config';
import { canTransition, isFinal, PayoutStatus } from '../../src/payouts';
import { startSandbox } from '../../src/sandbox';
import { sandboxRequest, SANDBOX_CHANNEL_CODES } from '../../src/sample-payouts';
import { freePort } from '../support/test-app';
import { AppInstance } from './app-instance';
import { CHAOS } from './chaos-config';

const ROOT = resolve(__dirname, '../..');
const WORK = join(ROOT, 'data', 'chaos');
const STATE_OF: Record<string, PayoutStatus> = {
  succeeded: PayoutStatus.SUCCEEDED, failed: PayoutStatus.FAILED, cancelled: PayoutStatus.CANCELLED, reversed: PayoutStatus.REVERSED,
};
const SETTLED = new Set<string>([PayoutStatus.SUCCEEDED, PayoutStatus.FAILED, PayoutStatus.CANCELLED]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Row {
  id: string;
  merchant_reference: string;
  trade_no: string;
  status: PayoutStatus;
  attention: number | string;
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(WORK, { recursive: true });
  execSync('npm run -s build', { cwd: ROOT, stdio: 'inherit' });

  const dbUrl = process.env.CHAOS_DATABASE_URL ?? `mysql://root@127.0.0.1:3306/${CHAOS.database}`;
  const admin = await createConnection({ uri: dbUrl.replace(/\/[^/]*$/, '/') });
  const dbName = new URL(dbUrl).pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4`);
  await admin.end();
  const db = await new DataSource(databaseOptions({ DATABASE_URL: dbUrl })).initialize();

  const sandbox = await startSandbox({ basePort: 0, completeAfterMs: 400, timeScale: 0.001, seed: 20261122, faults: { ...CHAOS.faults } });
  const config = join(WORK, 'payouts.json');
  writeFileSync(config, JSON.stringify({ channels: sandbox.channels.map((c) => ({ ...c, timeouts: CHAOS.timeouts })), polling: CHAOS.polling }));
  const skew = ['-r', join(__dirname, 'skew-clock.js')];
  const instances = await Promise.all(
    ['a', 'b'].map(async (name) => {
      const env = { PAYOUTS_CONFIG: config, DATABASE_URL: dbUrl, CLOCK_SKEW_MS: name === 'b' ? String(CHAOS.clockSkewMs) : '0' };
      return new AppInstance(name, await freePort(), env, join(WORK, `app-${name}.log`), name === 'b' ? skew : []);
    }),
  );
  for (const i of instances) writeFileSync(join(WORK, `app-${i.name}.log`), '');
  await Promise.all(instances.map((i) => i.start()));

  // Load: every payout is sent until one instance answers it; retries reuse the merchant reference.
  const answered = new Map<string, string>();
  let unexpected = 0;
  let next = 0;
  const send = async (n: number, reference = `chaos-${n}`) => {
    const channel = SANDBOX_CHANNEL_CODES[n % SANDBOX_CHANNEL_CODES.length];
    const name = n % Math.round(1 / CHAOS.failureShare) === 0 ? 'Chaos FAIL' : 'Chaos Success';
    const body = JSON.stringify(sandboxRequest(channel, reference, name));
    for (let attempt = 0; ; attempt++) {
      const target = instances[(n + attempt) % instances.length];
      try {
        const res = await fetch(`${target.url}/payouts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(15_000) });
        const payload = (await res.json()) as { id?: string };
        if (res.status === 200 || res.status === 201) return void answered.set(reference, payload.id!);
        if (res.status !== 503 && res.status !== 500) unexpected++;
      } catch {
        // the instance was killed mid-request, or is down: try again
      }
      await sleep(100);
    }
  };
  let loading = true;
  const load = Promise.all(Array.from({ length: CHAOS.concurrency }, async () => {
    while (next < CHAOS.payouts) {
      const n = next++;
      await send(n);
      // The same intent under another spelling of its reference is another payout, sent too.
      if (n % CHAOS.mixedCaseEvery === 0) await send(n, `CHAOS-${n}`);
    }
  })).then(() => void (loading = false));

  // Kills: each instance at random moments, at least `killsPerInstance` times, while the load runs.
  const killer = Promise.all(instances.map(async (instance, k) => {
    while (instance.kills < CHAOS.killsPerInstance || (loading && instance.kills < CHAOS.killsPerInstance + 2)) {
      await sleep(1_500 + ((k * 977 + instance.kills * 1_613) % 3_000));
      await instance.kill();
      await sleep(CHAOS.downMs);
      await instance.start();
    }
  }));
  await Promise.all([load, killer]);
  const loadSeconds = (Date.now() - started) / 1000;

  // Settle: callbacks, retries and the pollers bring every payout to the gateway's state.
  const books = () => Object.values(sandbox.simulators).map((s) => s.ledger.snapshot());
  const judge = async () => {
    const rows: Row[] = await db.query('SELECT id, merchant_reference, trade_no, status, attention FROM payouts');
    // One snapshot of the ledgers per verdict (a snapshot per row would cost minutes).
    const ledgers = books();
    const orderOf = (tradeNo: string) => ledgers.map((b) => b.orders[tradeNo]).find(Boolean);
    const faults: string[] = [];
    let wrong = 0;
    let stuck = 0;
    let failedWhilePaid = 0;
    for (const row of rows) {
      const order = orderOf(row.trade_no);
      // The worst wrong state: the host is told it failed and pays again, while the money left.
      if ((row.status === PayoutStatus.FAILED || row.status === PayoutStatus.CANCELLED) && (order?.state === 'succeeded' || order?.state === 'reversed')) failedWhilePaid++;
      if (!isFinal(row.status)) {
        if (Number(row.attention) !== 1) stuck++;
        continue;
      }
      if (!order || STATE_OF[order.state] !== row.status) {
        wrong++;
        faults.push(`${row.merchant_reference} ${row.trade_no}: ours ${row.status}, gateway ${order?.state ?? 'no order'}`);
      }
    }
    const byRef = new Map(rows.map((r) => [r.merchant_reference, r]));
    for (const [ref, id] of answered) {
      if (byRef.get(ref)?.id !== id) {
        wrong++;
        faults.push(`${ref}: answered ${id}, stored ${byRef.get(ref)?.id ?? 'nothing'}`);
      }
    }
    return { rows, wrong, stuck, failedWhilePaid, faults };
  };
  // Every late return must have happened before the books are compared.
  await sleep(CHAOS.faults.lateReturnAfterMs + 2_000);
  const settleUntil = Date.now() + CHAOS.settleTimeoutMs;
  let verdict = await judge();
  while ((verdict.wrong || verdict.stuck || verdict.failedWhilePaid) && Date.now() < settleUntil) {
    await sleep(1_000);
    verdict = await judge();
  }

  let doublePaid = 0;
  for (const b of books()) for (const stats of Object.values(b.trades)) if (stats.acceptedCreates > 1) doublePaid++;

  const events: { payout_id: string; type: string; payload: string }[] = await db.query('SELECT payout_id, type, payload FROM payout_outbox ORDER BY sequence');
  const history = new Map<string, { from: string; to: string; type: string }[]>();
  for (const e of events) {
    const p = JSON.parse(e.payload) as { from: string; to: string };
    history.set(e.payout_id, [...(history.get(e.payout_id) ?? []), { ...p, type: e.type }]);
  }
  let illegal = 0;
  let eventFaults = 0;
  for (const row of verdict.rows) {
    const moves = history.get(row.id) ?? [];
    let at: string = PayoutStatus.CREATED;
    for (const m of moves) {
      if (m.from !== at || !canTransition(m.from as PayoutStatus, m.to as PayoutStatus)) illegal++;
      at = m.to;
    }
    if (at !== row.status) illegal++;
    if (isFinal(row.status) && moves.filter((m) => SETTLED.has(m.type)).length !== 1) eventFaults++;
  }

  // Secrets and personal data: no channel secret, no full account/CCI/id/phone in any log or stored row.
  const forbidden = [...sandbox.channels.map((c) => c.secret!), '1234567890', '646180157000000004', '00219400254640654321', '12345678', '081234567890'];
  const texts = [
    ...instances.map((i) => readFileSync(join(WORK, `app-${i.name}.log`), 'utf8')),
    ...(await db.query('SELECT * FROM payout_attempts')).map((r: unknown) => JSON.stringify(r)),
    ...(await db.query('SELECT * FROM payout_webhooks')).map((r: unknown) => JSON.stringify(r)),
    ...events.map((r) => JSON.stringify(r)),
  ];
  const leaks = forbidden.flatMap((secret) => {
    const where = texts.find((t) => t.includes(secret));
    return where ? [`${secret.slice(0, 3)}…: ${where.slice(Math.max(0, where.indexOf(secret) - 120), where.indexOf(secret) + 40).replace(secret, '<HERE>')}`] : [];
  });

  const counters = books().map((b) => b.counters);
  const sum = (f: (c: (typeof counters)[number]) => number) => counters.reduce((s, c) => s + f(c), 0);
  const flagged = verdict.rows.filter((r) => !isFinal(r.status)).length;
  writeFileSync(
    join(WORK, 'last-run.json'),
    JSON.stringify({
      payouts: verdict.rows.length, answered: answered.size, unexpectedAnswers: unexpected, loadSeconds,
      totalSeconds: (Date.now() - started) / 1000, kills: instances.map((i) => i.kills), flaggedForAttention: flagged,
      gateway: {
        ordersAccepted: sum((c) => c.ordersAccepted), duplicateCreatesRefused: sum((c) => c.duplicateCreatesRefused),
        callbacksSent: sum((c) => c.callbacksSent), forgedCallbacksSent: sum((c) => c.forgedCallbacksSent),
        forgedCallbacksAcked: sum((c) => c.forgedCallbacksAcked), ordersReversed: sum((c) => c.ordersReversed), faults: counters.map((c) => c.faultsInjected),
      },
      doublePaid, failedWhilePaid: verdict.failedWhilePaid, wrong: verdict.wrong, illegal, stuck: verdict.stuck, eventFaults, leaks, wrongPayouts: verdict.faults.slice(0, 20),
    }, null, 2),
  );

  for (const i of instances) await i.kill();
  await sandbox.close();
  await db.destroy();

  console.log(`chaos: ${answered.size} answered in ${loadSeconds.toFixed(0)} s, kills ${instances.map((i) => `${i.name}×${i.kills}`).join(' ')}, ` +
    `${sum((c) => c.forgedCallbacksAcked)} forged callbacks acknowledged, ${unexpected} unexpected answers, ${eventFaults} payouts without exactly one settled event, ` +
    `${leaks.length} secrets or account numbers leaked, ${flagged} flagged for attention (details: data/chaos/last-run.json)`);
  console.log(
    `chaos: ${verdict.rows.length} payouts, ${doublePaid} double-paid, ${verdict.wrong} lost or wrong, ${illegal} illegal transitions, ${verdict.stuck} stuck, ` +
      `${verdict.failedWhilePaid} failed while paid`,
  );
  const ok = !flagged && !doublePaid && !verdict.failedWhilePaid && !verdict.wrong && !illegal && !verdict.stuck && !eventFaults && !leaks.length && !unexpected && !sum((c) => c.forgedCallbacksAcked);
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
