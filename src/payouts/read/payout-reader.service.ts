import { Injectable } from '@nestjs/common';
import { PayoutNotFoundError } from '../domain/errors';
import { PayoutStatus } from '../domain/payout-status';
import { PayoutEntity } from '../persistence/payout.entity';
import { PayoutRepository } from '../persistence/payout.repository';
import { PayoutReadRepository } from './payout-read.repository';
import { PayoutProviderRegistry } from '../providers/provider-registry';
import { decodeCursor, encodeCursor } from './page-cursor';
import { PayoutView, toPayoutView } from './payout.view';

export interface ListPayoutsQuery {
  status?: PayoutStatus;
  channel?: string;
  /** Only payouts flagged (true) or not flagged (false) for attention. */
  attention?: boolean;
  /** A payout id, a merchant reference or trade number prefix, or a gateway reference. */
  q?: string;
  createdFrom?: Date;
  createdTo?: Date;
  limit?: number;
  cursor?: string;
}

/** Reads payouts for the API: one by id or reference, or a filtered page, newest first. */
@Injectable()
export class PayoutReader {
  constructor(
    private readonly repo: PayoutRepository,
    private readonly reads: PayoutReadRepository,
    private readonly registry: PayoutProviderRegistry,
  ) {}

  /** Loads a payout, or throws PayoutNotFoundError. */
  async load(id: string): Promise<PayoutEntity> {
    const payout = await this.repo.findById(id);
    if (!payout) throw new PayoutNotFoundError(id);
    return payout;
  }

  async getByMerchantReference(merchantReference: string): Promise<PayoutView | null> {
    const payout = await this.repo.findByMerchantReference(merchantReference);
    return payout ? toPayoutView(payout) : null;
  }

  async list(query: ListPayoutsQuery): Promise<{ items: PayoutView[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
    const q = query.q?.trim();
    const rows = await this.reads.list({
      status: query.status,
      channel: query.channel,
      attention: query.attention,
      ids: q ? await this.reads.searchIds(q, this.registry.codes(), 200) : undefined,
      createdFrom: query.createdFrom,
      createdTo: query.createdTo,
      beforeId: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(page[page.length - 1].id) : null;
    return { items: page.map(toPayoutView), nextCursor };
  }
}
