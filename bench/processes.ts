import { ChildProcess, execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A bench child process (server, gateway, load generator) talking over IPC. */
export interface Child<Ready> {
  process: ChildProcess;
  ready: Ready;
  /** Waits for the next message of this type. */
  next<T>(type: string): Promise<T>;
  send(message: object): void;
  /** Peak resident memory so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

interface Message {
  type: string;
  [key: string]: unknown;
}

/**
 * Forks `bench/<script>.js` (compiled beside this file) and waits for its `ready` message.
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every server process there, to find what to fix.
 */
export async function startChild<Ready>(script: string, env: Record<string, string> = {}): Promise<Child<Ready>> {
  const profile = process.env.BENCH_CPU_PROF && script !== 'load' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = fork(join(__dirname, `${script}.js`), [], { env: { ...process.env, ...env }, execArgv: profile, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<string, (m: Message) => void>();
  const backlog: Message[] = [];
  let exited: Error | undefined;
  child.on('message', (m: Message) => {
    // A failure answers whoever waits, whatever for.
    const types = m.type === 'error' ? [...waiting.keys()] : [m.type];
    const waiters = types.filter((t) => waiting.has(t));
    for (const t of waiters) {
      const resolve = waiting.get(t);
      waiting.delete(t);
      resolve?.(m);
    }
    if (!waiters.length) backlog.push(m);
  });
  const failAll = (error: Error) => {
    exited = error;
    for (const resolve of waiting.values()) resolve({ type: 'error', message: error.message });
  };
  child.on('exit', (code) => failAll(new Error(`${script} exited with code ${code}`)));
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const i = backlog.findIndex((m) => m.type === type || m.type === 'error');
      const settle = (m: Message) => (m.type === 'error' ? reject(new Error(`${script}: ${String(m.message)}`)) : resolve(m as unknown as T));
      if (i >= 0) return settle(backlog.splice(i, 1)[0]);
      if (exited) return reject(exited);
      waiting.set(type, settle);
    });
  const ready = await next<Ready>('ready');
  return {
    process: child,
    ready,
    next,
    send: (message) => child.send(message),
    peakRssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** CPU time (user + system) a process has used, in ms: fields 14 and 15 of /proc/<pid>/stat, in 1/100 s. */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The MariaDB server's pid, when it runs on this machine. */
export function mariadbPid(): number | undefined {
  try {
    return Number(execFileSync('pidof', ['mariadbd', 'mysqld'], { encoding: 'utf8' }).trim().split(' ')[0]) || undefined;
  } catch {
    return undefined;
  }
}

/** In a child: reports readiness (or a failure) to the parent and exits on SIGTERM after `close`. */
export function serveChild(start: () => Promise<{ ready: object; close?: () => Promise<void> }>): void {
  start()
    .then(({ ready, close }) => {
      process.send?.({ type: 'ready', ...ready });
      process.once('SIGTERM', () => void (close ?? (async () => {}))().finally(() => process.exit(0)));
    })
    .catch((error: unknown) => {
      process.send?.({ type: 'error', message: error instanceof Error ? error.stack : String(error) });
      process.exit(1);
    });
}
