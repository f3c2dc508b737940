import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One accepted batch (a file of payouts). Its items are the payouts whose batch_id is its id. Schema in migrations/. */
@Entity('payout_batches')
@Index('uq_payout_batches_reference', ['batchReference'], { unique: true })
export class PayoutBatchEntity {
  /** UUIDv7: newest first is the primary key's order. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The caller's idempotency key for the whole file. */
  @Column({ name: 'batch_reference', type: 'varchar', length: 64 })
  batchReference: string;

  /** SHA-256 of the items as sent: the same reference with other content is a conflict. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  /** Payouts stored for this batch. */
  @Column({ name: 'item_count', type: 'int', default: 0 })
  itemCount: number;

  /** Rows whose merchant reference already had the same payout (an earlier batch or a single create): not stored again. */
  @Column({ name: 'existing_count', type: 'int', default: 0 })
  existingCount: number;

  /** Invalid rows left out because the caller asked for `acceptValid`. */
  @Column({ name: 'rejected_count', type: 'int', default: 0 })
  rejectedCount: number;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  /** When its last item reached a final state; set once, by the write that publishes payout.batch_completed. */
  @Column({ name: 'completed_at', type: 'datetime', precision: 3, nullable: true })
  completedAt: Date | null;
}
