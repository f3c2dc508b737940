import { Child, startChild } from './processes';

/** A fresh simulator process; its orders complete `completeAfterMs` after acceptance. */
export function gatewayChild(completeAfterMs: string): Promise<Child<{ url: string }>> {
  return startChild<{ url: string }>('gateway', { COMPLETE_AFTER_MS: completeAfterMs });
}
