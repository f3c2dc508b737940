import { ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';

/** The key every chaos instance is configured with (PAYOUTS_CONFIG's apiKey) and every client sends. */
export const CHAOS_API_KEY = 'chaos-api-key-0123456789';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** One example-app process (compiled) that the chaos run kills and restarts. */
export class AppInstance {
  private child?: ChildProcess;
  kills = 0;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: string,
    /** Node options before the script, e.g. a `-r` preload. */
    private readonly nodeArgs: string[] = [],
    /** The compiled app: `dist/example/main.js`, or a positive control's mutated copy. */
    private readonly script = 'dist/example/main.js',
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get up(): boolean {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  async start(): Promise<void> {
    const out = openSync(this.log, 'a');
    this.child = spawn(process.execPath, [...this.nodeArgs, this.script], { cwd: ROOT, env: { ...process.env, ...this.env, PORT: String(this.port) }, stdio: ['ignore', out, out] });
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      if (!this.up) break;
      try {
        if ((await fetch(`${this.url}/payouts/channels`, { headers: { 'x-api-key': CHAOS_API_KEY } })).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.name} ${this.up ? 'did not start within 60 s' : 'exited while starting'}; see ${this.log}`);
  }

  kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.up) return Promise.resolve();
    this.kills++;
    return new Promise((r) => {
      child.once('exit', () => r());
      child.kill('SIGKILL');
    });
  }
}
