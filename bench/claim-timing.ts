import { DataSource } from 'typeorm';
import { databaseOptions } from '../src/example/database.config';
import { PayoutRepository } from '../src/payouts/persistence/payout.repository';
import { BenchDatabase } from './db';

/**
 * The poller's claim (PayoutRepository.claimDue, a batch of 200 as by default) timed `runs` times
 * on each database, taking turns; the median per database, in ms. Each lease ends at once, so
 * every run finds the same due rows free.
 */
export async function claimMediansMs(databases: BenchDatabase[], runs = 25, limit = 200): Promise<number[]> {
  const repos: { source: DataSource; repo: PayoutRepository; times: number[] }[] = [];
  try {
    for (const db of databases) {
      const source = await new DataSource(databaseOptions(db.env)).initialize();
      repos.push({ source, repo: new PayoutRepository(source), times: [] });
    }
    for (let i = 0; i < runs; i++) {
      for (const r of repos) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        const now = new Date();
        const started = performance.now();
        const claimed = await r.repo.claimDue({ lease: { owner: 'bench', token: `bench-${i}` }, now, leaseMs: 0, limit });
        r.times.push(performance.now() - started);
        if (claimed.length !== limit) throw new Error(`claimed ${claimed.length} payouts, expected ${limit}`);
      }
    }
  } finally {
    for (const r of repos) await r.source.destroy();
  }
  return repos.map(({ times }) => {
    times.sort((a, b) => a - b);
    return Math.round(times[Math.floor(times.length / 2)] * 100) / 100;
  });
}
