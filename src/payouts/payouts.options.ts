import { CanActivate } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { ApprovalPolicy } from './approvals/approval-policy';
import { ApiKeyOptions } from './auth/api-keys';
import { PayoutPrincipal, PayoutRole, PrincipalRequest } from './auth/principal';
import type { PayoutEventPublisher } from './events/payout-event-publisher';
import type { FundsOptions } from './funds/funds-options';
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

/** Settings of the outbox dispatcher. Durations in milliseconds. */
export interface EventOptions {
  /** Turn publishing off on instances that should not publish (rows wait for those that do). */
  enabled: boolean;
  /** How often a round starts. */
  intervalMs: number;
  /** Where events go; in process (`@OnPayoutEvent` handlers, then EventEmitter2 if present) when unset. */
  publisher?: PayoutEventPublisher;
  /** Rows claimed and delivered at once (at most one per payout). */
  batchSize: number;
  /** How long a claim protects its rows from other instances; longer than `publishTimeoutMs`. */
  leaseMs: number;
  /** A delivery not taken within this counts as failed. */
  publishTimeoutMs: number;
  /** Failed deliveries after which a row is dead-lettered. */
  maxAttempts: number;
  /** Wait before the next attempt: `firstDelayMs`, doubled per failure up to `maxDelayMs`. */
  retry: { firstDelayMs: number; maxDelayMs: number };
  /** Published rows older than this are deleted (the payout history's transitions go with them). */
  retentionMs: number;
  /** How often the purge runs, in small batches. */
  purgeIntervalMs: number;
}

const DAY = 24 * HOUR;

export const DEFAULT_EVENTS: Omit<EventOptions, 'publisher'> = {
  enabled: true,
  intervalMs: 250,
  batchSize: 50,
  leaseMs: 30_000,
  publishTimeoutMs: 10_000,
  maxAttempts: 10,
  retry: { firstDelayMs: 1_000, maxDelayMs: 5 * MINUTE },
  retentionMs: 30 * DAY,
  purgeIntervalMs: HOUR,
};

/** The event settings with defaults filled in; throws at boot on a value that cannot work. */
export function eventOptions(options: PayoutsModuleOptions): EventOptions {
  const given = options.events ?? {};
  const events: EventOptions = { ...DEFAULT_EVENTS, ...given, retry: { ...DEFAULT_EVENTS.retry, ...given.retry } };
  const whole = (name: string, value: number, min: number) => {
    if (!Number.isSafeInteger(value) || value < min) throw new Error(`Payouts option events.${name} must be a whole number ≥ ${min}, got ${String(value)}`);
  };
  whole('intervalMs', events.intervalMs, 1);
  whole('batchSize', events.batchSize, 1);
  whole('publishTimeoutMs', events.publishTimeoutMs, 1);
  whole('maxAttempts', events.maxAttempts, 1);
  whole('retry.firstDelayMs', events.retry.firstDelayMs, 0);
  whole('retry.maxDelayMs', events.retry.maxDelayMs, events.retry.firstDelayMs);
  whole('retentionMs', events.retentionMs, 1);
  whole('purgeIntervalMs', events.purgeIntervalMs, 1);
  // A delivery still running when its lease lapses would be sent again by another instance.
  whole('leaseMs', events.leaseMs, events.publishTimeoutMs + 1);
  return events;
}

export interface PayoutsModuleOptions {
  /** The merchant accounts to pay out through. */
  channels: ChannelConfig[];
  /** Public base URL the gateways can reach, e.g. https://api.example.com; callbacks go to `<base>/<prefix>/webhooks/<channel>`. */
  publicBaseUrl: string;
  /** One key with every role (`admin`), audited as "api-key". Prefer `apiKeys`, which carry roles. */
  apiKey?: string;
  /** API keys (header `x-api-key`), each with an id for the audit trail and its roles. */
  apiKeys?: ApiKeyOptions[];
  /**
   * Your own authentication (JWT, session) as a principal with roles; called when no API key
   * is given. Undefined answers 401.
   */
  principal?: (request: PrincipalRequest) => PayoutPrincipal | undefined | Promise<PayoutPrincipal | undefined>;
  /**
   * Extra guards run before the REST endpoints (never the callbacks). A guard may set
   * `request.payoutsPrincipal`; a request they pass without one gets `guardRoles`.
   */
  guards?: CanActivate[];
  /** The roles of a request your guards let through without naming a principal (default operator). */
  guardRoles?: PayoutRole[];
  polling?: Partial<PollingOptions>;
  /** Inbox records of refused callbacks, per channel and instance (default 100 per 10 minutes). */
  rejectedCallbacks?: Partial<RejectedCallbackOptions>;
  /** The outbox dispatcher: transport, attempts, dead letters, retention (see EventOptions). */
  events?: Partial<Omit<EventOptions, 'retry'>> & { retry?: Partial<EventOptions['retry']> };
  /** Extra gateway protocols of the host's own, beside the built-in ones. */
  protocols?: PayoutProtocol[];
  /** Maker-checker rules per channel code: payouts over a threshold wait for approvals (docs/add-to-your-monolith.md). */
  approvals?: Record<string, ApprovalPolicy>;
  /** Funds-aware sending: balance read intervals and how long a payout may wait for funds (see FundsOptions). */
  funds?: Partial<FundsOptions>;
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
  /** Open the REST endpoints without any authentication, on purpose (the boot refuses otherwise). */
  allowUnauthenticated?: boolean;
}

export const DEFAULT_HTTP_SETTINGS: PayoutsHttpSettings = { enabled: true, prefix: 'payouts', dashboard: false };

/** Every top-level option the module reads; `http` is read beside them (forRoot's extras). */
const OPTION_KEYS: readonly string[] = [
  'channels', 'publicBaseUrl', 'apiKey', 'apiKeys', 'principal', 'guards', 'guardRoles', 'polling', 'rejectedCallbacks',
  'events', 'protocols', 'approvals', 'funds', 'instanceId', 'metrics', 'http',
];

/**
 * Options the module would silently ignore (a typo such as `pooling`, `leaseMS`) stop the boot,
 * all of them in one message, with what the module does read.
 */
export function checkOptionNames(options: PayoutsModuleOptions): void {
  const unknown = [
    ...Object.keys(options).filter((key) => !OPTION_KEYS.includes(key)),
    ...Object.keys(options.polling ?? {}).filter((key) => !(key in DEFAULT_POLLING)).map((key) => `polling.${key}`),
  ];
  if (unknown.length) {
    throw new Error(
      `Unknown PayoutsModule option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; ` +
        `the module reads ${OPTION_KEYS.join(', ')} and polling.${Object.keys(DEFAULT_POLLING).join(', polling.')}`,
    );
  }
}
