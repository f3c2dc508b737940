import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { RowDataPacket } from 'mysql2/promise';
import { mysqlPool } from './db';

export interface Machine {
  commit: string;
  /** Uncommitted changes in the work tree when the bench ran. */
  dirty: boolean;
  nproc: number;
  memoryMb: number;
  mariadb: string;
  node: string;
  /** 1-minute load average at the start: other work on the machine skews every figure. */
  loadAverage: number;
}

export async function describeMachine(): Promise<Machine> {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const pool = mysqlPool(1);
  const [rows] = await pool.query<RowDataPacket[]>('SELECT VERSION() AS v');
  await pool.end();
  return {
    commit: git('rev-parse', 'HEAD') || 'unknown',
    dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
    nproc: cpus().length,
    memoryMb: Math.round(totalmem() / 1024 / 1024),
    mariadb: String(rows[0].v),
    node: process.version,
    loadAverage: Math.round(loadavg()[0] * 100) / 100,
  };
}
