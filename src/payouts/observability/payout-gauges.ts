import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { PAYOUTS_MODULE_OPTIONS } from '../payouts.module-definition';
import { PayoutsModuleOptions } from '../payouts.options';
import { PayoutReadRepository } from '../read/payout-read.repository';
import { PayoutMetrics } from './payout-metrics';

/**
 * Gauges read from the database at scrape time (indexed queries), so they hold for every
 * instance: payouts flagged for attention, and the age of the oldest payout due for a poll.
 */
@Injectable()
export class PayoutStateGauges {
  constructor(@Inject(PAYOUTS_MODULE_OPTIONS) options: PayoutsModuleOptions, metrics: PayoutMetrics, repo: PayoutReadRepository) {
    const registers = [metrics.registry];
    const channels = (options.channels ?? []).map((c) => c.code);
    const logger = new Logger('PayoutMetrics');
    new Gauge({
      name: 'payouts_attention',
      help: 'Payouts flagged for a person to look at',
      labelNames: ['channel'],
      registers,
      async collect() {
        try {
          const counts = new Map<string, number>(channels.map((code) => [code, 0]));
          for (const { channel, count } of await repo.countAttention()) counts.set(channel, count);
          this.reset();
          for (const [channel, count] of counts) this.set({ channel }, count);
        } catch (error) {
          logger.warn(`payouts_attention not collected: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
    });
    new Gauge({
      name: 'payouts_poller_lag_seconds',
      help: 'Age of the oldest payout due for a status poll (0 when none is waiting)',
      registers,
      async collect() {
        try {
          const now = new Date();
          const oldest = await repo.oldestDue(now);
          this.set(oldest ? (now.getTime() - oldest.getTime()) / 1000 : 0);
        } catch (error) {
          logger.warn(`payouts_poller_lag_seconds not collected: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
    });
  }
}
