import * as http from 'node:http';
import { loopbackProblem } from './http-io';
import { CallbackKind, Ledger, LedgerOrder, SimulatorCounters } from './ledger';
import { TimerSet } from './timer-set';

/** A callback ready to send: the exact body bytes and headers, plus the status it carries (for the ledger). */
export interface RenderedCallback {
  status: string;
  body: string;
  headers: Record<string, string>;
}

export interface DispatcherOptions {
  /** The exact reply body that acknowledges a callback ("OK" for Paypro, "SUCCESS" for Cashy). */
  ack: string;
  /** The documented delays between a failed delivery and the next, in ms (before scaling). */
  retryDelaysMs: readonly number[];
  /** Multiplies retryDelaysMs, e.g. 0.001 in tests. */
  timeScale: number;
  /** How long a merchant may take to answer one delivery. */
  timeoutMs: number;
  log?: (line: string) => void;
}

const MAX_REPLY_BYTES = 64 * 1024;

type Counter = Exclude<keyof SimulatorCounters, 'faultsInjected'>;

/** Callbacks that are not the order's notification, counted apart from callbacksSent/callbacksAcked. */
const ASIDE: Partial<Record<CallbackKind, { sent: Counter; acked: Counter }>> = {
  forged: { sent: 'forgedCallbacksSent', acked: 'forgedCallbacksAcked' },
  shifted: { sent: 'shiftedCallbacksSent', acked: 'shiftedCallbacksAcked' },
  contradicting: { sent: 'contradictingCallbacksSent', acked: 'contradictingCallbacksAcked' },
};

/** Delivers callbacks to the merchant's notifyUrl and records every attempt in the ledger. */
export class CallbackDispatcher {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  private closed = false;
  /** Bumped by reset(): deliveries started before it stop recording and retrying. */
  private generation = 0;

  constructor(
    private readonly options: DispatcherOptions,
    private readonly ledger: Ledger,
    private readonly timers: TimerSet,
  ) {}

  /**
   * Sends one callback. Only `notify` deliveries are retried on the documented schedule until
   * acknowledged; the others are sent once. Resolves after the first attempt.
   */
  send(order: LedgerOrder, kind: CallbackKind, callback: RenderedCallback): Promise<void> {
    const problem = loopbackProblem(order.notifyUrl);
    if (problem) {
      order.callbacksSkipped = problem;
      this.ledger.counters.callbacksSkipped++;
      return Promise.resolve();
    }
    return this.attempt(order, kind, callback, 1, this.generation);
  }

  reset(): void {
    this.generation++;
  }

  close(): void {
    this.closed = true;
    this.agent.destroy();
  }

  private async attempt(order: LedgerOrder, kind: CallbackKind, callback: RenderedCallback, n: number, generation: number): Promise<void> {
    if (this.closed || generation !== this.generation) return;
    const result = await this.post(order.notifyUrl, callback);
    if (this.closed || generation !== this.generation) return;
    const acked = result.httpStatus !== undefined && result.httpStatus >= 200 && result.httpStatus < 300 && result.body === this.options.ack;
    order.callbacks.push({ kind, status: callback.status, attempt: n, at: Date.now(), acked, httpStatus: result.httpStatus, error: result.error });
    const counters = this.ledger.counters;
    const aside = ASIDE[kind];
    if (aside) {
      counters[aside.sent]++;
      if (acked) counters[aside.acked]++;
    } else {
      counters.callbacksSent++;
      order.callbacksSent++;
      if (acked) {
        counters.callbacksAcked++;
        order.callbacksAcked++;
      }
    }
    this.options.log?.(
      `callback ${kind} ${order.tradeNo} status=${callback.status} attempt=${n} -> ` +
        (result.error ?? `${result.httpStatus} ${JSON.stringify(result.body.slice(0, 40))}`),
    );
    const delays = this.options.retryDelaysMs;
    if (!acked && kind === 'notify' && n <= delays.length) {
      this.timers.after(delays[n - 1] * this.options.timeScale, () => void this.attempt(order, kind, callback, n + 1, generation));
    }
  }

  private post(url: string, callback: RenderedCallback): Promise<{ httpStatus?: number; body: string; error?: string }> {
    return new Promise((resolve) => {
      const req = http.request(url, {
        method: 'POST',
        agent: this.agent,
        headers: { ...callback.headers, 'content-length': String(Buffer.byteLength(callback.body)) },
      });
      req.setTimeout(this.options.timeoutMs, () => req.destroy(new Error(`no reply within ${this.options.timeoutMs} ms`)));
      req.on('error', (err) => resolve({ body: '', error: err.message }));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_REPLY_BYTES) chunks.push(chunk);
        });
        res.on('end', () => resolve({ httpStatus: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => resolve({ httpStatus: res.statusCode, body: '', error: err.message }));
      });
      req.end(callback.body);
    });
  }
}
