import { BenchConfig } from './config';
import { claimMediansMs } from './claim-timing';
import { measureCreate } from './create-scenario';
import { countPayouts } from './counts';
import { BenchDatabase, createMariaDb, dropMariaDb, MARIADB, mariadb, truncateMariaDb } from './db';
import { explainHotQueries, ExplainedQuery } from './explain';
import { LoadChild, log, ratio } from './measure';
import { seedMariaDb, SeedPlan } from './seed';

export interface GrowthPoint {
  rows: number;
  createRate: number;
  createP50: number;
  createP99: number;
  claimMs: number;
}

export interface Growth {
  small: GrowthPoint;
  large: GrowthPoint;
  createP50Ratio: number;
  claimRatio: number;
  /** The worse of the two ratios: what the target is checked against. */
  ratio: number;
  explain: ExplainedQuery[];
}

/** Due rows stay at this count at every size: the claim's cost must not follow the table's size. */
const DUE = 1_000;
const DAY = 86_400_000;
const SMALL = mariadb('payouts_bench_small');

/**
 * Two tables of the same shape, one of each size, in two databases of the same server: settled
 * payouts (90% succeeded, 5% failed), 5% PROCESSING not yet due and 1,000 due payouts (UNKNOWN,
 * PROCESSING, CREATED), created over the last 30 days. Claims and creates (express) on both are
 * measured taking turns, so that other work on the machine weighs on both sizes alike; then
 * every hot query is EXPLAINed on the large one.
 */
export async function measureGrowth(load: LoadChild, cfg: BenchConfig): Promise<Growth> {
  const [smallSize, largeSize] = cfg.growthSizes;
  const started = Date.now();
  const plan = (size: number): SeedPlan => ({
    prefix: 'G',
    from: 0,
    to: size,
    status: (i) => (i < DUE ? ['UNKNOWN', 'PROCESSING', 'CREATED'][i % 3] : i % 20 === 1 ? 'PROCESSING' : i % 20 === 2 ? 'FAILED' : 'SUCCEEDED'),
    nextPollAt: (i) => (i < DUE ? new Date(started - 60_000 - i) : i % 20 === 1 ? new Date(started + DAY + i) : null),
    createdAt: (i) => new Date(started - 30 * DAY + Math.floor((i * 30 * DAY) / size)),
  });
  await createMariaDb(SMALL);
  try {
    await truncateMariaDb(MARIADB);
    await seedMariaDb(plan(smallSize), SMALL);
    const seedStarted = Date.now();
    await seedMariaDb(plan(largeSize), MARIADB);
    log(`growth: seeded ${largeSize} payouts in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
    const rows = [await countPayouts(SMALL), await countPayouts(MARIADB)];
    const claims = await claimMediansMs([SMALL, MARIADB]);
    const creates = await measureCreate(
      load,
      cfg,
      [SMALL, MARIADB].map((database: BenchDatabase, i) => ({ label: i ? 'growth-large' : 'growth-small', server: { kind: 'app' as const, adapter: 'express' as const, database } })),
      { durationS: cfg.growthCreateS, emptyFirst: false },
    );
    const [small, large] = [0, 1].map((i): GrowthPoint => ({ rows: rows[i], createRate: creates[i].rate, createP50: creates[i].p50, createP99: creates[i].p99, claimMs: claims[i] }));
    for (const [name, p] of [['small', small], ['large', large]] as const) log(`growth-${name}: ${p.rows} rows, claim ${p.claimMs} ms, create p50 ${p.createP50} ms`);
    const explain = await explainHotQueries();
    const createP50Ratio = ratio(large.createP50, small.createP50);
    const claimRatio = ratio(large.claimMs, small.claimMs);
    return { small, large, createP50Ratio, claimRatio, ratio: Math.max(createP50Ratio, claimRatio), explain };
  } finally {
    await dropMariaDb(SMALL);
  }
}
