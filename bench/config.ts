import { SANDBOX_CHANNELS } from '../src/sandbox';

/** Durations, sizes and connections of one bench run: `--quick` shrinks everything to stay under 3 minutes. */
export interface BenchConfig {
  quick: boolean;
  connections: number;
  /** Servers compared with each other are loaded in turn, this many times (see measureInRounds). */
  rounds: number;
  warmupS: number;
  createS: number;
  callbacksS: number;
  /** Payouts seeded per callback run: more than the run can deliver, so every callback is a first delivery. */
  callbackPool: number;
  reconcilePayouts: number;
  growthSizes: [number, number];
  growthCreateS: number;
  /** Rows of the batch scenario's file. */
  batchRows: number;
}

export function benchConfig(argv: string[]): BenchConfig {
  const quick = argv.includes('--quick');
  return quick
    ? { quick, connections: 32, rounds: 2, warmupS: 2, createS: 5, callbacksS: 5, callbackPool: 60_000, reconcilePayouts: 5_000, growthSizes: [10_000, 200_000], growthCreateS: 4, batchRows: 2_000 }
    : { quick, connections: 32, rounds: 4, warmupS: 3, createS: 20, callbacksS: 20, callbackPool: 250_000, reconcilePayouts: 20_000, growthSizes: [10_000, 1_000_000], growthCreateS: 20, batchRows: 10_000 };
}

/** The dedicated database the bench creates and drops; BENCH_DATABASE moves it, so that two runs on one server never drop each other's. */
export const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: process.env.BENCH_DATABASE ?? 'payouts_bench' };
/** The same pool size the example app uses by default (DATABASE_POOL_SIZE). */
export const POOL_SIZE = 20;

/** Every scenario pays out on the Paypro Indonesia sandbox channel. */
export const CHANNEL: (typeof SANDBOX_CHANNELS)[number] = SANDBOX_CHANNELS[0];
/** Every payout is 150000.00 IDR: as the API and the gateway write it, and in minor units. */
export const AMOUNT = '150000';
export const AMOUNT_MINOR = 15_000_000;
