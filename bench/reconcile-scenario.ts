import { BenchConfig } from './config';
import { countPayouts } from './counts';
import { BenchDatabase, truncateMariaDb } from './db';
import { gatewayChild } from './gateway-child';
import { addCpu, cpuSnapshot, log } from './measure';
import { Child, mariadbPid, startChild } from './processes';
import { seedMariaDb, seedSqlite } from './seed';

export interface Reconciled {
  label: string;
  database: 'mariadb' | 'sqlite';
  payouts: number;
  rate: number;
  seconds: number;
  peakRssMb: number;
  /** Payouts of this drainer's sets that ended SUCCEEDED: all of them when the drain is right. */
  succeeded: number;
  /** CPU ms per payout of each process taking part (drainer, mariadb, gateway). */
  cpuMsPerPayout: Record<string, number>;
  /** CPU used meanwhile by processes outside the bench, in % of one core. */
  otherCpuPercent: number;
}

type Drainer = { label: string; script: 'reconciler' | 'floor-reconciler' };

/**
 * `reconcilePayouts` PROCESSING payouts per drainer, all due, whose orders the gateway stub
 * reports completed: each drainer empties its share (query, attempt, transition with its outbox
 * row, bookkeeping, lease release). Drainers given together take turns, `rounds` times, each
 * time on a fresh set of reconcilePayouts / rounds payouts, so that other work on the machine
 * lands on all of them alike.
 */
export async function measureReconcile(cfg: BenchConfig, database: BenchDatabase, drainers: Drainer[]): Promise<Reconciled[]> {
  const perRound = Math.ceil(cfg.reconcilePayouts / cfg.rounds);
  // The stub answers every query "succeeded" for the bench's amount, as a gateway would for orders completed long ago.
  const gateway = await gatewayChild();
  const started: Child<object>[] = [];
  try {
    if (database.kind === 'mariadb') await truncateMariaDb();
    for (const d of drainers) started.push(await startChild<object>(d.script, { ...database.env, GATEWAY_URL: gateway.ready.url }));
    const tallies = drainers.map(() => ({ worked: 0, ms: 0, cpu: {} as Record<string, number>, otherMs: 0, prefixes: [] as string[] }));
    for (let round = 0; round < cfg.rounds; round++) {
      for (const [i, drainer] of started.entries()) {
        const prefix = `RC${i}${round}${Date.now() % 100_000}`;
        tallies[i].prefixes.push(prefix);
        const due = new Date(Date.now() - 60_000);
        const plan = { prefix, from: 0, to: perRound, status: () => 'PROCESSING', nextPollAt: () => due, createdAt: () => due };
        if (database.kind === 'mariadb') await seedMariaDb(plan);
        else seedSqlite(String(database.env.SQLITE_PATH), plan);
        const pids: Record<string, number> = { drainer: drainer.process.pid ?? 0, gateway: gateway.process.pid ?? 0 };
        const db = database.kind === 'mariadb' ? mariadbPid() : undefined;
        if (db) pids.mariadb = db;
        const before = cpuSnapshot(pids);
        drainer.send({ type: 'drain' });
        const { worked, ms } = await drainer.next<{ worked: number; ms: number }>('drained');
        const after = cpuSnapshot(pids);
        const t = tallies[i];
        t.worked += worked;
        t.ms += ms;
        addCpu(t, before, after);
      }
    }
    const results: Reconciled[] = [];
    for (const [i, d] of drainers.entries()) {
      const t = tallies[i];
      let succeeded = 0;
      for (const prefix of t.prefixes) succeeded += await countPayouts(database, 'SUCCEEDED', prefix);
      const r: Reconciled = {
        label: d.label,
        database: database.kind,
        payouts: t.worked,
        rate: Math.round(t.worked / (t.ms / 1000)),
        seconds: Math.round(t.ms) / 1000,
        peakRssMb: started[i].peakRssMb(),
        succeeded,
        cpuMsPerPayout: Object.fromEntries(Object.entries(t.cpu).map(([name, ms]) => [name, Math.round((ms / Math.max(1, t.worked)) * 1000) / 1000])),
        otherCpuPercent: Math.round(t.otherMs / (t.ms / 1000) / 10),
      };
      log(`${r.label}: ${r.payouts} payouts in ${r.seconds.toFixed(1)} s = ${r.rate}/s, peak RSS ${r.peakRssMb} MB (${r.succeeded} succeeded); CPU ms/payout ${JSON.stringify(r.cpuMsPerPayout)}; other work ${r.otherCpuPercent}% of a core`);
      results.push(r);
    }
    return results;
  } finally {
    for (const child of started.reverse()) await child.stop();
    await gateway.stop();
  }
}
