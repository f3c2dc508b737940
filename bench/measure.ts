import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { BenchConfig } from './config';
import { LoadResult, LoadSpec } from './load';
import { Child, cpuMsOf, mariadbPid } from './processes';

export type LoadChild = Child<object>;

/** One server's figures over all its rounds, as latest.json holds them. */
export interface Measured {
  label: string;
  database: 'mariadb' | 'sqlite';
  requests: number;
  rate: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /**
   * CPU ms per answered request of each process taking part (server, mariadb, gateway, load):
   * what each one costs.
   */
  cpuMsPerRequest: Record<string, number>;
  /** CPU used meanwhile by processes outside the bench, in % of one core: other work skews every figure. */
  otherCpuPercent: number;
  /** 1-minute load average when the first round started. */
  loadAverage: number;
  /** Rows in `payouts` after the runs. */
  rows?: number;
  /** Callbacks: the seeded pool ran out, so some deliveries were duplicates. */
  exhausted?: boolean;
}

/** A server under test and what to send it. */
export interface Contender {
  label: string;
  database: 'mariadb' | 'sqlite';
  server: Child<unknown>;
  gateway?: Child<unknown>;
  spec: Omit<LoadSpec, 'connections' | 'durationS'>;
}

interface Tally {
  requests: number;
  seconds: number;
  latencies: number[];
  non2xx: number;
  errors: number;
  cpu: Record<string, number>;
  otherMs: number;
  sent: number;
  exhausted: boolean;
  loadAverage?: number;
}

/**
 * Warms each contender up (JIT, pools, keep-alive sockets), then loads them in turn, `rounds`
 * times for `totalS / rounds` seconds each at `connections`: other work on a shared machine comes
 * and goes, and interleaving spreads it over the contenders instead of landing on one of them.
 */
export async function measureInRounds(load: LoadChild, cfg: BenchConfig, contenders: Contender[], totalS: number, rounds: number): Promise<Measured[]> {
  const tallies = contenders.map((): Tally => ({ requests: 0, seconds: 0, latencies: [], non2xx: 0, errors: 0, cpu: {}, otherMs: 0, sent: 0, exhausted: false }));
  const once = async (c: Contender, t: Tally, durationS: number, counted: boolean) => {
    const spec = { ...c.spec, connections: cfg.connections, durationS, first: (c.spec.first ?? 0) + t.sent };
    const pids = processIds(load, c);
    const before = cpuSnapshot(pids);
    t.loadAverage ??= counted ? Math.round(loadavg()[0] * 100) / 100 : undefined;
    const r = await runLoad(load, spec);
    t.sent += r.sent;
    t.exhausted ||= r.exhausted;
    if (!counted) return;
    const after = cpuSnapshot(pids);
    t.requests += r.requests;
    t.seconds += r.durationS;
    t.latencies = t.latencies.concat(r.latencies);
    t.non2xx += r.non2xx;
    t.errors += r.errors;
    addCpu(t, before, after);
  };
  for (const [i, c] of contenders.entries()) await once(c, tallies[i], cfg.warmupS, false);
  for (let round = 0; round < rounds; round++) {
    for (const [i, c] of contenders.entries()) await once(c, tallies[i], totalS / rounds, true);
  }
  return contenders.map((c, i) => summarize(c, tallies[i]));
}

function summarize(c: Contender, t: Tally): Measured {
  const sorted = t.latencies.sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10 : 0);
  const perRequest = (ms: number) => Math.round((ms / Math.max(1, t.requests)) * 1000) / 1000;
  const measured: Measured = {
    label: c.label,
    database: c.database,
    requests: t.requests,
    rate: Math.round(t.requests / t.seconds),
    p50: at(0.5),
    p99: at(0.99),
    non2xx: t.non2xx,
    errors: t.errors,
    cpuMsPerRequest: Object.fromEntries(Object.entries(t.cpu).map(([name, ms]) => [name, perRequest(ms)])),
    otherCpuPercent: Math.round(t.otherMs / t.seconds / 10),
    loadAverage: t.loadAverage ?? 0,
  };
  if (c.spec.kind === 'callback') measured.exhausted = t.exhausted;
  return measured;
}

function processIds(load: LoadChild, c: Contender): Record<string, number> {
  const pids: Record<string, number | undefined> = { server: c.server.process.pid, mariadb: c.database === 'mariadb' ? mariadbPid() : undefined, gateway: c.gateway?.process.pid, load: load.process.pid };
  return Object.fromEntries(Object.entries(pids).filter((e): e is [string, number] => e[1] !== undefined));
}

/** CPU ms of each process, and of the whole machine (busy time of all cores, from /proc/stat). */
export type CpuSnapshot = { processes: Record<string, number>; busyMs: number };

/** Adds the CPU each watched process used between two snapshots, and what other processes used meanwhile. */
export function addCpu(t: { cpu: Record<string, number>; otherMs: number }, before: CpuSnapshot, after: CpuSnapshot): void {
  let ours = 0;
  for (const name of Object.keys(after.processes)) {
    const used = after.processes[name] - before.processes[name];
    t.cpu[name] = (t.cpu[name] ?? 0) + used;
    ours += used;
  }
  t.otherMs += Math.max(0, after.busyMs - before.busyMs - ours);
}

export function cpuSnapshot(pids: Record<string, number>): CpuSnapshot {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const idle = ticks[3] + ticks[4];
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return { processes: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMsOf(pid)])), busyMs: (total - idle) * 10 };
}

export async function runLoad(load: LoadChild, spec: LoadSpec): Promise<LoadResult> {
  load.send(spec);
  const result = await load.next<LoadResult>('result');
  if (result.errors || result.non2xx) console.warn(`  ! ${spec.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  if (result.exhausted) console.warn(`  ! ${spec.url}: the callback pool ran out; seed more`);
  return result;
}

export function ratio(a: number, b: number): number {
  return b ? Math.round((a / b) * 100) / 100 : 0;
}

export function describe(m: Measured): string {
  const cpu = Object.entries(m.cpuMsPerRequest).map(([name, ms]) => `${name} ${ms}`).join(', ');
  return `${m.label}: ${m.rate}/s, p50 ${m.p50} ms, p99 ${m.p99} ms; CPU ms/request: ${cpu}; other work ${m.otherCpuPercent}% of a core`;
}

export function log(line: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}
