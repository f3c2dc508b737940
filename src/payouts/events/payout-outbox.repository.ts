import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { DatabaseClock, databaseClock, isSqlite } from '../persistence/database-clock';
import { EntityStatements } from '../persistence/entity-statements';
import { PayoutRepository } from '../persistence/payout.repository';
import { PayoutAuditEntity } from '../approvals/approval.entities';
import { AuditEntry } from '../approvals/audit-entry';
import { PayoutOutboxEntity } from './payout-outbox.entity';

/** What became of a failed delivery. */
export interface DeliveryFailure {
  error: string;
  /** The row's failed attempts, this one included. */
  attempts: number;
  retryInMs: number;
  deadLetter: boolean;
}

export type ReplayOutcome = 'replayed' | 'published' | 'not_found';

/**
 * The outbox's queries. Leases, backoff and publish times are on the database's clock, so
 * instances whose clocks disagree still agree on who delivers a row. Writes go through
 * PayoutRepository's write path: one serialized queue on SQLite, deadlocks retried everywhere.
 */
@Injectable()
export class PayoutOutboxRepository {
  private readonly sqlite: boolean;
  private readonly clock: DatabaseClock;
  private readonly statements: EntityStatements<PayoutOutboxEntity>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: PayoutRepository,
  ) {
    this.sqlite = isSqlite(dataSource);
    this.clock = databaseClock(this.sqlite);
    this.statements = new EntityStatements(dataSource, PayoutOutboxEntity);
  }

  /**
   * Claims up to `limit` rows for `token` until the database's now + `leaseMs`: per payout only its
   * oldest unpublished row (so a failing event holds back only its own payout's later ones), when
   * it is not dead-lettered, its backoff has passed and no live lease holds it. On MySQL/MariaDB
   * the candidates are locked with SKIP LOCKED, so instances take disjoint rows; the conditional
   * UPDATE of the lease keeps the claim safe on every database.
   */
  async claim(token: string, leaseMs: number, limit: number): Promise<PayoutOutboxEntity[]> {
    const now = this.clock.now;
    const leaseFree = `(lease_expires_at IS NULL OR lease_expires_at < ${now})`;
    const found = await this.writes.transaction(async (m) => {
      // Indexes forced on MySQL/MariaDB, whose choice follows statistics: with few rows pending it
      // may walk the primary key for the LIMIT through every published row (seen in a bench run at
      // 1 M payouts), and with a backlog pending, check each candidate's predecessors among all
      // pending rows instead of that payout's own.
      const force = (index: string) => (this.sqlite ? '' : ` FORCE INDEX (${index})`);
      const rows: { sequence: string | number }[] = await m.query(
        `SELECT o.sequence FROM payout_outbox o${force('idx_payout_outbox_pending')}
         WHERE o.published_at IS NULL AND o.dead_lettered_at IS NULL AND ${leaseFree.replace(/lease_/g, 'o.lease_')}
           AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ${now})
           AND NOT EXISTS (SELECT 1 FROM payout_outbox e${force('idx_payout_outbox_payout')} WHERE e.payout_id = o.payout_id AND e.sequence < o.sequence AND e.published_at IS NULL)
         ORDER BY o.sequence LIMIT ${Math.floor(limit)}${this.sqlite ? '' : ' FOR UPDATE SKIP LOCKED'}`,
      );
      const sequences = rows.map((r) => String(r.sequence));
      if (!sequences.length) return sequences;
      await this.statements.run(
        m,
        `UPDATE payout_outbox SET lease_token = ?, lease_expires_at = ${this.clock.offset(leaseMs)}
         WHERE sequence IN (${sequences.map(() => '?').join(', ')}) AND ${leaseFree}`,
        [token, ...sequences],
      );
      return sequences;
      // READ COMMITTED: the scan then takes no gap locks that the state writer's inserts would wait on.
    }, this.sqlite ? undefined : 'READ COMMITTED');
    if (!found.length) return [];
    return this.dataSource.getRepository(PayoutOutboxEntity).find({ where: { sequence: In(found), leaseToken: token }, order: { sequence: 'ASC' } });
  }

  /** Marks rows delivered, those still leased to `token`; returns how many were. */
  async markPublished(sequences: string[], token: string): Promise<number> {
    if (!sequences.length) return 0;
    const result = await this.writes.write((m) =>
      this.statements.run(
        m,
        `UPDATE payout_outbox SET published_at = ${this.clock.now}, lease_token = NULL, lease_expires_at = NULL, last_error = NULL
         WHERE sequence IN (${sequences.map(() => '?').join(', ')}) AND lease_token = ?`,
        [...sequences, token],
      ),
    );
    return result.affected;
  }

  /** Records a failed delivery, still leased to `token`: the next attempt's time, or the dead letter. */
  async recordFailure(sequence: string, token: string, failure: DeliveryFailure): Promise<boolean> {
    const result = await this.writes.write((m) =>
      this.statements.run(
        m,
        `UPDATE payout_outbox SET attempts = ?, last_error = ?, next_attempt_at = ${this.clock.offset(failure.retryInMs)},
           dead_lettered_at = ${failure.deadLetter ? this.clock.now : 'NULL'}, lease_token = NULL, lease_expires_at = NULL
         WHERE sequence = ? AND lease_token = ?`,
        [failure.attempts, failure.error.slice(0, 500), sequence, token],
      ),
    );
    return result.affected > 0;
  }

  /** An operator's replay: an unpublished row (dead-lettered or waiting) gets fresh attempts, due now. */
  async replay(eventId: string, audit?: AuditEntry): Promise<ReplayOutcome> {
    const replayed = await this.writes.transaction(async (m) => {
      const result = await this.statements.run(
        m, 'UPDATE payout_outbox SET attempts = 0, next_attempt_at = NULL, dead_lettered_at = NULL WHERE event_id = ? AND published_at IS NULL', [eventId]);
      if (!result.affected) return false;
      // The audit line goes with the change it records.
      if (audit) await m.getRepository(PayoutAuditEntity).insert({ ...audit, createdAt: new Date() });
      return true;
    });
    if (replayed) return 'replayed';
    const row = await this.dataSource.getRepository(PayoutOutboxEntity).findOne({ where: { eventId }, select: { sequence: true } });
    return row ? 'published' : 'not_found';
  }

  /** Dead letters, oldest first. */
  deadLetters(limit: number): Promise<PayoutOutboxEntity[]> {
    return this.dataSource.getRepository(PayoutOutboxEntity).find({ where: { deadLetteredAt: Not(IsNull()) }, order: { sequence: 'ASC' }, take: limit });
  }

  countDeadLetters(): Promise<number> {
    return this.dataSource.getRepository(PayoutOutboxEntity).count({ where: { deadLetteredAt: Not(IsNull()) } });
  }

  /**
   * Deletes up to `limit` rows published more than `retentionMs` ago (a range of the
   * (published_at, sequence) index), returns how many. Two statements: MySQL/MariaDB refuse a
   * LIMIT inside an IN subquery.
   */
  async purgePublished(retentionMs: number, limit: number): Promise<number> {
    const rows: { sequence: string | number }[] = await this.dataSource.query(
      `SELECT sequence FROM payout_outbox WHERE published_at < ${this.clock.offset(-retentionMs)} ORDER BY published_at LIMIT ${Math.floor(limit)}`,
    );
    if (!rows.length) return 0;
    const sequences = rows.map((r) => String(r.sequence));
    const result = await this.writes.write((m) => this.statements.run(m, `DELETE FROM payout_outbox WHERE sequence IN (${sequences.map(() => '?').join(', ')})`, sequences));
    return result.affected;
  }
}
