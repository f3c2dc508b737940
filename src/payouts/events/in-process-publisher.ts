import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EventHandlerDiscovery, PayoutEventHandler } from './event-handler-discovery';
import { PayoutEventDelivery, PayoutEventPublisher } from './payout-event-publisher';
import { eventInstance } from './payout-events';

/**
 * The default transport: each event goes to the app's @OnPayoutEvent handlers, awaited one after
 * the other, then, when the host imports EventEmitterModule, through EventEmitter2's `emitAsync`.
 * Any error fails the delivery. The boot fails on an @OnEvent listener of payout events that
 * would swallow its errors (no `suppressErrors: false`) or run detached (`async: true`).
 */
@Injectable()
export class InProcessEventPublisher implements PayoutEventPublisher, OnModuleInit {
  readonly target = 'in process';
  private readonly byName = new Map<string, PayoutEventHandler[]>();

  constructor(
    private readonly discovery: EventHandlerDiscovery,
    @Optional() private readonly emitter?: EventEmitter2,
  ) {}

  onModuleInit(): void {
    const unsafe = this.discovery.unsafeEventEmitterListeners();
    if (unsafe.length) {
      throw new Error(
        `@OnEvent listeners of payout events must declare { suppressErrors: false } and must not be async: true, or events count as delivered when they fail: ${unsafe.join(', ')}. Prefer @OnPayoutEvent.`,
      );
    }
    for (const handler of this.discovery.handlers()) {
      for (const name of handler.names) this.byName.set(name, [...(this.byName.get(name) ?? []), handler]);
    }
  }

  /** How many @OnPayoutEvent handlers the app declares. */
  get handlerCount(): number {
    return new Set([...this.byName.values()].flat()).size;
  }

  async publish(delivery: PayoutEventDelivery): Promise<void> {
    const event = eventInstance(delivery.names, delivery.payload);
    for (const name of delivery.names) {
      for (const handler of this.byName.get(name) ?? []) await handler.call(event);
      if (this.emitter) await this.emitter.emitAsync(name, event);
    }
  }
}
