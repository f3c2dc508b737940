import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A payout that waits for approvers: how many it needs and who created it (who may not approve). */
@Entity('payout_approval_requests')
export class PayoutApprovalRequestEntity {
  @PrimaryColumn({ name: 'payout_id', type: 'varchar', length: 36 })
  payoutId: string;

  @Column({ type: 'int' })
  required: number;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** One approver's decision on one payout: a principal decides once (the unique key). */
@Entity('payout_approvals')
@Index('uq_payout_approvals_principal', ['payoutId', 'principalId'], { unique: true })
export class PayoutApprovalEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'payout_id', type: 'varchar', length: 36 })
  payoutId: string;

  @Column({ name: 'principal_id', type: 'varchar', length: 64 })
  principalId: string;

  /** approved or rejected. */
  @Column({ type: 'varchar', length: 16 })
  decision: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** Who did what to a payout, when, from where: every operator action, written with the action. */
@Entity('payout_audit')
@Index('idx_payout_audit_payout', ['payoutId', 'id'])
export class PayoutAuditEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'payout_id', type: 'varchar', length: 36, nullable: true })
  payoutId: string | null;

  /** create, approve, reject, cancel, acknowledge, refresh, expire. */
  @Column({ type: 'varchar', length: 32 })
  action: string;

  /** The principal's id (a key's id, never the key). */
  @Column({ name: 'principal_id', type: 'varchar', length: 64 })
  principalId: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
