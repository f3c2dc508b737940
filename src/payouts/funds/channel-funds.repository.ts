import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { PayoutStatus } from '../domain/payout-status';
import { PayoutLowBalanceEvent } from '../events/payout-events';
import { PayoutOutboxEntity } from '../events/payout-outbox.entity';
import { PayoutEvents } from '../payouts.constants';
import { DatabaseClock, databaseClock, isSqlite } from '../persistence/database-clock';
import { isUniqueViolation } from '../persistence/database-errors';
import { EntityStatements, SqlValue } from '../persistence/entity-statements';
import { PayoutEntity } from '../persistence/payout.entity';
import { PayoutRepository } from '../persistence/payout.repository';
import { ChannelFundsEntity } from './channel-funds.entity';

/**
 * The funds rows and the queue's queries. Every change of `committed` is one conditional UPDATE,
 * so instances sharing a channel reserve against the same figure without locks held across calls.
 * Writes go through PayoutRepository.write (serialized on SQLite, retried on a deadlock).
 */
@Injectable()
export class ChannelFundsRepository {
  private readonly funds: EntityStatements<ChannelFundsEntity>;
  private readonly clock: DatabaseClock;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly payouts: PayoutRepository,
  ) {
    this.funds = new EntityStatements(dataSource, ChannelFundsEntity);
    this.clock = databaseClock(isSqlite(dataSource));
  }

  find(channel: string): Promise<ChannelFundsEntity | null> {
    return this.funds.findOne(this.dataSource.manager, 'channel', channel);
  }

  /**
   * Reserves `amount` if the last read balance, less what was reserved since, covers it; with
   * `behindQueue`, only while nothing waits for funds on the channel (first come, first served).
   */
  reserve(channel: string, amount: number, behindQueue: boolean): Promise<boolean> {
    return this.payouts.write((m) => this.reserveIn(m, channel, amount, behindQueue));
  }

  /** The same reservation as one statement of the caller's transaction (`m`): undone if it rolls back. */
  async reserveIn(m: EntityManager, channel: string, amount: number, behindQueue: boolean): Promise<boolean> {
    const col = (p: string) => this.funds.name(p);
    const sql =
      `UPDATE ${this.funds.table} SET ${col('committed')} = ${col('committed')} + ? ` +
      `WHERE ${col('channel')} = ? AND ${col('available')} - ${col('committed')} >= ?` +
      (behindQueue ? ` AND ${col('queueOpen')} = 0` : '');
    return (await this.funds.run(m, sql, [amount, channel, amount])).affected > 0;
  }

  /** Gives back a reservation whose payout was not sent after all (an idempotent replay, a lost race). */
  async unreserve(channel: string, amount: number): Promise<void> {
    const col = (p: string) => this.funds.name(p);
    const sql =
      `UPDATE ${this.funds.table} SET ${col('committed')} = CASE WHEN ${col('committed')} > ? THEN ${col('committed')} - ? ELSE 0 END ` +
      `WHERE ${col('channel')} = ?`;
    await this.payouts.write((m) => this.funds.run(m, sql, [amount, amount, channel]));
  }

  /**
   * Takes the channel's next balance read for this caller when the last one is `everyMs` old on
   * the database's clock (so instances do not all read at once); answers what was reserved
   * until now, which the read will account for.
   */
  async claimRead(channel: string, everyMs: number): Promise<number | undefined> {
    const col = (p: string) => this.funds.name(p);
    const sql = `UPDATE ${this.funds.table} SET ${col('readAt')} = ${this.clock.now} WHERE ${col('channel')} = ? AND ${col('readAt')} <= ${this.clock.offset(-everyMs)}`;
    if (!(await this.payouts.write((m) => this.funds.run(m, sql, [channel]))).affected) return undefined;
    return (await this.find(channel))?.committed ?? 0;
  }

  /**
   * Stores a balance read: what was reserved before the read began (`committedBefore`) is in the
   * gateway's figure now, so only later reservations stay counted. Creates the row on first read.
   */
  async recordRead(channel: string, currency: string, available: number, committedBefore: number): Promise<void> {
    const col = (p: string) => this.funds.name(p);
    const sql =
      `UPDATE ${this.funds.table} SET ${col('available')} = ?, ${col('readAt')} = ${this.clock.now}, ` +
      `${col('committed')} = CASE WHEN ${col('committed')} > ? THEN ${col('committed')} - ? ELSE 0 END WHERE ${col('channel')} = ?`;
    if ((await this.payouts.write((m) => this.funds.run(m, sql, [available, committedBefore, committedBefore, channel]))).affected) return;
    try {
      await this.payouts.write((m) => this.funds.insert(m, [{ channel, currency, available, committed: 0, queueOpen: false, low: false, readAt: new SqlValue(this.clock.now) as unknown as Date }]));
    } catch (error) {
      // Another instance created it meanwhile: its figure is as fresh as ours.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** The gateway refused a send for funds: nothing is available until the next read says otherwise. */
  async exhausted(channel: string): Promise<void> {
    await this.payouts.write((m) => this.funds.update(m, { available: 0, committed: 0, queueOpen: true }, { channel }));
  }

  async setQueueOpen(channel: string, open: boolean): Promise<void> {
    await this.payouts.write((m) => this.funds.update(m, { queueOpen: open }, { channel, queueOpen: !open }));
  }

  /**
   * Flips the low-balance flag; true for the one caller that flipped it. A fall writes its
   * `payout.low_balance` event in the same transaction, so it is published once per fall.
   */
  async flipLow(channel: string, low: boolean, event?: PayoutLowBalanceEvent): Promise<boolean> {
    return this.payouts.transaction(async (m) => {
      if (!(await this.funds.update(m, { low }, { channel, low: !low })).affected) return false;
      if (event) {
        await m.getRepository(PayoutOutboxEntity).insert({
          eventId: event.eventId, payoutId: channel, eventName: PayoutEvents.LOW_BALANCE, toStatus: null, payload: event, createdAt: new Date(event.readAt),
          publishedAt: null, attempts: 0, nextAttemptAt: null, leaseToken: null, leaseExpiresAt: null, lastError: null, deadLetteredAt: null,
        });
      }
      return true;
    });
  }

  /** Channels whose queue is marked open (new payouts wait behind it). */
  async openQueues(): Promise<string[]> {
    const rows = await this.dataSource.getRepository(ChannelFundsEntity).find({ select: { channel: true }, where: { queueOpen: true } });
    return rows.map((r) => r.channel);
  }

  /** Channels with payouts waiting for funds (served by idx_payouts_queue). */
  async queuedChannels(): Promise<string[]> {
    const rows: { channel: string }[] = await this.dataSource
      .getRepository(PayoutEntity)
      .createQueryBuilder('p')
      .select('DISTINCT p.channel', 'channel')
      .where('p.status = :status', { status: PayoutStatus.QUEUED })
      .getRawMany();
    return rows.map((r) => r.channel);
  }

  /** A channel's queue in creation order (UUIDv7 ids sort by creation time). */
  queue(channel: string, limit: number): Promise<PayoutEntity[]> {
    return this.dataSource.getRepository(PayoutEntity).find({ where: { status: PayoutStatus.QUEUED, channel }, order: { id: 'ASC' }, take: limit });
  }

  /** Queued payouts whose window ended (their next poll time is the deadline; idx_payouts_due). */
  expired(now: Date, limit: number): Promise<PayoutEntity[]> {
    return this.dataSource.getRepository(PayoutEntity).find({ where: { status: PayoutStatus.QUEUED, nextPollAt: LessThanOrEqual(now) }, order: { nextPollAt: 'ASC' }, take: limit });
  }

  /** Queued amounts per channel, for the dashboard. */
  async queuedTotals(channels: string[]): Promise<Map<string, { count: number; amount: number }>> {
    if (!channels.length) return new Map();
    const rows: { channel: string; count: string | number; amount: string | number }[] = await this.dataSource
      .getRepository(PayoutEntity)
      .createQueryBuilder('p')
      .select('p.channel', 'channel')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(p.amount)', 'amount')
      .where({ status: PayoutStatus.QUEUED, channel: In(channels) })
      .groupBy('p.channel')
      .getRawMany();
    return new Map(rows.map((r) => [r.channel, { count: Number(r.count), amount: Number(r.amount) }]));
  }
}
