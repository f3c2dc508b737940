import { RowDataPacket } from 'mysql2/promise';
import { BenchConfig } from './config';
import { countPayouts } from './counts';
import { MARIADB, mysqlPool, truncateMariaDb } from './db';
import { gatewayChild } from './gateway-child';
import { log } from './measure';
import { Child, startChild } from './processes';
import { seedMariaDb } from './seed';

export interface ScaleOut {
  instances: number;
  payouts: number;
  /** Payouts settled per second by all instances together, first start to last finish. */
  rate: number;
  seconds: number;
  /** Payouts each instance worked. */
  perInstance: number[];
  /** Payouts queried more than once: two instances worked the same payout. Must be 0. */
  overlaps: number;
  succeeded: number;
}

/**
 * Two instances of the module (each its own process with its own poller, as two app replicas)
 * on one MariaDB drain `reconcilePayouts` due PROCESSING payouts together, against one gateway
 * stub: the combined rate, and how many payouts both of them asked the gateway about.
 */
export async function measureScaleOut(cfg: BenchConfig, instances = 2): Promise<ScaleOut> {
  await truncateMariaDb();
  const gateway = await gatewayChild();
  const drainers: Child<object>[] = [];
  try {
    for (let i = 0; i < instances; i++) drainers.push(await startChild<object>('reconciler', { ...MARIADB.env, GATEWAY_URL: gateway.ready.url }));
    const prefix = `SO${Date.now() % 100_000}`;
    const due = new Date(Date.now() - 60_000);
    await seedMariaDb({ prefix, from: 0, to: cfg.reconcilePayouts, status: () => 'PROCESSING', nextPollAt: () => due, createdAt: () => due });
    const started = performance.now();
    for (const d of drainers) d.send({ type: 'drain' });
    const drained = await Promise.all(drainers.map((d) => d.next<{ worked: number }>('drained')));
    const ms = performance.now() - started;
    const pool = mysqlPool(1);
    const [rows] = await pool.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM (SELECT payout_id FROM payout_attempts WHERE operation = 'query' GROUP BY payout_id HAVING COUNT(*) > 1) twice",
    );
    await pool.end();
    const r: ScaleOut = {
      instances,
      payouts: cfg.reconcilePayouts,
      rate: Math.round(cfg.reconcilePayouts / (ms / 1000)),
      seconds: Math.round(ms) / 1000,
      perInstance: drained.map((d) => d.worked),
      overlaps: Number(rows[0].n),
      succeeded: await countPayouts(MARIADB, 'SUCCEEDED', prefix),
    };
    log(`scale-out: ${instances} instances, ${r.payouts} payouts in ${r.seconds.toFixed(1)} s = ${r.rate}/s (${r.perInstance.join(' + ')}), ${r.overlaps} queried twice, ${r.succeeded} succeeded`);
    return r;
  } finally {
    for (const d of drainers.reverse()) await d.stop();
    await gateway.stop();
  }
}
