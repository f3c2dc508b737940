import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/**
 * A MariaDB server of the test's own (its own data directory and port), so that a test can stop
 * and restart it without touching the machine's server.
 */
export class PrivateMariadb {
  private server?: ChildProcess;

  constructor(private readonly dir: string, readonly port: number) {}

  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}/payouts_outage`;
  }

  async install(): Promise<void> {
    mkdirSync(join(this.dir, 'data'), { recursive: true });
    execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${join(this.dir, 'data')}`, '--user=root', '--skip-test-db', '--auth-root-authentication-method=normal'], { stdio: 'ignore' });
    await this.start();
    const c = await createConnection({ host: '127.0.0.1', port: this.port, user: 'root' });
    await c.query('CREATE DATABASE payouts_outage CHARACTER SET utf8mb4');
    await c.end();
  }

  async start(): Promise<void> {
    this.server = spawn('/usr/sbin/mariadbd', [
      '--no-defaults', `--datadir=${join(this.dir, 'data')}`, `--port=${this.port}`, '--bind-address=127.0.0.1',
      `--socket=${join(this.dir, 'mariadb.sock')}`, `--pid-file=${join(this.dir, 'mariadb.pid')}`, '--user=root',
      '--skip-grant-tables', '--innodb-buffer-pool-size=32M', '--skip-log-bin',
    ], { stdio: 'ignore' });
    const until = Date.now() + 30_000;
    for (;;) {
      try {
        const c = await createConnection({ host: '127.0.0.1', port: this.port, user: 'root' });
        await c.end();
        return;
      } catch (error) {
        if (Date.now() > until) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** Kills the server as a crash or an outage would. */
  stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server || server.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      server.once('exit', () => resolve());
      server.kill('SIGKILL');
    });
  }
}
