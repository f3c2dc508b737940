import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintMinorUnits, booleanInt } from '../persistence/column-transformers';

/**
 * What the module knows of one channel's money: the available balance it last read, and what it
 * committed to sends since (the running estimate a first send is checked against). One row per
 * channel with funds handling on; every instance reads and writes the same row.
 */
@Entity('payout_channel_funds')
export class ChannelFundsEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  channel: string;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  /** Minor units, as the gateway last reported it. */
  @Column({ type: 'bigint', transformer: bigintMinorUnits })
  available: number;

  /** Minor units reserved by sends since that read. */
  @Column({ type: 'bigint', transformer: bigintMinorUnits, default: 0 })
  committed: number;

  /** Payouts wait for funds on this channel: a new one queues behind them (FIFO), even if it would fit. */
  @Column({ name: 'queue_open', type: 'smallint', transformer: booleanInt, default: 0 })
  queueOpen: boolean;

  /** The last read was under the channel's low-balance threshold (the signal fires on the way down only). */
  @Column({ type: 'smallint', transformer: booleanInt, default: 0 })
  low: boolean;

  /** On the database's clock. */
  @Column({ name: 'read_at', type: 'datetime', precision: 3 })
  readAt: Date;
}
