import { PayoutProvider } from '../providers/payout-provider';

export type GatewayOperation = 'submit' | 'query' | 'balance' | 'banks';

/** One call to a gateway as seen from outside the provider. */
export interface GatewayCall {
  channel: string;
  operation: GatewayOperation;
  /** The outcome kind (accepted, refused, not_sent, unknown, found, not_found, ok) or "error". */
  outcome: string;
  /** Whether the gateway gave an answer we could act on (a refusal is an answer). */
  answered: boolean;
  durationMs: number;
  /** Why it was not answered; already free of personal data (providers mask their reasons). */
  reason?: string;
}

export type GatewayCallListener = (call: GatewayCall) => void;

/** Outcomes that mean the gateway was not reached or gave no usable answer. */
const UNANSWERED = new Set(['not_sent', 'unknown']);

/**
 * Wraps a provider so every gateway call is reported to `listener` (latency metrics and channel
 * health) without the providers knowing. Outcomes pass through untouched.
 */
export function observeProvider(provider: PayoutProvider, listener: GatewayCallListener): PayoutProvider {
  const channel = provider.channel.code;
  const timed = async <T>(operation: GatewayOperation, call: () => Promise<T>, outcomeOf: (result: T) => { kind: string; reason?: string }) => {
    const started = performance.now();
    try {
      const result = await call();
      const { kind, reason } = outcomeOf(result);
      listener({ channel, operation, outcome: kind, answered: !UNANSWERED.has(kind), durationMs: performance.now() - started, reason });
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      listener({ channel, operation, outcome: 'error', answered: false, durationMs: performance.now() - started, reason });
      throw error;
    }
  };
  const kindOf = (r: { kind: string; reason?: string }) => ({ kind: r.kind, reason: 'reason' in r ? r.reason : undefined });
  const ok = () => ({ kind: 'ok' });
  const wrapped: Partial<PayoutProvider> = {
    submit: (submission) => timed('submit', () => provider.submit(submission), kindOf),
    query: (tradeNo, reference) => timed('query', () => provider.query(tradeNo, reference), kindOf),
    balance: provider.balance && (() => timed('balance', () => provider.balance!(), ok)),
    banks: provider.banks && (() => timed('banks', () => provider.banks!(), ok)),
  };
  // A proxy, not a copy: everything else (and a protocol's own extras) stays the provider's.
  return new Proxy(provider, {
    get: (target, property, receiver) =>
      property in wrapped ? wrapped[property as keyof PayoutProvider] : Reflect.get(target, property, receiver),
  });
}
