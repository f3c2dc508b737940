import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureBatch } from './batch-scenario';
import { measureCallbacks } from './callbacks-scenario';
import { benchConfig } from './config';
import { measureCreate } from './create-scenario';
import { createMariaDb, createSqlite, dropMariaDb, MARIADB } from './db';
import { measureGrowth } from './growth-scenario';
import { describeMachine } from './machine';
import { log, Measured, ratio } from './measure';
import { startChild } from './processes';
import { measureReconcile } from './reconcile-scenario';
import { measureScaleOut } from './scale-out-scenario';
import { checkTargets, markdownTable, summaryLine } from './report';
import { AgainstFloor, BenchResults } from './results';

const SCENARIOS = ['create', 'callbacks', 'reconcile', 'scaleout', 'growth', 'batch'] as const;

/**
 * `npm run bench [-- --quick] [-- --only=create,callbacks,reconcile,scaleout,growth,batch]`: every scenario on
 * MariaDB (payouts_bench, created and dropped here) against its raw floor, SQLite alongside.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const cfg = benchConfig(argv);
  const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const runs = (s: (typeof SCENARIOS)[number]) => !only || only.includes(s);
  await createMariaDb();
  const results: BenchResults = { date: new Date().toISOString(), mode: cfg.quick ? 'quick' : 'full', machine: await describeMachine(), connections: cfg.connections, targets: [] };
  log(`${results.mode} run on ${results.machine.nproc} CPUs, load average ${results.machine.loadAverage}`);
  const load = await startChild<object>('load');
  try {
    if (runs('create')) {
      const [floor, express, fastify] = await measureCreate(load, cfg, [
        { label: 'create-floor', server: { kind: 'floor' } },
        { label: 'create-express', server: { kind: 'app', adapter: 'express', database: MARIADB } },
        { label: 'create-fastify', server: { kind: 'app', adapter: 'fastify', database: MARIADB } },
      ]);
      const sqlite = await createSqlite();
      const [sqliteExpress] = await measureCreate(load, cfg, [{ label: 'create-express-sqlite', server: { kind: 'app', adapter: 'express', database: sqlite } }]).finally(() => sqlite.remove());
      results.create = { durationS: cfg.createS, floor, express: againstFloor(express, floor), fastify: againstFloor(fastify, floor), sqliteExpress };
    }
    if (runs('callbacks')) {
      const [floor, app, fastify] = await measureCallbacks(load, cfg, [
        { label: 'callbacks-floor', server: { kind: 'floor', database: MARIADB } },
        { label: 'callbacks-app', server: { kind: 'app', adapter: 'express', database: MARIADB } },
        { label: 'callbacks-fastify', server: { kind: 'app', adapter: 'fastify', database: MARIADB } },
      ]);
      const sqliteDb = await createSqlite();
      const [sqlite] = await measureCallbacks(load, cfg, [{ label: 'callbacks-app-sqlite', server: { kind: 'app', adapter: 'express', database: sqliteDb } }]).finally(() => sqliteDb.remove());
      results.callbacks = { durationS: cfg.callbacksS, floor, app: againstFloor(app, floor), fastify: againstFloor(fastify, floor), sqlite };
    }
    if (runs('reconcile')) {
      const [floor, mariadb] = await measureReconcile(cfg, MARIADB, [
        { label: 'reconcile-floor', script: 'floor-reconciler' },
        { label: 'reconcile-poller', script: 'reconciler' },
      ]);
      const sqliteDb = await createSqlite();
      const [sqlite] = await measureReconcile(cfg, sqliteDb, [{ label: 'reconcile-poller-sqlite', script: 'reconciler' }]).finally(() => sqliteDb.remove());
      results.reconcile = { floor, mariadb: { ...mariadb, ratio: ratio(mariadb.rate, floor.rate) }, sqlite };
    }
    if (runs('scaleout')) results.scaleOut = await measureScaleOut(cfg);
    if (runs('growth')) results.growth = await measureGrowth(load, cfg);
    if (runs('batch')) {
      const mariadb = await measureBatch(cfg, MARIADB);
      // The floor the sends are compared with: this run's reconcile floor, or one drain of it now.
      const floor = results.reconcile?.floor ?? (await measureReconcile({ ...cfg, rounds: 1 }, MARIADB, [{ label: 'reconcile-floor', script: 'floor-reconciler' }]))[0];
      const sqliteDb = await createSqlite();
      const sqlite = await measureBatch(cfg, sqliteDb).finally(() => sqliteDb.remove());
      results.batch = { mariadb: { ...mariadb, floorRate: floor.rate, ratio: ratio(mariadb.drainRate, floor.rate) }, sqlite };
    }
  } finally {
    await load.stop();
    await dropMariaDb();
  }
  results.targets = checkTargets(results);
  // This file runs from dist/bench/bench: the results go to bench/results in the source tree.
  const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`\n${markdownTable(results)}\n`);
  console.log(summaryLine(results));
}

function againstFloor(m: Measured, floor: Measured): AgainstFloor {
  return { ...m, floorRate: floor.rate, floorP99: floor.p99, ratio: ratio(m.rate, floor.rate), p99Ratio: ratio(m.p99, floor.p99) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
