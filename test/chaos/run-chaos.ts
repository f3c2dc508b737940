/**
 * The chaos run (issues 6, 11, 12), `npm run test:chaos`: 5,000 payouts through the REST API of two
 * app processes that share one private MariaDB and are each killed with SIGKILL at least three
 * times, while the database itself is killed for 5 s mid-load, against the four sandbox gateways
 * injecting timeouts, 5xx, resets, garbled and ambiguous answers, creates placed after the client
 * gave up, failing and lagging queries (so resends are refused as duplicates), calls slower than
 * the client waits, duplicate, out-of-order, forged, field-shifted and contradicting callbacks,
 * late returns and failures; with instance b's clock 30 s ahead (more than the lease), some
 * merchant references sent again upper-cased (other payouts) and some requests sent twice. Then,
 * against the gateways' own ledgers: nothing failed while paid, no intent paid twice, no order
 * without a payout, every answer kept, every amount sent as stored, nothing lost or wrong, no
 * illegal transition, one settled event per payout, nothing stuck, no 5xx outside the outage, no
 * secret or full account number in any log or stored row.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../src/example/database.config';
import { canTransition, isFinal, PayoutStatus } from '../../src/payouts';
import { type FaultConfig, startSandbox } from '../../src/sandbox';
import { sandboxRequest, SANDBOX_CHANNEL_CODES } from '../../src/example/sample-payouts';
import { PrivateMariadb } from '../support/private-mariadb';
import { freePort } from '../support/test-app';
import { AppInstance, CHAOS_API_KEY } from './app-instance';
import { CHAOS } from './chaos-config';
import { MoneyCounters, moneyCounters, moneyLine, PayoutAnswer, StoredPayout } from './money-checks';

export const ROOT = resolve(__dirname, '../..');
const STATE_OF: Record<string, PayoutStatus> = {
  succeeded: PayoutStatus.SUCCEEDED, failed: PayoutStatus.FAILED, cancelled: PayoutStatus.CANCELLED, reversed: PayoutStatus.REVERSED,
};
const SETTLED = new Set<string>([PayoutStatus.SUCCEEDED, PayoutStatus.FAILED, PayoutStatus.CANCELLED]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A payout the load cannot get answered for this long is given up (and counted). */
const GIVE_UP_MS = 90_000;

interface Row extends StoredPayout {
  attention: number | string;
}

export interface ChaosOptions {
  payouts: number;
  /** Each instance is killed at least `kills.min` times, and up to `kills.max` while the load runs. */
  kills: { min: number; max: number };
  settleTimeoutMs: number;
  lateReturnAfterMs: number;
  /** The compiled app's entry point: `dist/example/main.js`, or a positive control's mutated copy. */
  script: string;
  /** Logs and last-run.json go here. */
  work: string;
  /** A running private server; its database is dropped and created afresh. */
  database: PrivateMariadb;
  /** Kill the database mid-load. */
  outage: boolean;
  /** Fault knobs changed from CHAOS.faults (a positive control that needs more of one). */
  faults?: FaultConfig;
  /** Stop waiting for the payouts to settle once this holds (a positive control saw its counter move). */
  enough?: (result: ChaosCounters) => boolean;
}

export interface ChaosCounters extends MoneyCounters {
  payouts: number;
  wrong: number;
  stuck: number;
  flagged: number;
  /** 5xx answers to the load, other than the two kinds below. */
  serverErrors: number;
  /** 5xx answers other than 503 while the database was down. */
  outageServerErrors: number;
  /** 503s from the database's kill until `outageGraceMs` after its restart: expected, not counted against the run. */
  outage503s: number;
  /** Answers other than 2xx and 5xx, and payouts given up on after GIVE_UP_MS. */
  unexpected: number;
}

export interface ChaosResult extends ChaosCounters {
  ok: boolean;
  lines: string[];
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const started = Date.now();
  const { work, database } = options;
  mkdirSync(work, { recursive: true });
  const dbUrl = database.url;
  const admin = await createConnection({ uri: dbUrl.replace(/\/[^/]*$/, '/') });
  const dbName = new URL(dbUrl).pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4`);
  await admin.end();
  const db = await new DataSource(databaseOptions({ DATABASE_URL: dbUrl })).initialize();

  const faults = { ...CHAOS.faults, lateReturnAfterMs: options.lateReturnAfterMs, ...options.faults };
  const sandbox = await startSandbox({ basePort: 0, completeAfterMs: 400, timeScale: 0.001, seed: 20261122, faults });
  const config = join(work, 'payouts.json');
  writeFileSync(config, JSON.stringify({ channels: sandbox.channels.map((c) => ({ ...c, timeouts: CHAOS.timeouts })), polling: CHAOS.polling, apiKey: CHAOS_API_KEY }));
  const skew = ['-r', join(__dirname, 'skew-clock.js')];
  const instances = await Promise.all(
    ['a', 'b'].map(async (name) => {
      const env = { PAYOUTS_CONFIG: config, DATABASE_URL: dbUrl, CLOCK_SKEW_MS: name === 'b' ? String(CHAOS.clockSkewMs) : '0' };
      return new AppInstance(name, await freePort(), env, join(work, `app-${name}.log`), name === 'b' ? skew : [], options.script);
    }),
  );
  for (const i of instances) writeFileSync(join(work, `app-${i.name}.log`), '');
  try {
    await Promise.all(instances.map((i) => i.start()));

    // Load: every payout is sent until one instance answers it; retries reuse the merchant reference,
    // which also travels as the remark, so that the gateways' books name each order's intent.
    const answers: PayoutAnswer[] = [];
    const serverErrorsAt: { status: number; at: number }[] = [];
    let unexpected = 0;
    let next = 0;
    const send = async (n: number, reference = `chaos-${n}`) => {
      const channel = SANDBOX_CHANNEL_CODES[n % SANDBOX_CHANNEL_CODES.length];
      const name = n % Math.round(1 / CHAOS.failureShare) === 0 ? 'Chaos FAIL' : 'Chaos Success';
      const request = { ...sandboxRequest(channel, reference, name), remark: reference } as Record<string, string>;
      const body = JSON.stringify(request);
      const giveUp = Date.now() + GIVE_UP_MS;
      for (let attempt = 0; Date.now() < giveUp; attempt++) {
        const target = instances[(n + attempt) % instances.length];
        try {
          const res = await fetch(`${target.url}/payouts`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': CHAOS_API_KEY }, body, signal: AbortSignal.timeout(15_000) });
          const text = await res.text();
          if (res.status === 200 || res.status === 201) {
            answers.push({ reference, status: res.status, body: JSON.parse(text) as PayoutAnswer['body'], requested: { amount: request.amount, channel, currency: request.currency } });
            return;
          }
          if (res.status >= 500) serverErrorsAt.push({ status: res.status, at: Date.now() });
          else return void unexpected++;
        } catch {
          // the instance was killed mid-request, or is down: try again
        }
        await sleep(100);
      }
      unexpected++;
    };
    let loading = true;
    // The load waits at the outage's point until the database is down, so that it meets the outage.
    let outageStarted!: () => void;
    const outageBegun = new Promise<void>((r) => (outageStarted = r));
    const outagePoint = options.outage ? Math.floor(options.payouts * CHAOS.outage.atShare) : Infinity;
    const load = Promise.all(Array.from({ length: CHAOS.concurrency }, async () => {
      for (;;) {
        if (next >= outagePoint) await outageBegun;
        if (next >= options.payouts) break;
        const n = next++;
        await send(n);
        if (n % CHAOS.clientRetryEvery === 3) await send(n);
        // The same intent under another spelling of its reference is another payout, sent too.
        if (n % CHAOS.mixedCaseEvery === 0) await send(n, `CHAOS-${n}`);
      }
    })).then(() => void (loading = false));

    // The database outage: killed mid-load while both apps serve, started again; the apps must
    // recover by themselves, so no app is killed from the outage's start until its grace is over.
    const outage = { from: 0, to: 0 };
    let outageOn = false;
    let restarting = 0;
    const outageDone = (async () => {
      if (!options.outage) return;
      while (next < outagePoint || restarting > 0) await sleep(50);
      outageOn = true;
      outage.from = Date.now();
      await database.stop();
      outageStarted();
      await sleep(CHAOS.outage.outageMs);
      await database.start();
      outage.to = Date.now();
      await sleep(CHAOS.outage.outageGraceMs);
      outageOn = false;
    })();
    // Kills: each instance at random moments, while the load runs.
    const killer = Promise.all(instances.map(async (instance, k) => {
      const more = () => instance.kills < options.kills.min || (loading && instance.kills < options.kills.max);
      while (more()) {
        // The wait for a kill the run no longer needs ends with the load.
        await Promise.race([sleep(1_500 + ((k * 977 + instance.kills * 1_613) % 3_000)), load]);
        while (outageOn) await sleep(100);
        if (!more()) break;
        restarting++;
        await instance.kill();
        await sleep(CHAOS.downMs);
        await instance.start();
        restarting--;
      }
    }));
    await Promise.all([load, killer, outageDone]);
    const loadSeconds = (Date.now() - started) / 1000;
    const whileDown = (e: { at: number }) => options.outage && e.at >= outage.from && e.at <= outage.to;
    const inOutage = (e: { status: number; at: number }) => options.outage && e.status === 503 && e.at >= outage.from && e.at <= outage.to + CHAOS.outage.outageGraceMs;
    const outage503s = serverErrorsAt.filter(inOutage).length;
    const outageServerErrors = serverErrorsAt.filter((e) => whileDown(e) && !inOutage(e)).length;
    const serverErrors = serverErrorsAt.length - outage503s - outageServerErrors;

    // Settle: callbacks, retries and the pollers bring every payout to the gateway's state.
    const books = () => Object.values(sandbox.simulators).map((s) => s.ledger.snapshot());
    const judge = async () => {
      const rows: Row[] = await db.query('SELECT id, merchant_reference, trade_no, status, channel, currency, amount, attention FROM payouts');
      // One snapshot of the ledgers per verdict (a snapshot per row would cost minutes).
      const ledgers = books();
      const orderOf = (tradeNo: string) => ledgers.map((b) => b.orders[tradeNo]).find(Boolean);
      const faults: string[] = [];
      let wrong = 0;
      let stuck = 0;
      for (const row of rows) {
        if (!isFinal(row.status as PayoutStatus)) {
          if (Number(row.attention) !== 1) stuck++;
          continue;
        }
        const order = orderOf(row.trade_no);
        if (!order || STATE_OF[order.state] !== row.status) {
          wrong++;
          faults.push(`${row.merchant_reference} ${row.trade_no}: ours ${row.status}, gateway ${order?.state ?? 'no order'}`);
        }
      }
      const money = moneyCounters(rows, ledgers, answers);
      const flagged = rows.filter((r) => !isFinal(r.status as PayoutStatus)).length;
      const counters: ChaosCounters = { ...money, payouts: rows.length, wrong, stuck, flagged, serverErrors, outageServerErrors, outage503s, unexpected };
      return { rows, counters, faults };
    };
    // Every late return must have happened before the books are compared.
    await sleep(options.lateReturnAfterMs + 2_000);
    const settleUntil = Date.now() + options.settleTimeoutMs;
    let verdict = await judge();
    const unsettled = (c: ChaosCounters) => c.wrong || c.stuck || c.failedWhilePaid;
    while (unsettled(verdict.counters) && Date.now() < settleUntil && !options.enough?.(verdict.counters)) {
      await sleep(1_000);
      verdict = await judge();
    }
    const c = verdict.counters;

    const events: { payout_id: string; type: string; payload: string }[] = await db.query('SELECT payout_id, to_status AS type, payload FROM payout_outbox ORDER BY sequence');
    const history = new Map<string, { from: string; to: string; type: string }[]>();
    for (const e of events) {
      const p = JSON.parse(e.payload) as { from: string; to: string };
      history.set(e.payout_id, [...(history.get(e.payout_id) ?? []), { ...p, type: e.type }]);
    }
    let illegal = 0;
    let eventFaults = 0;
    const eventExamples: string[] = [];
    for (const row of verdict.rows) {
      const moves = history.get(row.id) ?? [];
      const before = illegal + eventFaults;
      let at: string = PayoutStatus.CREATED;
      for (const m of moves) {
        if (m.from !== at || !canTransition(m.from as PayoutStatus, m.to as PayoutStatus)) illegal++;
        at = m.to;
      }
      if (at !== row.status) illegal++;
      if (isFinal(row.status as PayoutStatus) && moves.filter((m) => SETTLED.has(m.type)).length !== 1) eventFaults++;
      if (illegal + eventFaults > before && eventExamples.length < 20) {
        eventExamples.push(`${row.merchant_reference} ${row.trade_no} ${row.status}: ${moves.map((m) => `${m.from}->${m.to}`).join(', ') || 'no events'}`);
      }
    }

    // Secrets and personal data: no channel secret, no full account/CCI/id/phone in any log or stored row.
    const forbidden = [...sandbox.channels.map((ch) => ch.secret!), '1234567890', '646180157000000004', '00219400254640654321', '12345678', '081234567890'];
    const texts = [
      ...instances.map((i) => readFileSync(join(work, `app-${i.name}.log`), 'utf8')),
      ...(await db.query('SELECT * FROM payout_attempts')).map((r: unknown) => JSON.stringify(r)),
      ...(await db.query('SELECT * FROM payout_webhooks')).map((r: unknown) => JSON.stringify(r)),
      ...events.map((r) => JSON.stringify(r)),
    ];
    const leaks = forbidden.flatMap((secret) => {
      const where = texts.find((t) => t.includes(secret));
      return where ? [`${secret.slice(0, 3)}…: ${where.slice(Math.max(0, where.indexOf(secret) - 120), where.indexOf(secret) + 40).replace(secret, '<HERE>')}`] : [];
    });

    const counters = books().map((b) => b.counters);
    const sum = (f: (k: (typeof counters)[number]) => number) => counters.reduce((s, k) => s + f(k), 0);
    const forgedAcked = sum((k) => k.forgedCallbacksAcked);
    const answered = new Set(answers.map((a) => a.reference)).size;
    writeFileSync(
      join(work, 'last-run.json'),
      JSON.stringify({
        payouts: c.payouts, answered, answers: answers.length, unexpectedAnswers: unexpected, loadSeconds,
        totalSeconds: (Date.now() - started) / 1000, kills: instances.map((i) => i.kills), flaggedForAttention: c.flagged,
        databaseOutage: options.outage
          ? { from: new Date(outage.from), downMs: outage.to - outage.from, outage503s, lastOutage503AfterRestartMs: lastAfter(serverErrorsAt.filter(inOutage), outage.to) }
          : null,
        serverErrors: serverErrorsAt.filter((e) => !inOutage(e)).map((e) => ({ ...e, whileDown: whileDown(e) })).slice(0, 50),
        gateway: {
          ordersAccepted: sum((k) => k.ordersAccepted), duplicateCreatesRefused: sum((k) => k.duplicateCreatesRefused),
          callbacksSent: sum((k) => k.callbacksSent), forgedCallbacksSent: sum((k) => k.forgedCallbacksSent),
          forgedCallbacksAcked: forgedAcked, ordersReversed: sum((k) => k.ordersReversed), faults: counters.map((k) => k.faultsInjected),
        },
        doublePaid: c.doublePaid, failedWhilePaid: c.failedWhilePaid, intentsPaidTwice: c.intentsPaidTwice, ordersWithoutPayout: c.ordersWithoutPayout,
        answersLostOrChanged: c.answersLostOrChanged, amountsDiffer: c.amountsDiffer, wrong: c.wrong, illegal, stuck: c.stuck, eventFaults, leaks,
        moneyExamples: c.examples, wrongPayouts: verdict.faults.slice(0, 20), eventExamples,
      }, null, 2),
    );

    const details = relative(ROOT, join(work, 'last-run.json'));
    const lines = [
      `chaos: ${answered} answered in ${loadSeconds.toFixed(0)} s, kills ${instances.map((i) => `${i.name}×${i.kills}`).join(' ')}, ` +
        (options.outage ? `database down ${((outage.to - outage.from) / 1000).toFixed(0)} s (${outage503s} 503s, ${outageServerErrors} other 5xx), ` : '') +
        `${serverErrors} ${options.outage ? 'other ' : ''}5xx answers, ${forgedAcked} forged callbacks acknowledged, ${unexpected} unexpected answers, ${eventFaults} payouts without exactly one settled event, ` +
        `${leaks.length} secrets or account numbers leaked, ${c.flagged} flagged for attention (details: ${details})`,
      `chaos: ${c.payouts} payouts, ${c.doublePaid} double-paid, ${c.wrong} lost or wrong, ${illegal} illegal transitions, ${c.stuck} stuck, ${moneyLine(c)}`,
    ];
    const failing = [
      c.flagged, c.doublePaid, c.failedWhilePaid, c.intentsPaidTwice, c.ordersWithoutPayout, c.answersLostOrChanged, c.amountsDiffer,
      c.wrong, illegal, c.stuck, eventFaults, leaks.length, unexpected, forgedAcked, serverErrors, outageServerErrors,
    ];
    return { ...c, ok: failing.every((n) => n === 0), lines };
  } finally {
    for (const i of instances) await i.kill();
    await sandbox.close();
    await db.destroy();
  }
}

/** How long after `since` the last of `events` came, in ms (0 when none came after it). */
function lastAfter(events: { at: number }[], since: number): number {
  return Math.max(0, ...events.map((e) => e.at - since));
}

async function main(): Promise<void> {
  const work = join(ROOT, 'data', 'chaos');
  execSync('npm run -s build', { cwd: ROOT, stdio: 'inherit' });
  const dir = join(work, 'mariadb');
  rmSync(dir, { recursive: true, force: true });
  const database = new PrivateMariadb(dir, await freePort());
  await database.install();
  try {
    const result = await runChaos({
      payouts: CHAOS.payouts, kills: CHAOS.kills, settleTimeoutMs: CHAOS.settleTimeoutMs,
      lateReturnAfterMs: CHAOS.faults.lateReturnAfterMs, script: 'dist/example/main.js', work, database, outage: true,
    });
    for (const line of result.lines) console.log(line);
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await database.stop();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
