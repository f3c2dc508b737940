import { SetMetadata } from '@nestjs/common';

export const PAYOUT_EVENT_HANDLER = 'payouts:event-handler';

/**
 * Marks a provider's method as a handler of payout events of `names` (`payout.succeeded`, …; see
 * PayoutEvents). The module finds it at boot and awaits it for each event, in order per payout;
 * a handler that throws or rejects fails the delivery, which is tried again with backoff.
 */
export const OnPayoutEvent = (...names: string[]): MethodDecorator => SetMetadata(PAYOUT_EVENT_HANDLER, names);
