import { ChannelConfig, FakePayoutProvider, PayoutProtocol, PayoutSubmission, QueryOutcome, SubmitOutcome } from '../../src/payouts';

/**
 * The fake gateway with switches for the failures the reliability tests need: a crash before or
 * after the order is placed, queries that throw, answer "unknown" or lag behind, a callback before
 * the answer, and queries held until the test lets them answer.
 */
export class ScriptedProvider extends FakePayoutProvider {
  crashBeforeSend = false;
  crashAfterSend = false;
  queryThrows = false;
  /** Queries answer "unknown" (a timeout, a 5xx) instead of the order's status. */
  queryUnknown = false;
  /** Queries answer "no such order" even for placed orders, as a lagging read replica would. */
  queryLags = false;
  /** Runs before a query answers (e.g. to hold it while the test lets its lease lapse). */
  beforeQuery?: (tradeNo: string) => Promise<void>;
  /** Queries of one trade number that were in flight at the same time as another of it. */
  overlappingQueries = 0;
  private readonly queriesInFlight = new Map<string, number>();
  /** Runs after the order is placed and before the create call answers (e.g. to deliver its callback first). */
  beforeAnswer?: (s: PayoutSubmission) => Promise<void>;

  override async submit(s: PayoutSubmission): Promise<SubmitOutcome> {
    if (this.crashBeforeSend) throw new Error('simulated crash between saving and sending');
    const outcome = await super.submit(s);
    await this.beforeAnswer?.(s);
    if (this.crashAfterSend) throw new Error('simulated crash between sending and saving the answer');
    return outcome;
  }

  override async query(tradeNo: string): Promise<QueryOutcome> {
    const inFlight = (this.queriesInFlight.get(tradeNo) ?? 0) + 1;
    this.queriesInFlight.set(tradeNo, inFlight);
    if (inFlight > 1) this.overlappingQueries++;
    try {
      await this.beforeQuery?.(tradeNo);
      if (this.queryThrows) throw new Error('simulated query failure');
      if (this.queryUnknown) return { kind: 'unknown', reason: 'simulated gateway timeout', exchange: { operation: 'query', durationMs: 0 } };
      if (this.queryLags) return { kind: 'not_found', exchange: { operation: 'query', durationMs: 0 } };
      return await super.query(tradeNo);
    } finally {
      this.queriesInFlight.set(tradeNo, (this.queriesInFlight.get(tradeNo) ?? 1) - 1);
    }
  }
}

/** One provider per channel code, shared by every app instance built with the same protocol object. */
export class ScriptedProtocol implements PayoutProtocol {
  readonly names = ['scripted'];
  readonly providers = new Map<string, ScriptedProvider>();

  /** `make`: a subclass of ScriptedProvider instead (one that reads a balance, say). */
  constructor(private readonly make: (channel: ChannelConfig) => ScriptedProvider = (channel) => new ScriptedProvider(channel)) {}

  checkConfig() {
    return [];
  }

  create(channel: ChannelConfig): ScriptedProvider {
    const existing = this.providers.get(channel.code);
    if (existing) return existing;
    const provider = this.make(channel);
    this.providers.set(channel.code, provider);
    return provider;
  }
}
