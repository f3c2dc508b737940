import { CallbackDispatcher, RenderedCallback } from './callback-dispatcher';
import { centsOf } from './decimal';
import { SandboxFunds } from './funds';
import { FaultDice, FaultSettings, ProbabilityFault } from './faults';
import { CallbackKind, Ledger, LedgerOrder, OutcomePlan } from './ledger';
import { Random, mulberry32 } from './prng';
import { TimerSet } from './timer-set';

/** A create request that passed the protocol's checks, about to be accepted. */
export interface OrderDraft {
  tradeNo: string;
  amount: string;
  beneficiaryName: string;
  notifyUrl: string;
  request: Record<string, unknown>;
}

/**
 * The order as it stands, an older PROCESSING view of it, a forged copy claiming the opposite
 * outcome (wrong key), or a correctly signed one claiming a failure.
 */
export type CallbackView = 'current' | 'stale' | 'forged' | 'contradicting';

export interface FailureReason {
  code: string;
  message: string;
}

/** What a protocol tells the engine about itself. */
export interface ProtocolBehaviour {
  /** The exact reply body that acknowledges a callback. */
  ack: string;
  /** The documented callback retry delays in ms, before time scaling. */
  retryDelaysMs: readonly number[];
  newProviderReference(random: Random): string;
  /** Reasons used when a plan does not name one. */
  defaults: { failure: FailureReason; cancel: FailureReason; return: FailureReason };
  /** The message that goes with a failure code a plan names without a message. */
  failureMessage(code: string): string;
  /** Codes that would not read as a failure in this protocol (Paypro "0000"), refused in plans. */
  reservedCodes: readonly string[];
  renderCallback(order: LedgerOrder, view: CallbackView): RenderedCallback;
  /**
   * The current notification with its fields shifted under the genuine sign; only protocols whose
   * signed string lets characters move between fields (Paypro) have one.
   */
  renderFieldShifted?(order: LedgerOrder): RenderedCallback;
}

export interface EngineOptions {
  timeScale: number;
  completeAfterMs: number;
  seed: number;
  faults: FaultSettings;
  callbackTimeoutMs: number;
  /** The merchant's available balance at start, in cents. */
  balanceCents: number;
  log?: (line: string) => void;
}

/**
 * The default outcome, from the beneficiary name so that any client can steer it without the
 * control API: "FAIL" fails, "CANCEL" cancels (Cashy CANCEL; Paypro has no cancel and fails),
 * "HOLD" stays processing until completed by hand; anything else succeeds. Checked in that order.
 */
export function planFromName(name: string): OutcomePlan {
  if (name.includes('FAIL')) return { outcome: 'failure' };
  if (name.includes('CANCEL')) return { outcome: 'cancel' };
  if (name.includes('HOLD')) return { outcome: 'hold' };
  return { outcome: 'success' };
}

/** Accepted orders, their completion, late returns and callbacks, for one simulator. */
export class OrderEngine {
  readonly ledger = new Ledger();
  readonly timers = new TimerSet();
  readonly dice: FaultDice;
  readonly funds: SandboxFunds;
  /** The simulator's only source of randomness (references, fault rolls): reseeded by reset(). */
  readonly random: Random = () => this.rng();
  private rng: Random;
  private readonly plans = new Map<string, OutcomePlan>();
  private readonly completions = new Map<string, NodeJS.Timeout>();
  private readonly dispatcher: CallbackDispatcher;

  constructor(
    readonly behaviour: ProtocolBehaviour,
    readonly options: EngineOptions,
  ) {
    this.rng = mulberry32(options.seed);
    this.funds = new SandboxFunds(options.balanceCents);
    this.dice = new FaultDice(this.random, options.faults);
    this.dispatcher = new CallbackDispatcher(
      {
        ack: behaviour.ack,
        retryDelaysMs: behaviour.retryDelaysMs,
        timeScale: options.timeScale,
        timeoutMs: options.callbackTimeoutMs,
        log: options.log,
      },
      this.ledger,
      this.timers,
    );
  }

  /** Rolls one fault for a trade number and counts it when it fires. */
  fault(name: ProbabilityFault, tradeNo?: string): boolean {
    const hit = this.dice.roll(name, tradeNo);
    if (hit) this.ledger.noteFault(name);
    return hit;
  }

  /** The latency fault: resolves at once when it does not fire. */
  async delay(tradeNo?: string): Promise<void> {
    const ms = this.dice.latency(tradeNo);
    if (ms === 0) return;
    this.ledger.noteFault('latency');
    await this.timers.sleep(ms);
  }

  /** The query latency fault, added to query calls only. */
  async queryDelay(tradeNo?: string): Promise<void> {
    const ms = this.dice.amount('queryLatencyMs', tradeNo);
    if (ms === 0) return;
    this.ledger.noteFault('queryLatency');
    await this.timers.sleep(ms);
  }

  /** The queryLag fault: whether a query misses this order because it was accepted too recently. */
  queryMisses(order: LedgerOrder): boolean {
    if (Date.now() - order.createdAt >= this.dice.amount('queryLagMs', order.tradeNo)) return false;
    return this.fault('queryLag', order.tradeNo);
  }

  accept(draft: OrderDraft): LedgerOrder {
    const order: LedgerOrder = {
      ...draft,
      providerReference: this.behaviour.newProviderReference(this.random),
      state: 'processing',
      plan: this.plans.get(draft.tradeNo) ?? planFromName(draft.beneficiaryName),
      createdAt: Date.now(),
      callbacksSent: 0,
      callbacksAcked: 0,
      callbacks: [],
    };
    this.ledger.add(order);
    this.options.log?.(`accepted ${order.tradeNo} (${order.providerReference}) amount=${order.amount} plan=${order.plan.outcome}`);
    this.scheduleCompletion(order);
    if (this.fault('contradictingCallbacks', order.tradeNo)) {
      this.sendOnce(order, 'contradicting', this.behaviour.renderCallback(order, 'contradicting'));
    }
    return order;
  }

  /** Sets how a trade number's order ends, before or after it is accepted. */
  setOutcome(tradeNo: string, plan: OutcomePlan): LedgerOrder | undefined {
    this.plans.set(tradeNo, plan);
    const order = this.ledger.order(tradeNo);
    if (order && order.state === 'processing') {
      order.plan = plan;
      this.scheduleCompletion(order);
    }
    return order;
  }

  /** Completes a processing order now, by its plan (a held order succeeds) or by the plan given. */
  complete(tradeNo: string, plan?: OutcomePlan): LedgerOrder | undefined {
    const order = this.ledger.order(tradeNo);
    if (!order || order.state !== 'processing') return order;
    if (plan) order.plan = plan;
    this.timers.cancel(this.completions.get(tradeNo));
    this.completions.delete(tradeNo);
    const { outcome, code, message } = order.plan;
    order.completedAt = Date.now();
    const counters = this.ledger.counters;
    if (outcome === 'failure' || outcome === 'cancel') {
      const fallback = this.behaviour.defaults[outcome];
      order.state = outcome === 'failure' ? 'failed' : 'cancelled';
      order.failure = code ? { code, message: message ?? this.behaviour.failureMessage(code) } : fallback;
      if (outcome === 'failure') counters.ordersFailed++;
      else counters.ordersCancelled++;
      this.funds.give(centsOf(order.amount) ?? 0);
    } else {
      order.state = 'succeeded';
      counters.ordersSucceeded++;
    }
    this.options.log?.(`completed ${tradeNo}: ${order.state}${order.failure ? ` ${order.failure.code}` : ''}`);
    this.notify(order);
    if (order.state === 'succeeded' && this.fault('lateReturn', tradeNo)) {
      this.timers.after(this.dice.amount('lateReturnAfterMs', tradeNo), () => this.lateReturn(tradeNo));
    }
    return order;
  }

  /** Turns a paid order into a return (the money came back), and notifies it. */
  lateReturn(tradeNo: string): LedgerOrder | undefined {
    const order = this.ledger.order(tradeNo);
    if (!order || order.state !== 'succeeded') return order;
    order.state = 'reversed';
    order.failure = this.behaviour.defaults.return;
    order.returnedAt = Date.now();
    this.ledger.counters.ordersReversed++;
    this.funds.give(centsOf(order.amount) ?? 0);
    this.options.log?.(`returned ${tradeNo}: ${order.failure.code}`);
    this.notify(order);
    return order;
  }

  setFaults(settings: FaultSettings): void {
    this.dice.set(settings);
  }

  /** Back to the state at start: empty ledger, initial faults, PRNG reseeded, pending callbacks dropped. */
  reset(): void {
    this.timers.clear();
    this.dispatcher.reset();
    this.ledger.reset();
    this.funds.reset();
    this.plans.clear();
    this.completions.clear();
    this.rng = mulberry32(this.options.seed);
    this.dice.set(this.options.faults);
  }

  close(): void {
    this.timers.clear();
    this.dispatcher.close();
  }

  private scheduleCompletion(order: LedgerOrder): void {
    this.timers.cancel(this.completions.get(order.tradeNo));
    this.completions.delete(order.tradeNo);
    if (order.plan.outcome === 'hold') return;
    const delay = order.plan.afterMs ?? this.options.completeAfterMs;
    this.completions.set(
      order.tradeNo,
      this.timers.after(delay, () => this.complete(order.tradeNo)),
    );
  }

  /** Sends one callback that is not the order's notification (never retried). */
  private sendOnce(order: LedgerOrder, kind: CallbackKind, callback: RenderedCallback): void {
    this.dispatcher.send(order, kind, callback).catch((err: unknown) => this.options.log?.(`callback for ${order.tradeNo} failed: ${String(err)}`));
  }

  /**
   * Sends the notification for the order's current state with the callback faults decided up front
   * (so the PRNG sequence does not depend on network timing): a forged one first, a field-shifted
   * one, a contradicting FAIL for a success, then the real one (retried until acknowledged), its
   * duplicates, and a stale PROCESSING one last.
   */
  private notify(order: LedgerOrder): void {
    const tradeNo = order.tradeNo;
    const forged = this.fault('forgedCallbacks', tradeNo);
    const copies = this.fault('duplicateCallbacks', tradeNo) ? (this.random() < 0.5 ? 2 : 3) : 1;
    const stale = this.fault('outOfOrderCallbacks', tradeNo);
    const { renderFieldShifted } = this.behaviour;
    const shifted = renderFieldShifted && this.fault('fieldShiftedCallbacks', tradeNo) ? renderFieldShifted(order) : undefined;
    const contradicting = order.state === 'succeeded' && this.fault('contradictingCallbacks', tradeNo);
    const message = this.behaviour.renderCallback(order, 'current');
    const run = async () => {
      if (forged) await this.dispatcher.send(order, 'forged', this.behaviour.renderCallback(order, 'forged'));
      if (shifted) await this.dispatcher.send(order, 'shifted', shifted);
      if (contradicting) await this.dispatcher.send(order, 'contradicting', this.behaviour.renderCallback(order, 'contradicting'));
      await this.dispatcher.send(order, 'notify', message);
      for (let i = 1; i < copies; i++) await this.dispatcher.send(order, 'duplicate', message);
      if (stale) await this.dispatcher.send(order, 'stale', this.behaviour.renderCallback(order, 'stale'));
    };
    run().catch((err: unknown) => this.options.log?.(`callback for ${tradeNo} failed: ${String(err)}`));
  }
}
