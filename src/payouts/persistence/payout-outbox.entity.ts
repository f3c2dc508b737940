import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText } from './column-transformers';

/** Domain events written in the same transaction as the state change they describe. */
@Entity('payout_outbox')
@Index('idx_payout_outbox_pending', ['publishedAt', 'sequence'])
@Index('idx_payout_outbox_payout', ['payoutId', 'sequence'])
export class PayoutOutboxEntity {
  /** Insertion order: events are published in this order, so in order per payout. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  sequence: string;

  /** The stable event id hosts deduplicate on: `<payoutId>:<version>`. */
  @Column({ name: 'event_id', type: 'varchar', length: 64, unique: true })
  eventId: string;

  @Column({ name: 'payout_id', type: 'varchar', length: 36 })
  payoutId: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'text', transformer: jsonText })
  payload: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;
}
