import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { And, DataSource, In, LessThan, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { PayoutStatus } from '../domain/payout-status';
import { PayoutOutboxEntity } from '../events/payout-outbox.entity';
import { PayoutAttemptEntity } from '../persistence/payout-attempt.entity';
import { PayoutWebhookEntity } from '../persistence/payout-webhook.entity';
import { PayoutEntity } from '../persistence/payout.entity';
import { DUE_STATUSES } from '../persistence/payout.repository';

export interface PayoutListFilter {
  status?: PayoutStatus;
  channel?: string;
  createdFrom?: Date;
  createdTo?: Date;
  attention?: boolean;
  /** Only these ids (a search's matches). */
  ids?: string[];
  /** Only ids below this one (newest first). */
  beforeId?: string;
  limit: number;
}

/** Payouts counted per channel and status. */
export interface StatusCount {
  channel: string;
  status: PayoutStatus;
  count: number;
}

/**
 * The read side's queries: lists, searches, counts and one payout's history. Each has an index
 * of its own (docs/architecture.md); none writes.
 */
@Injectable()
export class PayoutReadRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(filter: PayoutListFilter): Promise<PayoutEntity[]> {
    const where: Record<string, unknown> = {};
    if (filter.status) where.status = filter.status;
    if (filter.channel) where.channel = filter.channel;
    if (filter.attention !== undefined) where.attention = filter.attention;
    if (filter.beforeId) where.id = LessThan(filter.beforeId);
    const qb = this.dataSource.getRepository(PayoutEntity).createQueryBuilder('p').where(where);
    if (filter.createdFrom) qb.andWhere('p.createdAt >= :from', { from: filter.createdFrom });
    if (filter.createdTo) qb.andWhere('p.createdAt < :to', { to: filter.createdTo });
    if (filter.ids) qb.andWhere(filter.ids.length ? { id: In(filter.ids) } : '1 = 0');
    return qb.orderBy('p.id', 'DESC').limit(filter.limit).getMany();
  }

  /**
   * Ids of payouts matching a search term: the id itself, a merchant reference or trade number
   * starting with it, or a gateway reference on one of `channels`. Each lookup uses its own index.
   */
  async searchIds(term: string, channels: string[], limit: number): Promise<string[]> {
    const repo = this.dataSource.getRepository(PayoutEntity);
    // A prefix as a range (not LIKE), so both databases use the unique index.
    const next = term.slice(0, -1) + String.fromCharCode(term.charCodeAt(term.length - 1) + 1);
    const prefix = And(MoreThanOrEqual(term), LessThan(next));
    const found = await Promise.all([
      repo.find({ select: { id: true }, where: { id: term }, take: 1 }),
      repo.find({ select: { id: true }, where: { merchantReference: prefix }, take: limit }),
      repo.find({ select: { id: true }, where: { tradeNo: prefix }, take: limit }),
      channels.length ? repo.find({ select: { id: true }, where: channels.map((channel) => ({ channel, providerReference: term })), take: limit }) : [],
    ]);
    return [...new Set(found.flat().map((p) => p.id))];
  }

  /** Payouts created in [fromId, toId) by channel and status: a primary-key range, as ids are UUIDv7. */
  async countByChannelAndStatus(fromId: string, toId: string): Promise<StatusCount[]> {
    const rows = await this.dataSource
      .getRepository(PayoutEntity)
      .createQueryBuilder('p')
      .select('p.channel', 'channel')
      .addSelect('p.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('p.id >= :fromId AND p.id < :toId', { fromId, toId })
      .groupBy('p.channel')
      .addGroupBy('p.status')
      .getRawMany<{ channel: string; status: PayoutStatus; count: string | number }>();
    return rows.map((r) => ({ channel: r.channel, status: r.status, count: Number(r.count) }));
  }

  /** Payouts flagged for attention, by channel. */
  async countAttention(): Promise<{ channel: string; count: number }[]> {
    const rows = await this.dataSource
      .getRepository(PayoutEntity)
      .createQueryBuilder('p')
      .select('p.channel', 'channel')
      .addSelect('COUNT(*)', 'count')
      .where({ attention: true })
      .groupBy('p.channel')
      .getRawMany<{ channel: string; count: string | number }>();
    return rows.map((r) => ({ channel: r.channel, count: Number(r.count) }));
  }

  /** The earliest next-poll time among due payouts (poller lag), or null when none is due. */
  async oldestDue(now: Date): Promise<Date | null> {
    const repo = this.dataSource.getRepository(PayoutEntity);
    const firsts = await Promise.all(
      DUE_STATUSES.map((status) =>
        repo.findOne({ select: { id: true, nextPollAt: true }, where: { status, nextPollAt: LessThanOrEqual(now) }, order: { nextPollAt: 'ASC' } }),
      ),
    );
    const times = firsts.flatMap((p) => (p?.nextPollAt ? [p.nextPollAt.getTime()] : []));
    return times.length ? new Date(Math.min(...times)) : null;
  }

  /** A payout's gateway calls, oldest first. */
  attemptsOf(payoutId: string, limit: number): Promise<PayoutAttemptEntity[]> {
    return this.dataSource.getRepository(PayoutAttemptEntity).find({ where: { payoutId }, order: { id: 'ASC' }, take: limit });
  }

  /** The callbacks received for a trade number on a channel, oldest first. */
  webhooksOf(channel: string, tradeNo: string, limit: number): Promise<PayoutWebhookEntity[]> {
    return this.dataSource.getRepository(PayoutWebhookEntity).find({ where: { tradeNo, channel }, order: { id: 'ASC' }, take: limit });
  }

  /** A payout's state changes, from the outbox, oldest first. */
  eventsOf(payoutId: string, limit: number): Promise<PayoutOutboxEntity[]> {
    return this.dataSource.getRepository(PayoutOutboxEntity).find({ where: { payoutId }, order: { sequence: 'ASC' }, take: limit });
  }
}
