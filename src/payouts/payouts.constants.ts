/** Injection tokens of the module. */
export const PAYOUT_PROTOCOLS = 'PAYOUT_PROTOCOLS';
export const PAYOUTS_HTTP_SETTINGS = 'PAYOUTS_HTTP_SETTINGS';
export const PAYOUTS_POLLING = 'PAYOUTS_POLLING';

/** The events the module emits through @nestjs/event-emitter. */
export const PayoutEvents = {
  STATUS_CHANGED: 'payout.status_changed',
  SUCCEEDED: 'payout.succeeded',
  FAILED: 'payout.failed',
  REVERSED: 'payout.reversed',
} as const;
