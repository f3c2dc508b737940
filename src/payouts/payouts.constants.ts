/** Injection tokens of the module. */
export const PAYOUT_PROTOCOLS = 'PAYOUT_PROTOCOLS';
export const PAYOUTS_HTTP_SETTINGS = 'PAYOUTS_HTTP_SETTINGS';
export const PAYOUTS_POLLING = 'PAYOUTS_POLLING';
export const PAYOUT_APPROVAL_POLICIES = 'PAYOUT_APPROVAL_POLICIES';
export const PAYOUTS_EVENTS = 'PAYOUTS_EVENTS';
export const PAYOUTS_FUNDS = 'PAYOUTS_FUNDS';

/** The names payout events are published under (handlers, EventEmitter2, broker patterns). */
export const PayoutEvents = {
  STATUS_CHANGED: 'payout.status_changed',
  SUCCEEDED: 'payout.succeeded',
  FAILED: 'payout.failed',
  REVERSED: 'payout.reversed',
  /** Every item of a batch reached a final state (PayoutBatchCompletedEvent); once per batch. */
  BATCH_COMPLETED: 'payout.batch_completed',
  /** A channel's balance read fell under its lowBalanceBelow (PayoutLowBalanceEvent); once per fall. */
  LOW_BALANCE: 'payout.low_balance',
} as const;
