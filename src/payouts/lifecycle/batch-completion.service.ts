import { Injectable, Logger } from '@nestjs/common';
import { describeError } from '../domain/masking';
import { PayoutBatchCompletedEvent } from '../events/payout-events';
import { PayoutEvents } from '../payouts.constants';
import { PayoutBatchRepository } from '../persistence/payout-batch.repository';
import { countsOf, totalsOf } from '../read/payout-batch.view';

/**
 * Publishes `payout.batch_completed` once per batch, when its last item reaches a final state.
 * Called after each settling move of a payout that has a batch: one indexed probe for an open
 * item; only when none is left, the batch is counted and completed (at most once, see complete).
 */
@Injectable()
export class BatchCompletion {
  private readonly logger = new Logger('Payouts');

  constructor(private readonly batches: PayoutBatchRepository) {}

  /** True when this call completed the batch. Never throws: a failure is logged, and the next read of the batch checks again. */
  async afterItemSettled(batchId: string): Promise<boolean> {
    try {
      if (await this.batches.hasOpenItems(batchId)) return false;
      const batch = await this.batches.findById(batchId);
      if (!batch || batch.completedAt) return false;
      const groups = await this.batches.groups(batchId);
      // A batch still being stored (or whose storing was cut short) is not complete yet.
      if (groups.reduce((n, g) => n + g.count, 0) < batch.itemCount) return false;
      const completedAt = new Date();
      const event: PayoutBatchCompletedEvent = {
        eventId: `${batchId}:completed`,
        batchId,
        batchReference: batch.batchReference,
        items: batch.itemCount,
        counts: countsOf(groups),
        totals: totalsOf(groups),
        completedAt: completedAt.toISOString(),
      };
      const completed = await this.batches.complete(batchId, {
        eventId: event.eventId, payoutId: batchId, eventName: PayoutEvents.BATCH_COMPLETED, toStatus: null, payload: event, createdAt: completedAt,
        publishedAt: null, attempts: 0, nextAttemptAt: null, leaseToken: null, leaseExpiresAt: null, lastError: null, deadLetteredAt: null,
      });
      if (completed) this.logger.log({ msg: 'payout batch completed', batchId, items: batch.itemCount });
      return completed;
    } catch (error) {
      this.logger.warn({ msg: 'batch completion check failed', batchId, error: describeError(error) });
      return false;
    }
  }
}
