import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { PayoutOutboxRepository } from '../events/payout-outbox.repository';
import { PayoutMetrics } from './payout-metrics';

/** Dead-lettered events, read from the database at scrape time (an indexed count): the same on every instance. */
@Injectable()
export class PayoutEventGauges {
  constructor(metrics: PayoutMetrics, outbox: PayoutOutboxRepository) {
    const logger = new Logger('PayoutMetrics');
    new Gauge({
      name: 'payouts_events_dead_letters',
      help: 'Payout events whose attempts are used up, waiting for POST /payouts/events/:eventId/replay',
      registers: [metrics.registry],
      async collect() {
        try {
          this.set(await outbox.countDeadLetters());
        } catch (error) {
          logger.warn(`payouts_events_dead_letters not collected: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
    });
  }
}
