import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  baseUrl: string;
  /** Everything the app printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Variables of the caller's shell that would point the example app somewhere other than its defaults. */
const INHERITED_SETTINGS = ['DATABASE_URL', 'PAYOUTS_CONFIG', 'PAYOUTS_API_KEY', 'PUBLIC_BASE_URL', 'HTTP_ADAPTER', 'SANDBOX_PORT', 'SANDBOX_SEED'];

/**
 * Starts the built example app (`node dist/example/main.js`, what `npm start` runs) as a child process,
 * and resolves once its REST API answers.
 */
export async function startExampleApp(env: Record<string, string>, readyPath = '/payouts/channels', timeoutMs = 60_000): Promise<RunningApp> {
  const main = join(REPO_ROOT, 'dist', 'example', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} does not exist: run npm run build first (npm run test:browser does)`);
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_SETTINGS) delete childEnv[name];
  Object.assign(childEnv, env);

  const child: ChildProcess = spawn(process.execPath, [main], { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  // The start (its ready lines, the sandbox key) is kept whole; of the request logs after it, the latest.
  let head = '';
  let tail = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    const room = Math.max(0, 50_000 - head.length);
    head += text.slice(0, room);
    tail += text.slice(room);
    if (tail.length > 200_000) tail = tail.slice(-100_000);
  };
  const output = () => head + tail;
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });

  const baseUrl = `http://127.0.0.1:${env.PORT}`;
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = await Promise.race([exit.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 10_000)))]);
    clearTimeout(timer);
    if (!killed && !exited) {
      child.kill('SIGKILL');
      await exit;
    }
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`The example app exited (${JSON.stringify(exited)}) before answering:\n${output()}`);
    }
    try {
      const res = await fetch(`${baseUrl}${readyPath}`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The example app did not answer ${readyPath} within ${timeoutMs} ms:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { baseUrl, output, stop };
}
