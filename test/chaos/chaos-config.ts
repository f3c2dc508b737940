/** The chaos run's knobs (issues 6, 11, 12). Sized to finish in a few minutes on 2 cores. */
export const CHAOS = {
  payouts: Number(process.env.CHAOS_PAYOUTS ?? 5_000),
  concurrency: 24,
  /** SIGKILLs per app instance: at least `min`, up to `max` while the load runs. */
  kills: { min: 3, max: 5 },
  /** How long a killed instance stays down before it is restarted. */
  downMs: 1_000,
  settleTimeoutMs: 150_000,
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
    // Issue 11: answers that say nothing definite, queries that lag behind creates (so resends
    // are refused as duplicates), calls slower than the client waits, signed callbacks that lie.
    ambiguousBeforeAccept: 0.01,
    ambiguousAfterAccept: 0.02,
    queryLag: 0.2,
    queryLagMs: 5_000,
    latency: 0.02,
    latencyMs: 2_500,
    fieldShiftedCallbacks: 0.05,
    contradictingCallbacks: 0.05,
    // Issue 12: queries that fail (held past the client's timeout, 5xx, reset); creates placed
    // only after the client gave up and after its resend was due (longer than responseMs plus
    // unknownGraceMs); a 200 whose body is no envelope.
    queryTimeout: 0.02,
    queryServerError: 0.02,
    queryReset: 0.01,
    lateAccept: 0.02,
    lateAcceptMs: 6_000,
    garbageAfterAccept: 0.02,
    // Returns come long after the success was reported (days, in life): after the callbacks and polls.
    lateReturnAfterMs: 20_000,
  },
  /**
   * The app's settings: short timeouts and a fast poll so the run settles in seconds, not hours.
   * The lease is barely longer than a call may take (connect + response), as the boot check allows.
   */
  polling: { intervalMs: 300, batchSize: 200, concurrency: 16, ratePerChannel: 0, leaseMs: 3_500, schedule: [1_000, 2_000, 4_000], createdGraceMs: 3_000, unknownGraceMs: 3_000 },
  /** Instance b's clock runs this far ahead of a's and of the database's: more than the lease. */
  clockSkewMs: 30_000,
  /** Every n-th payout also goes out under the upper-cased merchant reference: a different payout. */
  mixedCaseEvery: 20,
  /** Every n-th payout (offset 3, not only failing ones) is sent again once answered, as a client that retries. */
  clientRetryEvery: 10,
  /**
   * The database (a private MariaDB) is killed once the load has sent this share of the payouts,
   * and started again `outageMs` later. Its 503s are expected until `outageGraceMs` after it is
   * back (the pools reconnect on demand); any other 5xx fails the run.
   */
  outage: { atShare: 0.4, outageMs: 5_000, outageGraceMs: 5_000 },
  timeouts: { connectMs: 1_000, responseMs: 2_000 },
  /**
   * A positive control's short run: fewer payouts and kills, the same faults but no late returns
   * (a return sooner than its success is learnt reads as a Paypro failure, and waiting 20 s for
   * them would triple the controls' time).
   */
  control: { payouts: 200, kills: { min: 1, max: 1 }, settleTimeoutMs: 30_000, lateReturnAfterMs: 0, faults: { lateReturn: 0 } },
} as const;
