import { ExecutionContext, SetMetadata } from '@nestjs/common';

const WEBHOOK_ROUTE = 'payouts:webhook-route';

/** Marks the gateways' callback endpoint: it is open to the internet and verified by signature. */
export const PayoutsWebhook = () => SetMetadata(WEBHOOK_ROUTE, true);

/**
 * True for a request to the module's callback endpoint. A host's global auth guard lets these
 * through, since gateways cannot send its credentials:
 * `if (isPayoutsWebhook(context)) return true;`
 */
export function isPayoutsWebhook(context: ExecutionContext): boolean {
  return Reflect.getMetadata(WEBHOOK_ROUTE, context.getClass()) === true;
}
