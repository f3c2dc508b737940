import { CanActivate } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { ChannelConfig } from './providers/channel-config';
import { PayoutProtocol } from './providers/payout-protocol';

/** Settings of the reconciliation poller. Durations in milliseconds. */
export interface PollingOptions {
  /** Turn the poller off on instances that should not poll. */
  enabled: boolean;
  /** How often a poll round starts. */
  intervalMs: number;
  /** Payouts claimed per round. */
  batchSize: number;
  /** Gateway queries in flight at once per instance. */
  concurrency: number;
  /** Queries per second per channel, per instance. */
  ratePerChannel: number;
  /** How long a claim protects a payout from other instances. */
  leaseMs: number;
  /** Delay before each successive poll of one payout; the last value repeats. */
  schedule: number[];
  /** A CREATED payout this old was never sent (crash between save and send): send it. */
  createdGraceMs: number;
  /** An UNKNOWN payout the gateway still does not know after this long is resubmitted. */
  unknownGraceMs: number;
  /** Past this age without a final state a payout is flagged for attention (never failed). */
  deadlineMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The default schedule follows the gateways' own callback windows (Paypro retries over ~24 h,
 * Cashy over ~8.5 h): minutes at first, then hours, flagged after 72 h.
 */
export const DEFAULT_POLLING: PollingOptions = {
  enabled: true,
  intervalMs: 5_000,
  batchSize: 200,
  concurrency: 16,
  ratePerChannel: 50,
  leaseMs: 60_000,
  schedule: [30_000, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 6 * HOUR],
  createdGraceMs: 2 * MINUTE,
  unknownGraceMs: 10 * MINUTE,
  deadlineMs: 72 * HOUR,
};

/** How many refused callbacks (bad signature, malformed) each instance records in the inbox. */
export interface RejectedCallbackOptions {
  /** Recorded per channel per window; past it they are still answered and counted, not stored. 0 stores none. */
  maxStored: number;
  /** The window, in milliseconds. */
  windowMs: number;
}

/** Enough to see a misconfigured gateway or a probe in the inbox; too few for a flood to fill the table. */
export const DEFAULT_REJECTED_CALLBACKS: RejectedCallbackOptions = { maxStored: 100, windowMs: 10 * MINUTE };

/** The rejected-callback limits with defaults filled in; throws at boot on a value that cannot work. */
export function rejectedCallbackOptions(options: PayoutsModuleOptions): RejectedCallbackOptions {
  const given = options.rejectedCallbacks;
  const maxStored = given?.maxStored ?? DEFAULT_REJECTED_CALLBACKS.maxStored;
  const windowMs = given?.windowMs ?? DEFAULT_REJECTED_CALLBACKS.windowMs;
  if (!Number.isSafeInteger(maxStored) || maxStored < 0) {
    throw new Error(`Payouts option rejectedCallbacks.maxStored must be a whole number ≥ 0, got ${String(maxStored)}`);
  }
  if (!Number.isSafeInteger(windowMs) || windowMs < 1) {
    throw new Error(`Payouts option rejectedCallbacks.windowMs must be a whole number of milliseconds ≥ 1, got ${String(windowMs)}`);
  }
  return { maxStored, windowMs };
}

export interface PayoutsModuleOptions {
  /** The merchant accounts to pay out through. */
  channels: ChannelConfig[];
  /** Public base URL the gateways can reach, e.g. https://api.example.com; callbacks go to `<base>/<prefix>/webhooks/<channel>`. */
  publicBaseUrl: string;
  /** When set, the REST endpoints (never the callbacks) require it in the `x-api-key` header. */
  apiKey?: string;
  /** Extra guards run before the REST endpoints (never the callbacks). */
  guards?: CanActivate[];
  polling?: Partial<PollingOptions>;
  /** Inbox records of refused callbacks, per channel and instance (default 100 per 10 minutes). */
  rejectedCallbacks?: Partial<RejectedCallbackOptions>;
  /** The outbox dispatcher: off on instances that should not publish events (default on, every 250 ms). */
  events?: { enabled?: boolean; intervalMs?: number };
  /** Extra gateway protocols of the host's own, beside the built-in ones. */
  protocols?: PayoutProtocol[];
  /** Names this instance in leases; defaults to host name and process id. */
  instanceId?: string;
  /**
   * Prometheus metrics go to this registry (pass prom-client's global `register` to have them
   * beside your own); by default to a registry of the module's, `PayoutMetrics.registry`.
   */
  metrics?: { registry?: Registry };
}

/** Static settings given next to forRoot/forRootAsync options: they decide which controllers exist. */
export interface PayoutsHttpSettings {
  /** Mount the REST and webhook controllers (default true). */
  enabled: boolean;
  /** Route prefix (default "payouts"). */
  prefix: string;
  /** Where to serve the operations page, e.g. "dashboard"; off by default. Its data comes from the REST API. */
  dashboard: string | false;
}

export const DEFAULT_HTTP_SETTINGS: PayoutsHttpSettings = { enabled: true, prefix: 'payouts', dashboard: false };
