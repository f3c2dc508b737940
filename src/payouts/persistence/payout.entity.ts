import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { PayoutStatus } from '../domain/payout-status';
import { Beneficiary } from '../domain/beneficiary';
import { bigintMinorUnits, booleanInt, jsonText } from './column-transformers';

/**
 * One payout instruction and its current state. Schema lives in migrations/; every key and index
 * is declared here under the migration's name, so TypeORM's schema diff against a migrated
 * database is empty (persistence/schema-drift.spec.ts).
 */
@Entity('payouts')
@Unique('uq_payouts_merchant_reference', ['merchantReference'])
@Unique('uq_payouts_trade_no', ['tradeNo'])
@Unique('idx_payouts_channel_ref', ['channel', 'providerReference'])
@Index('idx_payouts_due', ['status', 'nextPollAt'])
@Index('idx_payouts_created', ['createdAt'])
@Index('idx_payouts_attention', ['attention', 'id'])
@Index('idx_payouts_beneficiary', ['beneficiaryKey', 'createdAt'])
@Index('idx_payouts_queue', ['status', 'channel', 'id'])
@Index('idx_payouts_batch', ['batchId', 'status', 'id'])
export class PayoutEntity {
  /** UUIDv7: time-ordered, so the primary key also serves newest-first pagination. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'merchant_reference', type: 'varchar', length: 64 })
  merchantReference: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: 'varchar', length: 32 })
  channel: string;

  @Column({ name: 'trade_no', type: 'varchar', length: 32 })
  tradeNo: string;

  @Column({ name: 'provider_reference', type: 'varchar', length: 64, nullable: true })
  providerReference: string | null;

  @Column({ type: 'bigint', transformer: bigintMinorUnits })
  amount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'bigint', nullable: true, transformer: bigintMinorUnits })
  fee: number | null;

  /** The full beneficiary, needed to resubmit under the same trade number. Never returned or logged. */
  @Column({ type: 'text', transformer: jsonText })
  beneficiary: Beneficiary;

  @Column({ type: 'varchar', length: 64, nullable: true })
  remark: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  metadata: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 16 })
  status: PayoutStatus;

  @Column({ name: 'failure_code', type: 'varchar', length: 64, nullable: true })
  failureCode: string | null;

  @Column({ name: 'failure_message', type: 'varchar', length: 255, nullable: true })
  failureMessage: string | null;

  @Column({ type: 'smallint', transformer: booleanInt, default: 0 })
  attention: boolean;

  @Column({ name: 'attention_reason', type: 'varchar', length: 255, nullable: true })
  attentionReason: string | null;

  /** Gateway calls made for this payout (submits and queries). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'next_poll_at', type: 'datetime', precision: 3, nullable: true })
  nextPollAt: Date | null;

  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner: string | null;

  /** Written and compared on the database's clock only (persistence/database-clock.ts). */
  @Column({ name: 'lease_expires_at', type: 'datetime', precision: 3, nullable: true })
  leaseExpiresAt: Date | null;

  /**
   * Fences the lease: taken anew by every claim, and every write of a gateway's answer matches it,
   * so a worker whose lease was taken over cannot write what it learnt too late.
   */
  @Column({ name: 'lease_token', type: 'varchar', length: 36, nullable: true })
  leaseToken: string | null;

  /**
   * When the last send that may have reached the gateway started, on the database's clock; null
   * while nothing was ever sent. A refusal is only final for a send made while it was null, and a
   * resend waits its grace period from this time.
   */
  @Column({ name: 'last_sent_at', type: 'datetime', precision: 3, nullable: true })
  lastSentAt: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** Names the beneficiary's account on its channel (a hash), for per-beneficiary daily limits. */
  @Column({ name: 'beneficiary_key', type: 'varchar', length: 64, nullable: true })
  beneficiaryKey: string | null;

  /** Why a QUEUED payout waits (`insufficient_funds`); null otherwise. */
  @Column({ name: 'hold_reason', type: 'varchar', length: 32, nullable: true })
  holdReason: string | null;

  /**
   * Its amount is reserved against the channel's known balance already (at creation, or when it
   * was released from the queue): its first send does not reserve it again.
   */
  @Column({ name: 'funds_reserved', type: 'smallint', transformer: booleanInt, default: 0 })
  fundsReserved: boolean;

  /** Optimistic lock: every state change is `UPDATE … WHERE version = ?`. */
  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ name: 'completed_at', type: 'datetime', precision: 3, nullable: true })
  completedAt: Date | null;

  /** The batch that brought this payout (payout_batches.id); null for a single create. */
  @Column({ name: 'batch_id', type: 'varchar', length: 36, nullable: true })
  batchId: string | null;
}
