import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { PayoutEvents } from '../payouts.constants';
import { PAYOUT_EVENT_HANDLER } from './on-payout-event.decorator';

export interface PayoutEventHandler {
  /** `Class.method`, for errors and logs. */
  name: string;
  names: string[];
  call(payload: unknown): unknown;
}

/** What @nestjs/event-emitter's @OnEvent stores on a method (its own metadata key). */
const ON_EVENT_METADATA = 'EVENT_LISTENER_METADATA';
interface OnEventMetadata {
  event: string | symbol | (string | symbol)[];
  options?: { suppressErrors?: boolean; async?: boolean };
}

/** The methods of the app's singleton providers: where handlers and listeners are declared. */
@Injectable()
export class EventHandlerDiscovery {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /** Every @OnPayoutEvent method, bound to its instance. */
  handlers(): PayoutEventHandler[] {
    return this.methods().flatMap(({ owner, key, method, instance }) => {
      const names = Reflect.getMetadata(PAYOUT_EVENT_HANDLER, method) as string[] | undefined;
      return names ? [{ name: `${owner}.${key}`, names, call: (payload: unknown) => method.call(instance, payload) }] : [];
    });
  }

  /**
   * @OnEvent listeners of payout events that would lose events: the library swallows their errors
   * unless `suppressErrors: false`, and runs `async: true` ones detached from the publisher, so
   * the event would count as delivered whatever the listener did.
   */
  unsafeEventEmitterListeners(): string[] {
    return this.methods().flatMap(({ owner, key, method }) => {
      const listeners = (Reflect.getMetadata(ON_EVENT_METADATA, method) as OnEventMetadata[] | undefined) ?? [];
      const unsafe = listeners.some((l) => listensToPayoutEvents(l.event) && (l.options?.suppressErrors !== false || l.options?.async === true));
      return unsafe ? [`${owner}.${key}`] : [];
    });
  }

  private methods() {
    return this.discovery.getProviders().flatMap((wrapper) => {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) return [];
      const prototype = Object.getPrototypeOf(instance) as object;
      return this.scanner.getAllMethodNames(prototype).flatMap((key) => {
        const method = instance[key];
        return typeof method === 'function' ? [{ owner: instance.constructor.name, key, method, instance }] : [];
      });
    });
  }
}

const NAMES: readonly string[] = Object.values(PayoutEvents);

/** Whether an @OnEvent name (with EventEmitter2's `*` and `**` wildcards) matches a payout event. */
function listensToPayoutEvents(event: OnEventMetadata['event']): boolean {
  const names = (Array.isArray(event) ? event : [event]).filter((e): e is string => typeof e === 'string');
  return names.some((name) => {
    const pattern = name
      .split('.')
      .map((part) => (part === '**' ? '.*' : part === '*' ? '[^.]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('\\.');
    const re = new RegExp(`^${pattern}$`);
    return NAMES.some((n) => re.test(n));
  });
}
