import { Injectable } from '@nestjs/common';
import { BatchNotFoundError } from '../domain/errors';
import { isFinal, PayoutStatus } from '../domain/payout-status';
import { PayoutBatchEntity } from '../persistence/payout-batch.entity';
import { BatchGroup, PayoutBatchRepository } from '../persistence/payout-batch.repository';
import { PayoutEntity } from '../persistence/payout.entity';
import { BatchSummaryView, BatchView, countsOf, toBatchSummary, totalsOf } from './payout-batch.view';
import { decodeCursor, encodeCursor } from './page-cursor';
import { PayoutView, toPayoutView } from './payout.view';

/** Items read per query when a batch's whole list is written out (results.csv). */
const RESULTS_PAGE = 1_000;

/** Reads batches for the API: the list, one batch with its counts, its items page by page. */
@Injectable()
export class PayoutBatchReader {
  constructor(private readonly batches: PayoutBatchRepository) {}

  async load(id: string): Promise<PayoutBatchEntity> {
    const batch = await this.batches.findById(id);
    if (!batch) throw new BatchNotFoundError(id);
    return batch;
  }

  /** Newest first. A completed batch needs no count; an open one is counted through idx_payouts_batch. */
  async list(limit: number, cursor?: string): Promise<{ items: BatchSummaryView[]; nextCursor: string | null }> {
    const rows = await this.batches.list(limit + 1, cursor ? decodeCursor(cursor) : undefined);
    const page = rows.slice(0, limit);
    const items = await Promise.all(page.map(async (b) => toBatchSummary(b, b.completedAt ? b.itemCount : await this.batches.finalCount(b.id))));
    return { items, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null };
  }

  async get(id: string): Promise<BatchView> {
    return this.view(await this.load(id));
  }

  async view(batch: PayoutBatchEntity): Promise<BatchView> {
    const groups = await this.batches.groups(batch.id);
    return { ...toBatchSummary(batch, finalOf(groups)), counts: countsOf(groups), totals: totalsOf(groups) };
  }

  async items(id: string, limit: number, status?: PayoutStatus, cursor?: string): Promise<{ items: PayoutView[]; nextCursor: string | null }> {
    await this.load(id);
    const rows = await this.batches.items(id, limit + 1, status, cursor ? decodeCursor(cursor) : undefined);
    const page = rows.slice(0, limit);
    return { items: page.map(toPayoutView), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null };
  }

  /** Every item in file order, a page at a time. */
  async *allItems(id: string): AsyncGenerator<PayoutEntity> {
    await this.load(id);
    let after: string | undefined;
    for (;;) {
      const rows = await this.batches.items(id, RESULTS_PAGE, undefined, after);
      yield* rows;
      if (rows.length < RESULTS_PAGE) return;
      after = rows[rows.length - 1].id;
    }
  }
}

function finalOf(groups: BatchGroup[]): number {
  return groups.filter((g) => isFinal(g.status)).reduce((n, g) => n + g.count, 0);
}
