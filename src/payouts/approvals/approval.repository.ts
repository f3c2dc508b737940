import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { PayoutStatus } from '../domain/payout-status';
import { isUniqueViolation } from '../persistence/database-errors';
import { PayoutEntity } from '../persistence/payout.entity';
import { PayoutRepository } from '../persistence/payout.repository';
import { PayoutApprovalEntity, PayoutApprovalRequestEntity, PayoutAuditEntity } from './approval.entities';
import { BeneficiaryDay } from './approval-policy';
import { AuditEntry } from './audit-entry';

/**
 * Approval requests, decisions and the audit trail. Writes go through PayoutRepository's
 * transactions: on SQLite every write of the module shares one queue.
 */
@Injectable()
export class ApprovalRepository {
  constructor(
    private readonly payouts: PayoutRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Stores a payout that waits for approval, with its request and the audit line of its
   * creation, in one transaction; false when its merchant reference (or trade number) exists.
   */
  async insertPending(payout: PayoutEntity, required: number, createdBy: string, audit: AuditEntry): Promise<boolean> {
    try {
      await this.payouts.transaction(async (m) => {
        await m.getRepository(PayoutEntity).insert(payout as QueryDeepPartialEntity<PayoutEntity>);
        await m.getRepository(PayoutApprovalRequestEntity).insert({ payoutId: payout.id, required, createdBy, createdAt: payout.createdAt });
        await m.getRepository(PayoutAuditEntity).insert({ ...audit, createdAt: payout.createdAt });
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** One approver's decision with its audit line; false when this principal has decided already. */
  async recordDecision(payoutId: string, principalId: string, decision: 'approved' | 'rejected', note: string | null, audit: AuditEntry): Promise<boolean> {
    const now = new Date();
    try {
      await this.payouts.transaction(async (m) => {
        await m.getRepository(PayoutApprovalEntity).insert({ payoutId, principalId, decision, note, createdAt: now });
        await m.getRepository(PayoutAuditEntity).insert({ ...audit, createdAt: now });
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  requestOf(payoutId: string): Promise<PayoutApprovalRequestEntity | null> {
    return this.dataSource.getRepository(PayoutApprovalRequestEntity).findOne({ where: { payoutId } });
  }

  decisionsOf(payoutId: string): Promise<PayoutApprovalEntity[]> {
    return this.dataSource.getRepository(PayoutApprovalEntity).find({ where: { payoutId }, order: { id: 'ASC' } });
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.payouts.transaction((m) => m.getRepository(PayoutAuditEntity).insert({ ...entry, createdAt: new Date() }));
  }

  auditOf(payoutId: string, limit: number): Promise<PayoutAuditEntity[]> {
    return this.dataSource.getRepository(PayoutAuditEntity).find({ where: { payoutId }, order: { id: 'ASC' }, take: limit });
  }

  /** A beneficiary account's payouts since `since` that were not failed or cancelled (the (beneficiary_key, created_at) index). */
  async beneficiaryDay(key: string, since: Date): Promise<BeneficiaryDay> {
    const row = await this.dataSource
      .getRepository(PayoutEntity)
      .createQueryBuilder('p')
      .select('COUNT(*)', 'count')
      .addSelect('COALESCE(SUM(p.amount), 0)', 'amount')
      .where('p.beneficiaryKey = :key AND p.createdAt >= :since', { key, since })
      .andWhere('p.status NOT IN (:...ended)', { ended: [PayoutStatus.FAILED, PayoutStatus.CANCELLED] })
      .getRawOne<{ count: string | number; amount: string | number }>();
    return { count: Number(row?.count ?? 0), amountMinor: Number(row?.amount ?? 0) };
  }

  /** Payouts whose wait for approval is over (their next_poll_at is the deadline), oldest first. */
  expiredPending(now: Date, limit: number): Promise<PayoutEntity[]> {
    return this.dataSource.getRepository(PayoutEntity).find({
      where: { status: PayoutStatus.PENDING_APPROVAL, nextPollAt: LessThanOrEqual(now) }, order: { nextPollAt: 'ASC' }, take: limit,
    });
  }
}
