/** The chaos run's knobs (issue 6). Sized to finish in a few minutes on 2 cores. */
export const CHAOS = {
  payouts: Number(process.env.CHAOS_PAYOUTS ?? 5_000),
  concurrency: 24,
  killsPerInstance: 3,
  /** How long a killed instance stays down before it is restarted. */
  downMs: 1_000,
  settleTimeoutMs: 150_000,
  database: 'payouts_chaos',
  failureShare: 0.1,
  faults: {
    timeoutAfterAccept: 0.1,
    holdMs: 4_000,
    serverErrorAfterAccept: 0.05,
    resetBeforeAccept: 0.015,
    resetAfterAccept: 0.015,
    duplicateCallbacks: 0.5,
    outOfOrderCallbacks: 0.2,
    forgedCallbacks: 0.05,
    lateReturn: 0.02,
    // Returns come long after the success was reported (days, in life): after the callbacks and polls.
    lateReturnAfterMs: 20_000,
  },
  /** The app's settings: short timeouts and a fast poll so the run settles in seconds, not hours. */
  polling: { intervalMs: 300, batchSize: 200, concurrency: 16, ratePerChannel: 0, leaseMs: 10_000, schedule: [1_000, 2_000, 4_000], createdGraceMs: 3_000, unknownGraceMs: 3_000 },
  timeouts: { connectMs: 1_000, responseMs: 2_000 },
} as const;
