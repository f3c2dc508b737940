/** Where an order stands in the simulator, whatever the protocol calls it. */
export type OrderState = 'processing' | 'succeeded' | 'failed' | 'cancelled' | 'reversed';

/** How an order will end. `hold` keeps it processing until the control API completes it. */
export interface OutcomePlan {
  outcome: 'success' | 'failure' | 'cancel' | 'hold';
  /** Failure code (Paypro data.status such as "00029"; Cashy resultDesc such as "INVALID_CCI"). */
  code?: string;
  message?: string;
  /** Completion delay from now, overriding the simulator's completeAfterMs. */
  afterMs?: number;
}

/**
 * What one callback delivery was: the real notification, a duplicate, a stale one, a forged one
 * (wrong key), a field-shifted one (genuine sign) or a contradicting one (genuine sign, says FAIL).
 */
export type CallbackKind = 'notify' | 'duplicate' | 'stale' | 'forged' | 'shifted' | 'contradicting';

export interface CallbackAttempt {
  kind: CallbackKind;
  /** The protocol status the callback carried ("0000", "FAIL"…). */
  status: string;
  /** 1 for the first delivery of a notification, 2 for its first retry… */
  attempt: number;
  at: number;
  acked: boolean;
  httpStatus?: number;
  error?: string;
}

/** An order the simulator accepted. Exactly one per trade number. */
export interface LedgerOrder {
  tradeNo: string;
  /** The gateway's own order number (Paypro platFormTradeNo, Cashy orderNo). */
  providerReference: string;
  /** As the gateway formats it (Paypro "500", Cashy "10.00"). */
  amount: string;
  beneficiaryName: string;
  notifyUrl: string;
  /** The accepted request body (without its signature). */
  request: Record<string, unknown>;
  state: OrderState;
  plan: OutcomePlan;
  failure?: { code: string; message: string };
  createdAt: number;
  completedAt?: number;
  returnedAt?: number;
  callbacksSent: number;
  callbacksAcked: number;
  /** Set when notifyUrl is not a loopback http URL: the simulator calls nothing else. */
  callbacksSkipped?: string;
  callbacks: CallbackAttempt[];
}

/** Everything seen for one trade number, including requests for orders that were never accepted. */
export interface TradeStats {
  createRequests: number;
  /** Creates that placed the order: must never exceed 1. */
  acceptedCreates: number;
  duplicateCreatesRefused: number;
  queries: number;
  queriesInFlight: number;
  maxConcurrentQueries: number;
  /** Queries that arrived while another query for this trade number was still being answered. */
  queryOverlaps: number;
}

export interface SimulatorCounters {
  createRequests: number;
  ordersAccepted: number;
  /** Creates refused for a bad signature, merchant, or parameters (not duplicates). */
  createsRefused: number;
  duplicateCreatesRefused: number;
  queries: number;
  queryOverlaps: number;
  maxConcurrentQueriesPerTradeNo: number;
  otherRequests: number;
  ordersSucceeded: number;
  ordersFailed: number;
  ordersCancelled: number;
  ordersReversed: number;
  callbacksSent: number;
  callbacksAcked: number;
  callbacksSkipped: number;
  forgedCallbacksSent: number;
  /** Forged callbacks the merchant answered with the acknowledgement: a client that does not verify signatures. */
  forgedCallbacksAcked: number;
  shiftedCallbacksSent: number;
  /** Field-shifted callbacks the merchant acknowledged: a client that does not check the fields' forms. */
  shiftedCallbacksAcked: number;
  contradictingCallbacksSent: number;
  /** Acknowledged is fine here (the sign is genuine); what matters is that the merchant did not believe it. */
  contradictingCallbacksAcked: number;
  faultsInjected: Record<string, number>;
}

export interface LedgerSnapshot {
  counters: SimulatorCounters;
  orders: Record<string, LedgerOrder>;
  trades: Record<string, TradeStats>;
}

function zeroCounters(): SimulatorCounters {
  return {
    createRequests: 0,
    ordersAccepted: 0,
    createsRefused: 0,
    duplicateCreatesRefused: 0,
    queries: 0,
    queryOverlaps: 0,
    maxConcurrentQueriesPerTradeNo: 0,
    otherRequests: 0,
    ordersSucceeded: 0,
    ordersFailed: 0,
    ordersCancelled: 0,
    ordersReversed: 0,
    callbacksSent: 0,
    callbacksAcked: 0,
    callbacksSkipped: 0,
    forgedCallbacksSent: 0,
    forgedCallbacksAcked: 0,
    shiftedCallbacksSent: 0,
    shiftedCallbacksAcked: 0,
    contradictingCallbacksSent: 0,
    contradictingCallbacksAcked: 0,
    faultsInjected: {},
  };
}

/** The simulator's books: what it accepted, per trade number, so a test can prove nothing was paid twice. */
export class Ledger {
  /** Live object: reset() zeroes it in place, so a reference taken once stays valid. */
  readonly counters: SimulatorCounters = zeroCounters();
  private readonly orders = new Map<string, LedgerOrder>();
  private readonly byReference = new Map<string, string>();
  private readonly trades = new Map<string, TradeStats>();

  order(tradeNo: string): LedgerOrder | undefined {
    return this.orders.get(tradeNo);
  }

  orderByReference(providerReference: string): LedgerOrder | undefined {
    const tradeNo = this.byReference.get(providerReference);
    return tradeNo === undefined ? undefined : this.orders.get(tradeNo);
  }

  stats(tradeNo: string): TradeStats {
    let stats = this.trades.get(tradeNo);
    if (!stats) {
      stats = {
        createRequests: 0,
        acceptedCreates: 0,
        duplicateCreatesRefused: 0,
        queries: 0,
        queriesInFlight: 0,
        maxConcurrentQueries: 0,
        queryOverlaps: 0,
      };
      this.trades.set(tradeNo, stats);
    }
    return stats;
  }

  /** Stats without creating an entry for a trade number never seen. */
  peekStats(tradeNo: string): TradeStats | undefined {
    return this.trades.get(tradeNo);
  }

  noteCreateRequest(tradeNo: string | undefined): void {
    this.counters.createRequests++;
    if (tradeNo !== undefined) this.stats(tradeNo).createRequests++;
  }

  noteRefusedCreate(): void {
    this.counters.createsRefused++;
  }

  noteDuplicate(tradeNo: string): void {
    this.counters.duplicateCreatesRefused++;
    this.stats(tradeNo).duplicateCreatesRefused++;
  }

  noteOtherRequest(): void {
    this.counters.otherRequests++;
  }

  noteFault(name: string): void {
    this.counters.faultsInjected[name] = (this.counters.faultsInjected[name] ?? 0) + 1;
  }

  add(order: LedgerOrder): void {
    this.orders.set(order.tradeNo, order);
    this.byReference.set(order.providerReference, order.tradeNo);
    this.counters.ordersAccepted++;
    this.stats(order.tradeNo).acceptedCreates++;
  }

  /** Marks a query in flight; call the returned function once it has been answered (or dropped). */
  queryStarted(tradeNo: string | undefined): () => void {
    this.counters.queries++;
    if (tradeNo === undefined) return () => undefined;
    const stats = this.stats(tradeNo);
    stats.queries++;
    if (stats.queriesInFlight > 0) {
      stats.queryOverlaps++;
      this.counters.queryOverlaps++;
    }
    stats.queriesInFlight++;
    stats.maxConcurrentQueries = Math.max(stats.maxConcurrentQueries, stats.queriesInFlight);
    this.counters.maxConcurrentQueriesPerTradeNo = Math.max(this.counters.maxConcurrentQueriesPerTradeNo, stats.queriesInFlight);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      stats.queriesInFlight--;
    };
  }

  snapshot(): LedgerSnapshot {
    return {
      counters: this.counters,
      orders: Object.fromEntries(this.orders),
      trades: Object.fromEntries(this.trades),
    };
  }

  reset(): void {
    Object.assign(this.counters, zeroCounters());
    this.orders.clear();
    this.byReference.clear();
    this.trades.clear();
  }
}
