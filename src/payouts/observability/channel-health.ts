import { Injectable } from '@nestjs/common';
import { GatewayCall } from './gateway-call';

/** What this instance last saw of one channel's gateway. */
export interface ChannelHealth {
  channel: string;
  /** Whether the last call got an answer; null before the first call. */
  reachable: boolean | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  /** Why the last failed call failed (no personal data: providers mask their reasons). */
  lastError: string | null;
  lastOperation: string | null;
}

/**
 * Channel health from the calls the module makes anyway (sends, polls, balance reads), so a
 * probe never calls a gateway. Per instance and in memory: it starts unknown after a restart.
 */
@Injectable()
export class ChannelHealthTracker {
  private readonly channels = new Map<string, ChannelHealth>();

  record(call: GatewayCall, at: Date = new Date()): void {
    const health = this.entry(call.channel);
    health.reachable = call.answered;
    health.lastOperation = call.operation;
    if (call.answered) health.lastSuccessAt = at.toISOString();
    else {
      health.lastErrorAt = at.toISOString();
      health.lastError = (call.reason ?? call.outcome).slice(0, 300);
    }
  }

  /** Every given channel, including those not called yet. */
  snapshot(codes: string[]): ChannelHealth[] {
    return codes.map((code) => ({ ...this.entry(code) }));
  }

  private entry(channel: string): ChannelHealth {
    let health = this.channels.get(channel);
    if (!health) {
      health = { channel, reachable: null, lastSuccessAt: null, lastErrorAt: null, lastError: null, lastOperation: null };
      this.channels.set(channel, health);
    }
    return health;
  }
}
