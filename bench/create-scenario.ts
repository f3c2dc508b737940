import { BenchConfig } from './config';
import { countPayouts } from './counts';
import { BenchDatabase, MARIADB, truncateMariaDb } from './db';
import { gatewayChild } from './gateway-child';
import { Contender, describe, LoadChild, log, Measured, measureInRounds } from './measure';
import { Child, startChild } from './processes';

export type CreateServer = { kind: 'floor' } | { kind: 'app'; adapter: 'express' | 'fastify'; database: BenchDatabase };

/**
 * POST /payouts end to end at `connections`, each server with a gateway stub of its own answering
 * at once (it calls nobody back: no callback reaches a server mid-run). Servers given
 * together are measured in interleaved rounds, `durationS` in all each.
 */
export async function measureCreate(
  load: LoadChild,
  cfg: BenchConfig,
  servers: { label: string; server: CreateServer }[],
  { durationS = cfg.createS, rounds = cfg.rounds, emptyFirst = true } = {},
): Promise<Measured[]> {
  const database = (s: CreateServer) => (s.kind === 'floor' ? MARIADB : s.database);
  if (emptyFirst && servers.some((s) => database(s.server).kind === 'mariadb')) await truncateMariaDb();
  const started: Child<unknown>[] = [];
  try {
    const contenders: Contender[] = [];
    for (const { label, server } of servers) {
      const gateway = await gatewayChild();
      started.push(gateway);
      const env = { ...database(server).env, GATEWAY_URL: gateway.ready.url, ...(server.kind === 'app' ? { HTTP_ADAPTER: server.adapter } : {}) };
      const target = await startChild<{ url: string }>(server.kind === 'floor' ? 'floor-server' : 'app-server', env);
      started.push(target);
      contenders.push({ label, database: database(server).kind, server: target, gateway, spec: { url: `${target.ready.url}/payouts`, kind: 'create', prefix: `${label}-${Date.now()}` } });
    }
    const measured = await measureInRounds(load, cfg, contenders, durationS, rounds);
    for (const [i, m] of measured.entries()) {
      m.rows = await countPayouts(database(servers[i].server));
      log(`${describe(m)} (${m.rows} rows)`);
    }
    return measured;
  } finally {
    for (const child of started.reverse()) await child.stop();
  }
}
