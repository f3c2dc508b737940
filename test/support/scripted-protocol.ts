import { ChannelConfig, FakePayoutProvider, PayoutProtocol, PayoutSubmission, QueryOutcome, SubmitOutcome } from '../../src/payouts';

/**
 * The fake gateway with switches for the failures the reliability tests need: a crash before or
 * after the order is placed, queries that throw or answer "unknown", a callback before the answer.
 */
export class ScriptedProvider extends FakePayoutProvider {
  crashBeforeSend = false;
  crashAfterSend = false;
  queryThrows = false;
  /** Queries answer "unknown" (a timeout, a 5xx) instead of the order's status. */
  queryUnknown = false;
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
    if (this.queryThrows) throw new Error('simulated query failure');
    if (this.queryUnknown) return { kind: 'unknown', reason: 'simulated gateway timeout', exchange: { operation: 'query', durationMs: 0 } };
    return super.query(tradeNo);
  }
}

/** One provider per channel code, shared by every app instance built with the same protocol object. */
export class ScriptedProtocol implements PayoutProtocol {
  readonly names = ['scripted'];
  readonly providers = new Map<string, ScriptedProvider>();

  checkConfig() {
    return [];
  }

  create(channel: ChannelConfig): ScriptedProvider {
    const existing = this.providers.get(channel.code);
    if (existing) return existing;
    const provider = new ScriptedProvider(channel);
    this.providers.set(channel.code, provider);
    return provider;
  }
}
