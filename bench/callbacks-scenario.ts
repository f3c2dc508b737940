import { BenchConfig } from './config';
import { countPayouts } from './counts';
import { BenchDatabase, truncateMariaDb } from './db';
import { Contender, describe, LoadChild, log, Measured, measureInRounds } from './measure';
import { Child, startChild } from './processes';
import { seedMariaDb, seedSqlite, SeedPlan } from './seed';

/** The floor, or the app (on express as `npm start`, or on fastify) on one database. */
export type CallbackServer = { kind: 'floor'; database: BenchDatabase } | { kind: 'app'; adapter: 'express' | 'fastify'; database: BenchDatabase };

/**
 * Signed success callbacks at `connections`, each for a different PROCESSING payout seeded in
 * bulk beforehand (a set per server), so that every one is a first delivery that moves its
 * payout. Servers given together are measured in interleaved rounds.
 */
export async function measureCallbacks(load: LoadChild, cfg: BenchConfig, servers: { label: string; server: CallbackServer }[]): Promise<Measured[]> {
  if (servers.some((s) => s.server.database.kind === 'mariadb')) await truncateMariaDb();
  const started: Child<unknown>[] = [];
  try {
    const contenders: Contender[] = [];
    for (const [i, { label, server }] of servers.entries()) {
      const prefix = `CB${i}${Date.now() % 100_000}`;
      const seeded = new Date(Date.now() - 60_000);
      const plan: SeedPlan = { prefix, from: 0, to: cfg.callbackPool, status: () => 'PROCESSING', nextPollAt: () => new Date(Date.now() + 3_600_000), createdAt: () => seeded };
      if (server.database.kind === 'mariadb') await seedMariaDb(plan);
      else seedSqlite(String(server.database.env.SQLITE_PATH), plan);
      // Neither the app nor the floor calls the gateway on this path.
      const env = { ...server.database.env, GATEWAY_URL: 'http://127.0.0.1:9', ...(server.kind === 'app' ? { HTTP_ADAPTER: server.adapter } : {}) };
      const target = await startChild<{ url: string }>(server.kind === 'floor' ? 'floor-server' : 'app-server', env);
      started.push(target);
      contenders.push({ label, database: server.database.kind, server: target, spec: { url: `${target.ready.url}/payouts/webhooks/paypro-idn`, kind: 'callback', prefix, pool: cfg.callbackPool } });
    }
    const measured = await measureInRounds(load, cfg, contenders, cfg.callbacksS, cfg.rounds);
    for (const [i, m] of measured.entries()) {
      // Every delivery, warm-up included, settles exactly one payout of its server's set.
      m.rows = await countPayouts(servers[i].server.database, 'SUCCEEDED', contenders[i].spec.prefix);
      log(`${describe(m)} (${m.rows} payouts settled)`);
    }
    return measured;
  } finally {
    for (const child of started.reverse()) await child.stop();
  }
}
