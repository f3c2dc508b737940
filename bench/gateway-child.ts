import { Child, startChild } from './processes';

/** A fresh gateway stub process (bench/stub-gateway.ts) for one scenario or one server. */
export function gatewayChild(): Promise<Child<{ url: string }>> {
  return startChild<{ url: string }>('stub-gateway');
}
