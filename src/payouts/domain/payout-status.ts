/** Every state a payout can be in. See docs/architecture.md for the diagram. */
export enum PayoutStatus {
  /** Waiting for approvers (a channel's approval policy); nothing has been sent. */
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  /** Waiting for funds (`holdReason`): the channel's known balance cannot cover it; nothing has been sent. */
  QUEUED = 'QUEUED',
  CREATED = 'CREATED',
  PROCESSING = 'PROCESSING',
  UNKNOWN = 'UNKNOWN',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
  REVERSED = 'REVERSED',
}

export const ALL_STATUSES: readonly PayoutStatus[] = Object.values(PayoutStatus);

/**
 * The allowed moves, as data. CREATED and UNKNOWN may jump straight to any state the gateway
 * reports (a callback can arrive before the create call returns). An unsettled payout may go
 * straight to REVERSED when the gateway reports a return of a success we never saw (Cashy
 * PAYMENT_OFFSET). Nothing leaves FAILED, CANCELLED or REVERSED, and SUCCEEDED only moves on a
 * late return. A payout waiting for approval becomes CREATED (then sent) when approved, or
 * CANCELLED when rejected, cancelled or expired: never anything a gateway reports. One the
 * channel's balance cannot cover waits in QUEUED (from approval, from creation, or from a first
 * send the gateway definitely refused for funds) until released to CREATED, or CANCELLED.
 */
export const TRANSITIONS: Readonly<Record<PayoutStatus, readonly PayoutStatus[]>> = {
  [PayoutStatus.PENDING_APPROVAL]: [PayoutStatus.CREATED, PayoutStatus.QUEUED, PayoutStatus.CANCELLED],
  [PayoutStatus.QUEUED]: [PayoutStatus.CREATED, PayoutStatus.CANCELLED],
  [PayoutStatus.CREATED]: [
    PayoutStatus.QUEUED,
    PayoutStatus.PROCESSING,
    PayoutStatus.UNKNOWN,
    PayoutStatus.SUCCEEDED,
    PayoutStatus.FAILED,
    PayoutStatus.CANCELLED,
    PayoutStatus.REVERSED,
  ],
  [PayoutStatus.UNKNOWN]: [
    PayoutStatus.PROCESSING,
    PayoutStatus.SUCCEEDED,
    PayoutStatus.FAILED,
    PayoutStatus.CANCELLED,
    PayoutStatus.REVERSED,
  ],
  [PayoutStatus.PROCESSING]: [PayoutStatus.SUCCEEDED, PayoutStatus.FAILED, PayoutStatus.CANCELLED, PayoutStatus.REVERSED],
  [PayoutStatus.SUCCEEDED]: [PayoutStatus.REVERSED],
  [PayoutStatus.FAILED]: [],
  [PayoutStatus.CANCELLED]: [],
  [PayoutStatus.REVERSED]: [],
};

/** The one guard every state change goes through. */
export function canTransition(from: PayoutStatus, to: PayoutStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Final states: only a definite answer from the gateway puts a payout here. */
export function isFinal(status: PayoutStatus): boolean {
  return (
    status === PayoutStatus.SUCCEEDED ||
    status === PayoutStatus.FAILED ||
    status === PayoutStatus.CANCELLED ||
    status === PayoutStatus.REVERSED
  );
}

/** Never sent: nothing a gateway reports can be about such a payout's trade number. */
export function isUnsent(status: PayoutStatus): boolean {
  return status === PayoutStatus.PENDING_APPROVAL || status === PayoutStatus.QUEUED;
}
