import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../src/example/database.config';
import { isFinal, PayoutStatus } from '../src/payouts';
import { Sandbox, startSandbox } from '../src/sandbox';
import { SANDBOX_CHANNEL_CODES, sandboxRequest } from '../src/example/sample-payouts';
import { moneyCounters, PayoutAnswer, StoredPayout } from './chaos/money-checks';
import { freePort } from './support/test-app';

const API_KEY = 'crash-recovery-key-0123456789';
import { onMysql, testDatabaseOptions } from './support/test-database';

const ROOT = resolve(__dirname, '..');
const TOTAL = 160;

/** The example app in a child process, so that it can be killed with SIGKILL. */
function startChild(env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const out = openSync(log, 'a');
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/example/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', out, out],
  });
}

async function waitUntilUp(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${url}/payouts/channels`, { headers: { 'x-api-key': API_KEY } })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the app at ${url} did not start`);
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGKILL');
  });
}

const STATE_OF: Record<string, PayoutStatus> = {
  succeeded: PayoutStatus.SUCCEEDED, failed: PayoutStatus.FAILED, cancelled: PayoutStatus.CANCELLED, reversed: PayoutStatus.REVERSED,
};

describe('crash recovery with a real process killed by SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payouts-crash-'));
  let sandbox: Sandbox;
  let child: ChildProcess | undefined;
  let db: DataSource;

  beforeAll(async () => {
    sandbox = await startSandbox({ basePort: 0, completeAfterMs: 300, timeScale: 0.001, faults: { latencyMs: 20, latencyJitterMs: 40 } });
    // Fresh schema, shared with the children; on SQLite the same settings as the app (WAL), so
    // that this test's reads never block the app's writes.
    const options = onMysql ? testDatabaseOptions(true) : databaseOptions({ SQLITE_PATH: join(dir, 'payouts.sqlite') });
    db = await new DataSource(options).initialize();
  });
  afterAll(async () => {
    if (child) await killed(child);
    await db?.destroy();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('brings every payout to the gateway’s state after kills between saving, sending and recording: nothing failed while paid, no intent paid twice, every answer kept, every amount as sent', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const config = join(dir, 'payouts.json');
    writeFileSync(
      config,
      JSON.stringify({
        channels: sandbox.channels.map((c) => ({ ...c, timeouts: { connectMs: 1000, responseMs: 2000 } })),
        polling: { intervalMs: 250, createdGraceMs: 1500, unknownGraceMs: 1500, schedule: [500, 1000], leaseMs: 5000 },
        apiKey: API_KEY,
      }),
    );
    const env = {
      PORT: String(port),
      PAYOUTS_CONFIG: config,
      ...(onMysql ? { DATABASE_URL: process.env.DATABASE_URL } : { SQLITE_PATH: join(dir, 'payouts.sqlite') }),
    };
    const log = join(dir, 'app.log');

    child = startChild(env, log);
    await waitUntilUp(url);
    let answered = 0;
    const answers: PayoutAnswer[] = [];
    const sends = Array.from({ length: TOTAL }, (_, i) => {
      const channel = SANDBOX_CHANNEL_CODES[i % SANDBOX_CHANNEL_CODES.length];
      const reference = `crash-${i}`;
      // The reference also travels as the remark, so that the gateways' books name each order's intent.
      const body = { ...sandboxRequest(channel, reference, i % 7 === 0 ? 'Siti FAIL' : 'Budi Santoso'), remark: reference } as Record<string, string>;
      return fetch(`${url}/payouts`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify(body) })
        .then(async (res) => {
          answered++;
          if (res.status === 200 || res.status === 201) {
            answers.push({ reference, status: res.status, body: (await res.json()) as PayoutAnswer['body'], requested: { amount: body.amount, channel, currency: body.currency } });
          }
        })
        .catch(() => undefined); // the connection dies with the process
    });
    // Kill while creates are in flight: some rows are saved but not sent, some sent but not recorded.
    while (answered < TOTAL / 3) await new Promise((r) => setTimeout(r, 5));
    await killed(child);
    await Promise.all(sends);

    const unsettled = await db.query(`SELECT status, COUNT(*) AS n FROM payouts WHERE status IN ('CREATED','UNKNOWN') GROUP BY status`);
    child = startChild(env, log);
    await waitUntilUp(url);

    // Wait for every stored payout to reach a final state through callbacks and the poller.
    const deadline = Date.now() + 90_000;
    let open = -1;
    while (Date.now() < deadline) {
      const [{ n }] = await db.query(`SELECT COUNT(*) AS n FROM payouts WHERE status NOT IN ('SUCCEEDED','FAILED','CANCELLED','REVERSED')`);
      open = Number(n);
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(open).toBe(0);

    const rows: StoredPayout[] = await db.query(`SELECT id, merchant_reference, trade_no, status, channel, currency, amount FROM payouts`);
    expect(rows.length).toBeGreaterThan(TOTAL / 3);
    const books = Object.values(sandbox.simulators).map((s) => s.ledger.snapshot());
    for (const row of rows) {
      const order = books.map((b) => b.orders[row.trade_no]).find(Boolean);
      expect(order).toBeDefined();
      expect(isFinal(row.status as PayoutStatus)).toBe(true);
      expect(row.status).toBe(STATE_OF[order!.state]);
    }
    // The chaos run's money counters (its positive controls show that each can move).
    const money = moneyCounters(rows, books, answers);
    expect(money.examples).toEqual([]);
    expect(money).toMatchObject({ failedWhilePaid: 0, intentsPaidTwice: 0, ordersWithoutPayout: 0, answersLostOrChanged: 0, amountsDiffer: 0, doublePaid: 0 });
    expect(answers.length).toBeGreaterThan(0);
    // The kill really landed inside the crash windows this test is about.
    expect(unsettled.reduce((sum: number, r: { n: string | number }) => sum + Number(r.n), 0)).toBeGreaterThan(0);
  }, 180_000);
});
