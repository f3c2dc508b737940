import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { PayoutStatus } from '../domain/payout-status';
import { jsonText } from '../persistence/column-transformers';
import { PayoutEventPayload } from './payout-events';

/** Payout events, written in the same transaction as the state change they describe. */
@Entity('payout_outbox')
@Unique('uq_payout_outbox_event', ['eventId'])
@Index('idx_payout_outbox_pending', ['publishedAt', 'sequence'])
@Index('idx_payout_outbox_payout', ['payoutId', 'sequence'])
@Index('idx_payout_outbox_dead', ['deadLetteredAt'])
export class PayoutOutboxEntity {
  /** Insertion order: a payout's events are published in this order. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  sequence: string;

  /** The stable event id hosts deduplicate on: `<payoutId>:<version>`. */
  @Column({ name: 'event_id', type: 'varchar', length: 64 })
  eventId: string;

  @Column({ name: 'payout_id', type: 'varchar', length: 36 })
  payoutId: string;

  /** The status the payout moved to (the event's `to`), for reading history without the payload; null on a named event. */
  @Column({ name: 'to_status', type: 'varchar', length: 64, nullable: true })
  toStatus: PayoutStatus | null;

  /**
   * Set on an event that is not a status change (`payout.batch_completed`): published under this
   * name only. `payoutId` then holds the key it is ordered by (the batch id).
   */
  @Column({ name: 'event_name', type: 'varchar', length: 64, nullable: true })
  eventName: string | null;

  @Column({ type: 'text', transformer: jsonText })
  payload: PayoutEventPayload;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  /** On the database's clock. Published rows are purged after the retention period. */
  @Column({ name: 'published_at', type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;

  /** Failed deliveries so far. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Not claimed before this time (the backoff after a failure), on the database's clock. */
  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  /** The claim that is delivering the row: its writes match this token. */
  @Column({ name: 'lease_token', type: 'varchar', length: 36, nullable: true })
  leaseToken: string | null;

  @Column({ name: 'lease_expires_at', type: 'datetime', precision: 3, nullable: true })
  leaseExpiresAt: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** Set once the attempts are used up: the row waits for an operator's replay. */
  @Column({ name: 'dead_lettered_at', type: 'datetime', precision: 3, nullable: true })
  deadLetteredAt: Date | null;
}
