import { BenchResults, Target } from './results';

const fmt = (n: number | undefined) => (n === undefined ? '–' : String(n));

/** The markdown table printed at the end and copied into docs/benchmarks.md. */
export function markdownTable(r: BenchResults): string {
  const lines = ['| scenario | database | rate /s | p50 ms | p99 ms | floor /s | ratio | notes |', '|---|---|---|---|---|---|---|---|'];
  const row = (cells: (string | number | undefined)[]) => lines.push(`| ${cells.map((c) => (typeof c === 'string' ? c : fmt(c))).join(' | ')} |`);
  if (r.create) {
    const c = r.create;
    row(['create: floor', 'MariaDB', c.floor.rate, c.floor.p50, c.floor.p99, '', '', `${c.floor.rows} rows in the table after`]);
    for (const [name, m] of [['express', c.express], ['fastify', c.fastify]] as const) {
      row([`create: ${name}`, 'MariaDB', m.rate, m.p50, m.p99, m.floorRate, `${m.ratio}x`, `p99 ${m.p99Ratio}x floor`]);
    }
    row(['create: express', 'SQLite', c.sqliteExpress.rate, c.sqliteExpress.p50, c.sqliteExpress.p99, '', '', `${c.sqliteExpress.rows} rows in the table after`]);
  }
  if (r.callbacks) {
    const c = r.callbacks;
    row(['callbacks: floor', 'MariaDB', c.floor.rate, c.floor.p50, c.floor.p99, '', '', `${c.floor.rows} payouts settled`]);
    row(['callbacks: express', 'MariaDB', c.app.rate, c.app.p50, c.app.p99, c.app.floorRate, `${c.app.ratio}x`, `p99 ${c.app.p99Ratio}x floor; ${c.app.rows} payouts settled`]);
    row(['callbacks: fastify', 'MariaDB', c.fastify.rate, c.fastify.p50, c.fastify.p99, c.fastify.floorRate, `${c.fastify.ratio}x`, `p99 ${c.fastify.p99Ratio}x floor; ${c.fastify.rows} payouts settled`]);
    row(['callbacks: express', 'SQLite', c.sqlite.rate, c.sqlite.p50, c.sqlite.p99, '', '', `${c.sqlite.rows} payouts settled`]);
  }
  if (r.reconcile) {
    const { floor, mariadb, sqlite } = r.reconcile;
    row(['reconcile: floor', 'MariaDB', floor.rate, '', '', '', '', `${floor.payouts} payouts, peak RSS ${floor.peakRssMb} MB`]);
    row(['reconcile: poller', 'MariaDB', mariadb.rate, '', '', floor.rate, `${mariadb.ratio}x`, `${mariadb.payouts} payouts, peak RSS ${mariadb.peakRssMb} MB`]);
    row(['reconcile: poller', 'SQLite', sqlite.rate, '', '', '', '', `${sqlite.payouts} payouts, peak RSS ${sqlite.peakRssMb} MB`]);
  }
  if (r.scaleOut) {
    const o = r.scaleOut;
    row([`scale-out: ${o.instances} pollers`, 'MariaDB', o.rate, '', '', '', '', `${o.payouts} payouts (${o.perInstance.join(' + ')}), ${o.overlaps} queried twice, ${o.succeeded} succeeded`]);
  }
  if (r.growth) {
    const g = r.growth;
    for (const p of [g.small, g.large]) {
      row([`growth: ${p.rows.toLocaleString('en')} rows`, 'MariaDB', p.createRate, p.createP50, p.createP99, '', '', `claim ${p.claimMs} ms (200 of 1,000 due)`]);
    }
    row(['growth: large / small', 'MariaDB', '', `${g.createP50Ratio}x`, '', '', `${g.ratio}x`, `claim ${g.claimRatio}x; full scans: ${g.explain.filter((e) => e.fullScan).length} of ${g.explain.length} statements`]);
  }
  if (r.batch) {
    const { mariadb: m, sqlite: q } = r.batch;
    row(['batch: accept (CSV)', 'MariaDB', m.acceptRate, '', '', '', '', `${m.rows} rows in ${m.acceptSeconds} s`]);
    row(['batch: sent by the poller', 'MariaDB', m.drainRate, '', '', m.floorRate, `${m.ratio}x`, `${m.rows} rows in ${m.drainSeconds} s; floor: reconcile`]);
    row(['batch: accept (CSV)', 'SQLite', q.acceptRate, '', '', '', '', `${q.rows} rows in ${q.acceptSeconds} s`]);
    row(['batch: sent by the poller', 'SQLite', q.drainRate, '', '', '', '', `${q.rows} rows in ${q.drainSeconds} s`]);
  }
  if (r.growth) {
    lines.push('', `EXPLAIN at ${r.growth.large.rows.toLocaleString('en')} rows:`, '', '| statement | table | type | key | rows |', '|---|---|---|---|---|');
    for (const e of r.growth.explain) for (const p of e.plan) lines.push(`| ${e.name} | ${p.table} | ${p.type} | ${p.key ?? '–'} | ${p.rows} |`);
  }
  lines.push('', '| target | goal | measured | met |', '|---|---|---|---|');
  for (const t of r.targets) lines.push(`| ${t.name} | ${t.goal} | ${t.measured} | ${t.met ? 'yes' : 'NO'} |`);
  return lines.join('\n');
}

/** The targets of issue 16 (create, callbacks, reconcile, growth) and issue 13 (batch accept), checked against one run. */
export function checkTargets(r: BenchResults): Target[] {
  const out: Target[] = [];
  if (r.create) {
    const { express: e, fastify: f } = r.create;
    out.push({ name: 'create rate (express)', goal: '≥ 0.5x floor', measured: `${e.ratio}x`, met: e.ratio >= 0.5 });
    out.push({ name: 'create p99 (express)', goal: '≤ 2x floor p99', measured: `${e.p99Ratio}x (${e.p99} vs ${e.floorP99} ms)`, met: e.p99Ratio <= 2 });
    out.push({ name: 'create rate (fastify)', goal: '≥ 0.6x floor', measured: `${f.ratio}x`, met: f.ratio >= 0.6 });
  }
  if (r.callbacks) out.push({ name: 'callbacks rate', goal: '≥ 0.5x floor', measured: `${r.callbacks.app.ratio}x`, met: r.callbacks.app.ratio >= 0.5 });
  if (r.reconcile) {
    const m = r.reconcile.mariadb;
    out.push({ name: 'reconcile rate', goal: '≥ 0.7x floor', measured: `${m.ratio}x (${m.rate} vs ${r.reconcile.floor.rate}/s)`, met: m.ratio >= 0.7 });
    out.push({ name: 'reconcile memory', goal: '< 300 MB RSS', measured: `${m.peakRssMb} MB`, met: m.peakRssMb < 300 });
  }
  if (r.scaleOut) {
    const o = r.scaleOut;
    out.push({ name: 'scale-out overlap', goal: '0 payouts worked by both instances, all settled', measured: `${o.overlaps} overlaps, ${o.succeeded} of ${o.payouts} settled`, met: o.overlaps === 0 && o.succeeded === o.payouts });
  }
  if (r.batch) {
    const m = r.batch.mariadb;
    out.push({ name: 'batch accept', goal: '10,000 rows in < 10 s (≥ 1,000 rows/s)', measured: `${m.acceptRate} rows/s (${m.rows} in ${m.acceptSeconds} s)`, met: m.acceptRate >= 1_000 });
  }
  if (r.growth) {
    out.push({ name: 'growth', goal: '≤ 1.25x (create p50 and claim)', measured: `${r.growth.ratio}x`, met: r.growth.ratio <= 1.25 });
    out.push({ name: 'hot queries', goal: 'no full scans', measured: `${r.growth.explain.filter((e) => e.fullScan).length} full scans`, met: !r.growth.explain.some((e) => e.fullScan) });
  }
  return out;
}

/** The contract's last line. */
export function summaryLine(r: BenchResults): string {
  return `bench: create ${fmt(r.create?.express.ratio)}x floor, callbacks ${fmt(r.callbacks?.app.ratio)}x floor, reconcile ${fmt(r.reconcile?.mariadb.ratio)}x floor, growth ${fmt(r.growth?.ratio)}x`;
}
