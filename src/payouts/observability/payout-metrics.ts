import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PAYOUTS_MODULE_OPTIONS } from '../payouts.module-definition';
import { PayoutsModuleOptions } from '../payouts.options';
import { GatewayCall } from './gateway-call';

/** Gateway latency buckets, in seconds: sandbox calls take milliseconds, slow gateways seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The module's Prometheus counters and histograms, on the host's registry (`metrics.registry`) or
 * one of its own. They count what this instance did; PayoutStateGauges adds what the database holds.
 */
@Injectable()
export class PayoutMetrics {
  readonly registry: Registry;
  private readonly created: Counter<'channel'>;
  private readonly settled: Counter<'channel' | 'status'>;
  private readonly gatewayCalls: Histogram<'channel' | 'operation' | 'outcome'>;
  private readonly callbacks: Counter<'channel' | 'outcome'>;
  private readonly events: Counter<'outcome'>;
  private readonly balance: Gauge<'channel'>;
  private readonly lowBalance: Counter<'channel'>;
  private readonly queued: Counter<'channel' | 'reason'>;

  constructor(@Inject(PAYOUTS_MODULE_OPTIONS) options: PayoutsModuleOptions) {
    this.registry = options.metrics?.registry ?? new Registry();
    const registers = [this.registry];
    this.created = new Counter({ name: 'payouts_created_total', help: 'Payouts created (idempotent replays not counted)', labelNames: ['channel'], registers });
    this.settled = new Counter({
      name: 'payouts_settled_total',
      help: 'Payouts that reached a final status (SUCCEEDED, FAILED, CANCELLED, REVERSED)',
      labelNames: ['channel', 'status'],
      registers,
    });
    this.gatewayCalls = new Histogram({
      name: 'payouts_gateway_request_duration_seconds',
      help: 'Gateway calls by channel, operation (submit, query, balance, banks) and outcome',
      labelNames: ['channel', 'operation', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.callbacks = new Counter({
      name: 'payouts_callbacks_total',
      help: 'Gateway callbacks by outcome (applied, duplicate, ignored, amount_mismatch, confirmed, unconfirmed, not_ours, forged, malformed)',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.events = new Counter({
      name: 'payouts_events_total',
      help: 'Outbox deliveries by outcome (published, failed: retried later, dead_lettered: attempts used up)',
      labelNames: ['outcome'],
      registers,
    });
    this.balance = new Gauge({ name: 'payouts_channel_available_balance', help: 'Available balance a channel last reported, in minor units', labelNames: ['channel'], registers });
    this.lowBalance = new Counter({ name: 'payouts_low_balance_total', help: 'Balance reads that fell under the channel\'s lowBalanceBelow', labelNames: ['channel'], registers });
    this.queued = new Counter({
      name: 'payouts_queued_total',
      help: 'Payouts held in QUEUED by reason (insufficient_funds: the known balance could not cover them; refused_for_funds: the gateway said so)',
      labelNames: ['channel', 'reason'],
      registers,
    });
  }

  balanceRead(channel: string, availableMinor: number, low: boolean): void {
    this.balance.set({ channel }, availableMinor);
    if (low) this.lowBalance.inc({ channel });
  }

  payoutQueued(channel: string, reason: 'insufficient_funds' | 'refused_for_funds'): void {
    this.queued.inc({ channel, reason });
  }

  eventDelivery(outcome: 'published' | 'failed' | 'dead_lettered'): void {
    this.events.inc({ outcome });
  }

  payoutCreated(channel: string): void {
    this.created.inc({ channel });
  }

  payoutSettled(channel: string, status: string): void {
    this.settled.inc({ channel, status });
  }

  callback(channel: string, outcome: string): void {
    this.callbacks.inc({ channel, outcome });
  }

  gatewayCall(call: GatewayCall): void {
    this.gatewayCalls.observe({ channel: call.channel, operation: call.operation, outcome: call.outcome }, call.durationMs / 1000);
  }
}
