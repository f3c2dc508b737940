import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { PayoutStatus } from '../domain/payout-status';
import { jsonText } from '../persistence/column-transformers';
import { PayoutStatusChangedEvent } from './payout-events';

/** Payout events, written in the same transaction as the state change they describe. */
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

  /** The status the payout moved to (the event's `to`), for reading history without the payload. */
  @Column({ name: 'to_status', type: 'varchar', length: 64 })
  toStatus: PayoutStatus;

  @Column({ type: 'text', transformer: jsonText })
  payload: PayoutStatusChangedEvent;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;
}
