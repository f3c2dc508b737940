import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PayoutAuditEntity } from '../approvals/approval.entities';
import { AuditEntry } from '../approvals/audit-entry';
import { ALL_STATUSES, isFinal, PayoutStatus } from '../domain/payout-status';
import { PayoutOutboxEntity } from '../events/payout-outbox.entity';
import { DatabaseClock, databaseClock, isSqlite } from './database-clock';
import { isUniqueViolation } from './database-errors';
import { EntityStatements } from './entity-statements';
import { PayoutBatchEntity } from './payout-batch.entity';
import { PayoutEntity } from './payout.entity';
import { PayoutRepository } from './payout.repository';

/** Rows per multi-row INSERT, each in its own transaction: short locks, and far under every driver's placeholder limit. */
export const BATCH_INSERT_ROWS = 500;

/** Statuses a batch item may still leave: the completion check looks for any of them. */
export const OPEN_STATUSES = ALL_STATUSES.filter((s) => !isFinal(s));

/** A payout already stored under a merchant reference. */
export interface ExistingPayout {
  id: string;
  merchantReference: string;
  requestHash: string;
  batchId: string | null;
}

/** A batch's items grouped by status and currency (amounts and fees in minor units). */
export interface BatchGroup {
  status: PayoutStatus;
  currency: string;
  count: number;
  amountMinor: number;
  feeMinor: number;
}

/**
 * The batches' queries. Items are payouts with a batch_id, served by idx_payouts_batch
 * (batch_id, status, id). Writes go through PayoutRepository's write path (one queue on SQLite,
 * deadlocks retried).
 */
@Injectable()
export class PayoutBatchRepository {
  private readonly batches: EntityStatements<PayoutBatchEntity>;
  private readonly payouts: EntityStatements<PayoutEntity>;
  private readonly outbox: EntityStatements<PayoutOutboxEntity>;
  private readonly clock: DatabaseClock;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: PayoutRepository,
  ) {
    this.batches = new EntityStatements(dataSource, PayoutBatchEntity);
    this.payouts = new EntityStatements(dataSource, PayoutEntity);
    this.outbox = new EntityStatements(dataSource, PayoutOutboxEntity);
    this.clock = databaseClock(isSqlite(dataSource));
  }

  findById(id: string): Promise<PayoutBatchEntity | null> {
    return this.batches.findOne(this.dataSource.manager, 'id', id);
  }

  findByReference(batchReference: string): Promise<PayoutBatchEntity | null> {
    return this.batches.findOne(this.dataSource.manager, 'batchReference', batchReference);
  }

  /** Stores a batch with its audit line; false when its reference exists already (a concurrent post). */
  async insertBatch(batch: PayoutBatchEntity, audit: AuditEntry): Promise<boolean> {
    try {
      await this.writes.transaction(async (m) => {
        await this.batches.insert(m, [batch]);
        await m.getRepository(PayoutAuditEntity).insert({ ...audit, createdAt: batch.createdAt });
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /**
   * Inserts payouts BATCH_INSERT_ROWS at a time. A chunk that hits a unique key (a single create
   * of the same merchant reference meanwhile) is inserted row by row instead; returns the rows
   * that were not stored, for the caller to classify.
   */
  async insertItems(rows: PayoutEntity[]): Promise<PayoutEntity[]> {
    const refused: PayoutEntity[] = [];
    for (let i = 0; i < rows.length; i += BATCH_INSERT_ROWS) {
      const chunk = rows.slice(i, i + BATCH_INSERT_ROWS);
      try {
        await this.writes.transaction((m) => this.payouts.insert(m, chunk));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        for (const row of chunk) {
          try {
            await this.writes.write((m) => this.payouts.insert(m, [row]));
          } catch (rowError) {
            if (!isUniqueViolation(rowError)) throw rowError;
            refused.push(row);
          }
        }
      }
    }
    return refused;
  }

  async updateCounts(id: string, counts: Pick<PayoutBatchEntity, 'itemCount' | 'existingCount' | 'rejectedCount'>): Promise<void> {
    await this.writes.write((m) => this.batches.update(m, counts, { id }));
  }

  /** The payouts stored under these merchant references (the unique index, a few hundred per query). */
  async existing(merchantReferences: string[]): Promise<ExistingPayout[]> {
    const found: ExistingPayout[] = [];
    for (let i = 0; i < merchantReferences.length; i += BATCH_INSERT_ROWS) {
      const refs = merchantReferences.slice(i, i + BATCH_INSERT_ROWS);
      const rows: { id: string; merchant_reference: string; request_hash: string; batch_id: string | null }[] = await this.dataSource.query(
        `SELECT id, merchant_reference, request_hash, batch_id FROM payouts WHERE merchant_reference IN (${refs.map(() => '?').join(', ')})`,
        refs,
      );
      found.push(...rows.map((r) => ({ id: r.id, merchantReference: r.merchant_reference, requestHash: r.request_hash, batchId: r.batch_id })));
    }
    return found;
  }

  /** Batches newest first (ids are UUIDv7), below `beforeId`. */
  list(limit: number, beforeId?: string): Promise<PayoutBatchEntity[]> {
    const qb = this.dataSource.getRepository(PayoutBatchEntity).createQueryBuilder('b');
    if (beforeId) qb.where('b.id < :beforeId', { beforeId });
    return qb.orderBy('b.id', 'DESC').limit(limit).getMany();
  }

  async groups(batchId: string): Promise<BatchGroup[]> {
    const rows: { status: PayoutStatus; currency: string; n: string | number; amount: string | number | null; fee: string | number | null }[] = await this.dataSource.query(
      'SELECT status, currency, COUNT(*) AS n, SUM(amount) AS amount, SUM(fee) AS fee FROM payouts WHERE batch_id = ? GROUP BY status, currency',
      [batchId],
    );
    return rows.map((r) => ({ status: r.status, currency: r.currency, count: Number(r.n), amountMinor: Number(r.amount ?? 0), feeMinor: Number(r.fee ?? 0) }));
  }

  /** Items in a final state: read from idx_payouts_batch alone (no row is visited), for the list's progress. */
  async finalCount(batchId: string): Promise<number> {
    const closed = ALL_STATUSES.filter((st) => isFinal(st));
    const rows: { n: string | number }[] = await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM payouts WHERE batch_id = ? AND status IN (${closed.map(() => '?').join(', ')})`,
      [batchId, ...closed],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Items of a batch in file order (ids ascend with it), after `afterId`, optionally of one status. */
  items(batchId: string, limit: number, status?: PayoutStatus, afterId?: string): Promise<PayoutEntity[]> {
    const qb = this.dataSource.getRepository(PayoutEntity).createQueryBuilder('p').where('p.batchId = :batchId', { batchId });
    if (status) qb.andWhere('p.status = :status', { status });
    if (afterId) qb.andWhere('p.id > :afterId', { afterId });
    return qb.orderBy('p.id', 'ASC').limit(limit).getMany();
  }

  /** The cheap check after an item settles: one probe of idx_payouts_batch for an item still open. */
  async hasOpenItems(batchId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 AS open FROM payouts WHERE batch_id = ? AND status IN (${OPEN_STATUSES.map(() => '?').join(', ')}) LIMIT 1`,
      [batchId, ...OPEN_STATUSES],
    );
    return rows.length > 0;
  }

  /**
   * Marks the batch completed and writes its event, in one transaction; the UPDATE's affected row
   * count decides, so of two instances finishing its last items at once only one writes the event.
   */
  async complete(batchId: string, event: Omit<PayoutOutboxEntity, 'sequence'>): Promise<boolean> {
    return this.writes.transaction(async (m) => {
      const done = await this.batches.run(
        m,
        `UPDATE ${this.batches.table} SET ${this.batches.name('completedAt')} = ${this.clock.now} WHERE ${this.batches.name('id')} = ? AND ${this.batches.name('completedAt')} IS NULL`,
        [batchId],
      );
      if (!done.affected) return false;
      await this.outbox.insert(m, [event]);
      return true;
    });
  }
}
