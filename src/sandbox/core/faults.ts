import { Random } from './prng';

/** Fault knobs that are probabilities in [0, 1]: 0 never, 1 always, between: decided by the seeded PRNG. */
export const PROBABILITY_FAULTS = [
  /** Add `latencyMs` (+ jitter) before handling an API call. Defaults to 1 when `latencyMs` is set. */
  'latency',
  /** Create: destroy the connection (TCP reset) before the order is accepted: nothing placed. */
  'resetBeforeAccept',
  /** Create: accept the order, then never answer (or hold the socket for `holdMs`). */
  'timeoutAfterAccept',
  /** Create: accept the order, then answer HTTP `serverErrorStatus`. */
  'serverErrorAfterAccept',
  /** Create: accept the order, then destroy the connection. */
  'resetAfterAccept',
  /**
   * Create: answer the documented "may or may not have happened" error (Paypro outer code 5000
   * "system operation exception", Cashy code 500 msg System_error) without placing the order.
   */
  'ambiguousBeforeAccept',
  /** Create: accept the order, then answer that same ambiguous error. */
  'ambiguousAfterAccept',
  /**
   * Create: hold the request `lateAcceptMs` (longer than the client waits), then go on as usual:
   * the order is placed after the client gave up, unless a resend placed it meanwhile.
   */
  'lateAccept',
  /** Create: accept the order, then answer HTTP 200 with a body cut off mid-JSON (no usable envelope). */
  'garbageAfterAccept',
  /** Query: never answer (or hold for `holdMs`). */
  'queryTimeout',
  /** Query: answer HTTP `serverErrorStatus`. */
  'queryServerError',
  /** Query: destroy the connection. */
  'queryReset',
  /**
   * Query: answer "no such order" for an order accepted less than `queryLagMs` ago, as a lagging
   * read replica would (creates still see it: a resend is refused as a duplicate). Defaults to 1
   * when `queryLagMs` is set.
   */
  'queryLag',
  /** Callback: deliver the same notification 2 or 3 times (same body, same signature). */
  'duplicateCallbacks',
  /** Callback: after the final notification, deliver a stale PROCESSING one. */
  'outOfOrderCallbacks',
  /** Callback: before the real notification, deliver one with the opposite outcome and a bad signature. */
  'forgedCallbacks',
  /**
   * Callback (Paypro/Vexora only): before the real notification, deliver it with `status` run into
   * the next field ("0000successTime=…", successTime gone) under the genuine sign, which still
   * matches because the signed string has no separators. Cashy signs the raw body, so a shift
   * would break its Sign: the knob does nothing there.
   */
  'fieldShiftedCallbacks',
  /**
   * Callback: a correctly signed FAIL for an order the ledger has as PROCESSING (sent at acceptance)
   * or as SUCCESS (sent before the real notification), as a compromised relay or a gateway bug would.
   */
  'contradictingCallbacks',
  /** After success: `lateReturnAfterMs` later the order turns into a return (Paypro failure code, Cashy PAYMENT_OFFSET). */
  'lateReturn',
] as const;
export type ProbabilityFault = (typeof PROBABILITY_FAULTS)[number];

/** Fault knobs that are amounts in milliseconds (or an HTTP status). */
export const AMOUNT_FAULTS = [
  'latencyMs',
  'latencyJitterMs',
  'holdMs',
  'lateReturnAfterMs',
  'serverErrorStatus',
  /** Added to query calls only, after `latencyMs`: a query slower than the client's lease. */
  'queryLatencyMs',
  /** How long after acceptance a lagging query (`queryLag`) still misses the order. */
  'queryLagMs',
  /** How long a `lateAccept` create is held before it is placed. */
  'lateAcceptMs',
] as const;
export type AmountFault = (typeof AMOUNT_FAULTS)[number];

export type FaultConfig = Partial<Record<ProbabilityFault | AmountFault, number>>;

/** Global faults plus per-trade-number overrides (keys there replace the global value for that order). */
export interface FaultSettings extends FaultConfig {
  byTradeNo?: Record<string, FaultConfig>;
}

const AMOUNT_DEFAULTS: Record<AmountFault, number> = {
  latencyMs: 0,
  latencyJitterMs: 0,
  /** 0: hold until the client gives up or the simulator closes. */
  holdMs: 0,
  lateReturnAfterMs: 1_000,
  serverErrorStatus: 500,
  queryLatencyMs: 0,
  queryLagMs: 0,
  lateAcceptMs: 5_000,
};

/** Every problem with a fault configuration; sent back by POST /__sandbox/faults so typos do not pass silently. */
export function checkFaultSettings(value: unknown): string[] {
  if (!isRecord(value)) return ['faults must be a JSON object'];
  const problems = checkConfig(value, '', true);
  if (value.byTradeNo !== undefined) {
    if (!isRecord(value.byTradeNo)) problems.push('byTradeNo must be an object keyed by trade number');
    else {
      for (const [tradeNo, config] of Object.entries(value.byTradeNo)) {
        if (!isRecord(config)) problems.push(`byTradeNo.${tradeNo} must be an object`);
        else problems.push(...checkConfig(config, `byTradeNo.${tradeNo}.`, false));
      }
    }
  }
  return problems;
}

function checkConfig(config: Record<string, unknown>, prefix: string, allowByTradeNo: boolean): string[] {
  const problems: string[] = [];
  for (const [key, v] of Object.entries(config)) {
    if (key === 'byTradeNo' && allowByTradeNo) continue;
    if ((PROBABILITY_FAULTS as readonly string[]).includes(key)) {
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) problems.push(`${prefix}${key} must be a probability in [0, 1]`);
    } else if ((AMOUNT_FAULTS as readonly string[]).includes(key)) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) problems.push(`${prefix}${key} must be a number >= 0`);
    } else problems.push(`${prefix}${key} is not a fault knob`);
  }
  return problems;
}

/** Decides faults from the current settings with the simulator's seeded PRNG. */
export class FaultDice {
  private current: FaultSettings;

  constructor(private readonly random: Random, settings: FaultSettings = {}) {
    this.current = settings;
  }

  get settings(): FaultSettings {
    return this.current;
  }

  set(settings: FaultSettings): void {
    this.current = settings;
  }

  /** Only probabilities strictly between 0 and 1 consume a random number, so fixed knobs do not shift the sequence. */
  roll(fault: ProbabilityFault, tradeNo?: string): boolean {
    const p = this.probability(fault, tradeNo);
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.random() < p;
  }

  amount(knob: AmountFault, tradeNo?: string): number {
    return this.lookup(knob, tradeNo) ?? AMOUNT_DEFAULTS[knob];
  }

  /** The added latency for one API call, 0 when the latency fault does not fire. */
  latency(tradeNo?: string): number {
    const base = this.amount('latencyMs', tradeNo);
    const jitter = this.amount('latencyJitterMs', tradeNo);
    if (base === 0 && jitter === 0) return 0;
    if (!this.roll('latency', tradeNo)) return 0;
    return base + (jitter > 0 ? Math.floor(this.random() * jitter) : 0);
  }

  private probability(fault: ProbabilityFault, tradeNo?: string): number {
    const p = this.lookup(fault, tradeNo);
    if (p !== undefined) return p;
    // Setting a latency or lag amount is enough to turn it on.
    return fault === 'latency' || fault === 'queryLag' ? 1 : 0;
  }

  private lookup(key: ProbabilityFault | AmountFault, tradeNo?: string): number | undefined {
    const own = tradeNo === undefined ? undefined : this.current.byTradeNo?.[tradeNo]?.[key];
    return own ?? this.current[key];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
