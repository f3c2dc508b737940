import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { PayoutStatus } from '../domain/payout-status';
import { PayoutAuditEntity } from '../approvals/approval.entities';
import { AuditEntry } from '../approvals/audit-entry';
import { DatabaseClock, databaseClock, isSqlite } from './database-clock';
import { isRetryableConflict, isUniqueViolation } from './database-errors';
import { EntityStatements, SqlValue } from './entity-statements';
import { PayoutAttemptEntity } from './payout-attempt.entity';
import { PayoutStatusChangedEvent } from '../events/payout-events';
import { PayoutOutboxEntity } from '../events/payout-outbox.entity';
import { PayoutWebhookEntity } from './payout-webhook.entity';
import { PayoutEntity } from './payout.entity';

export type PayoutPatch = Partial<
  Pick<
    PayoutEntity,
    | 'status' | 'providerReference' | 'fee' | 'failureCode' | 'failureMessage' | 'attention' | 'attentionReason'
    | 'attempts' | 'nextPollAt' | 'lastError' | 'completedAt' | 'lastSentAt' | 'holdReason' | 'fundsReserved'
  >
> & {
  /** Only ever cleared here: leases are taken with takeLease/claimDue on the database's clock. */
  leaseOwner?: null;
  leaseToken?: null;
  leaseExpiresAt?: null;
};

/** The lease fields cleared, in the same write as an answer (the create path and an approval give their lease back so). */
export const LEASE_RELEASED: PayoutPatch = { leaseOwner: null, leaseToken: null, leaseExpiresAt: null };

/** Who works a payout: the instance, and the token of this one claim (which fences its writes). */
export interface Lease {
  owner: string;
  token: string;
  /**
   * For a batch's claim: `performance.now()` taken before the claim was sent, plus the lease's
   * length. The database set the expiry later than that, so until then the lease surely holds.
   */
  heldUntil?: number;
}

/**
 * The statuses the poller works on. A CREATED row gets its next poll time at insert (creation
 * plus the grace period): if it is still CREATED then, the app died between saving and sending.
 */
export const DUE_STATUSES = [PayoutStatus.UNKNOWN, PayoutStatus.PROCESSING, PayoutStatus.CREATED];

export interface ClaimCriteria {
  lease: Lease;
  /** The time the poll schedule (next_poll_at) is read against. */
  now: Date;
  /** How long the claim holds, on the database's clock. */
  leaseMs: number;
  limit: number;
}

/** Rolls back an insert whose funds reservation found too little. */
class ShortOfFunds extends Error {}

/** One exchange with a gateway, as the attempts log stores it. */
export type AttemptRow = Omit<PayoutAttemptEntity, 'id' | 'createdAt'>;

/**
 * An exchange's record waiting for the state write its answer leads to: it is inserted in that
 * write's transaction (one commit for both), or on its own by whoever finds it still unwritten.
 */
export class PendingAttempt {
  written = false;
  constructor(readonly row: AttemptRow) {}
}

/** A send about to start: only while the payout is at `version` and its last send is `waitMs` old. */
export interface SendSlot {
  version: number;
  waitMs: number;
}

/**
 * Every query the module makes, named for its intent. All writes on SQLite are serialized:
 * better-sqlite3 has one connection, and an interleaved transaction would swallow other writes.
 */
@Injectable()
export class PayoutRepository {
  private readonly sqlite: boolean;
  private sqliteQueue: Promise<unknown> = Promise.resolve();
  private readonly payouts: EntityStatements<PayoutEntity>;
  private readonly attempts: EntityStatements<PayoutAttemptEntity>;
  private readonly webhooks: EntityStatements<PayoutWebhookEntity>;
  private readonly outbox: EntityStatements<PayoutOutboxEntity>;
  private readonly clock: DatabaseClock;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.sqlite = isSqlite(dataSource);
    this.clock = databaseClock(this.sqlite);
    this.payouts = new EntityStatements(dataSource, PayoutEntity);
    this.attempts = new EntityStatements(dataSource, PayoutAttemptEntity);
    this.webhooks = new EntityStatements(dataSource, PayoutWebhookEntity);
    this.outbox = new EntityStatements(dataSource, PayoutOutboxEntity);
  }

  /**
   * Inserts a new payout, leased to `lease` for `leaseMs` with its first send stamped as started
   * (the caller sends it next): 'duplicate' when its merchant reference (or trade number) already
   * exists. `reserve`, the payout's funds reservation, runs last in the same transaction (the
   * channel's funds row stays locked only until the commit); 'short' when it finds too little,
   * and then nothing is written.
   */
  async insertNew(payout: PayoutEntity, lease: Lease, leaseMs: number, audit?: AuditEntry, reserve?: (m: EntityManager) => Promise<boolean>): Promise<'inserted' | 'duplicate' | 'short'> {
    const row = {
      ...payout,
      leaseOwner: lease.owner,
      leaseToken: lease.token,
      leaseExpiresAt: new SqlValue(this.clock.offset(leaseMs)),
      lastSentAt: new SqlValue(this.clock.now),
    } as unknown as PayoutEntity;
    if (!reserve) return (await this.insertRow(row, payout.createdAt, audit)) ? 'inserted' : 'duplicate';
    try {
      await this.transaction(async (m) => {
        await this.payouts.insert(m, [row]);
        if (audit) await m.getRepository(PayoutAuditEntity).insert({ ...audit, createdAt: payout.createdAt });
        if (!(await reserve(m))) throw new ShortOfFunds();
      });
      return 'inserted';
    } catch (error) {
      if (error instanceof ShortOfFunds) return 'short';
      if (isUniqueViolation(error)) return 'duplicate';
      throw error;
    }
  }

  /**
   * Inserts a payout that is not about to be sent (one waiting for funds), as it is: no lease,
   * nothing stamped as sent; false when its merchant reference (or trade number) already exists.
   */
  insertWaiting(payout: PayoutEntity, audit?: AuditEntry): Promise<boolean> {
    return this.insertRow(payout, payout.createdAt, audit);
  }

  private async insertRow(row: PayoutEntity, createdAt: Date, audit?: AuditEntry): Promise<boolean> {
    try {
      if (!audit) await this.write((m) => this.payouts.insert(m, [row]));
      else await this.transaction(async (m) => {
        await this.payouts.insert(m, [row]);
        await m.getRepository(PayoutAuditEntity).insert({ ...audit, createdAt });
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  findById(id: string): Promise<PayoutEntity | null> {
    return this.payouts.findOne(this.dataSource.manager, 'id', id);
  }

  findByMerchantReference(merchantReference: string): Promise<PayoutEntity | null> {
    return this.payouts.findOne(this.dataSource.manager, 'merchantReference', merchantReference);
  }

  findByTradeNo(tradeNo: string): Promise<PayoutEntity | null> {
    return this.payouts.findOne(this.dataSource.manager, 'tradeNo', tradeNo);
  }

  /**
   * Applies a change if the row is still at `expectedVersion` (and, with `fence`, still leased to
   * that token), and writes its outbox events in the same transaction. False when another writer
   * got there first.
   */
  async applyChange(
    id: string, expectedVersion: number, patch: PayoutPatch, events: PayoutStatusChangedEvent[] = [], fence?: string, audit?: AuditEntry, attempt?: PendingAttempt,
  ): Promise<boolean> {
    const now = new Date();
    const match = fence === undefined ? { id, version: expectedVersion } : { id, version: expectedVersion, leaseToken: fence };
    return this.withAttempt(attempt, async (m) => {
      const result = await this.payouts.update(m, { ...patch, version: expectedVersion + 1, updatedAt: now }, match);
      if (!result.affected) return false;
      if (events.length) {
        const rows = events.map((e) => ({ eventId: e.eventId, payoutId: e.payoutId, toStatus: e.to, payload: e, createdAt: now, publishedAt: null }));
        await this.outbox.insert(m, rows);
      }
      if (audit) await m.getRepository(PayoutAuditEntity).insert({ ...audit, createdAt: now });
      return true;
    });
  }

  /**
   * Bookkeeping that must not bump the version (attempt counters, errors, poll times). With
   * `fence`, only while the payout is still leased to that token; false when it is not.
   */
  async touch(id: string, patch: PayoutPatch, fence?: string, audit?: AuditEntry, attempt?: PendingAttempt): Promise<boolean> {
    const match = fence === undefined ? { id } : { id, leaseToken: fence };
    if (!audit && !attempt) return (await this.write((m) => this.payouts.update(m, patch, match))).affected > 0;
    return this.withAttempt(attempt, async (m) => {
      if (!(await this.payouts.update(m, patch, match)).affected) return false;
      if (audit) await m.getRepository(PayoutAuditEntity).insert({ ...audit, createdAt: new Date() });
      return true;
    });
  }

  /**
   * Runs `work` in a transaction that also inserts `attempt`, if it is still unwritten, when
   * `work` wrote (returned true); marks it written once that transaction has committed.
   */
  private async withAttempt(attempt: PendingAttempt | undefined, work: (m: EntityManager) => Promise<boolean>): Promise<boolean> {
    const carried = attempt && !attempt.written ? attempt : undefined;
    const wrote = await this.transaction(async (m) => {
      if (!(await work(m))) return false;
      if (carried) await this.attempts.insert(m, [{ ...carried.row, createdAt: new Date() }]);
      return true;
    });
    if (wrote && carried) carried.written = true;
    return wrote;
  }

  /**
   * Takes or renews one payout's lease until the database's now + `leaseMs`: when it is free,
   * lapsed, or already this lease's. With `send`, it also stamps a send as started, and only
   * takes it while the payout is still at that version and its last send is old enough.
   * Right before a gateway call (a query only when the round's claim no longer covers it), so no
   * call outlives its lease.
   */
  async takeLease(id: string, lease: Lease, leaseMs: number, send?: SendSlot): Promise<boolean> {
    const c = this.clock;
    const col = (p: string) => this.payouts.name(p);
    let sql =
      `UPDATE ${this.payouts.table} SET ${col('leaseOwner')} = ?, ${col('leaseToken')} = ?, ${col('leaseExpiresAt')} = ${c.offset(leaseMs)}` +
      (send ? `, ${col('lastSentAt')} = ${c.now}` : '') +
      ` WHERE ${col('id')} = ? AND (${col('leaseToken')} = ? OR ${col('leaseExpiresAt')} IS NULL OR ${col('leaseExpiresAt')} < ${c.now})`;
    const params: unknown[] = [lease.owner, lease.token, id, lease.token];
    if (send) {
      sql += ` AND ${col('version')} = ? AND (${col('lastSentAt')} IS NULL OR ${col('lastSentAt')} <= ${c.offset(-send.waitMs)})`;
      params.push(send.version);
    }
    const result = await this.write((m) => this.payouts.run(m, sql, params));
    return result.affected > 0;
  }

  async recordAttempt(attempt: AttemptRow): Promise<void> {
    await this.write((m) => this.attempts.insert(m, [{ ...attempt, createdAt: new Date() }]));
  }

  /** Stores a pending attempt on its own, unless a state write already carried it. */
  async settleAttempt(attempt: PendingAttempt | undefined): Promise<void> {
    if (!attempt || attempt.written) return;
    await this.recordAttempt(attempt.row);
    attempt.written = true;
  }

  /** One delivery in the inbox, with its outcome. */
  async recordWebhook(row: Omit<PayoutWebhookEntity, 'id'>): Promise<void> {
    await this.write((m) => this.webhooks.insert(m, [row]));
  }

  /**
   * Claims up to `limit` due payouts for `lease` for `leaseMs`: rows of DUE_STATUSES whose next
   * poll time has come, served by the (status, next_poll_at) index, and whose lease has lapsed on
   * the database's clock. On MySQL/MariaDB the candidates are locked with SKIP LOCKED so
   * concurrent instances take disjoint batches; the conditional UPDATE on the lease keeps the
   * claim safe on every database. A payout's lease is renewed again before a gateway call the
   * claim no longer covers (Lease.heldUntil).
   */
  async claimDue(c: ClaimCriteria): Promise<PayoutEntity[]> {
    const leaseFree = () => new Brackets((w) => w.where('lease_expires_at IS NULL').orWhere(`lease_expires_at < ${this.clock.now}`));
    // READ COMMITTED on MySQL/MariaDB: the scan then takes no gap locks on the due index, which
    // creates inserting into it would deadlock with. The lease UPDATE's condition keeps it safe.
    const ids = await this.transaction(async (m) => {
      const candidates = (where: object) => {
        const qb = m
          .getRepository(PayoutEntity)
          .createQueryBuilder('p')
          .select(['p.id'])
          .where(where)
          .andWhere(leaseFree())
          .limit(c.limit);
        if (!this.sqlite) qb.setLock('pessimistic_write').setOnLocked('skip_locked');
        return qb;
      };
      // One range scan per status on (status, next_poll_at), in index order: the LIMIT stops the
      // scan early, so FOR UPDATE locks only the rows taken (an IN list would sort, and lock, them all).
      const found: string[] = [];
      for (const status of DUE_STATUSES) {
        if (found.length >= c.limit) break;
        const rows = await candidates({ status, nextPollAt: LessThanOrEqual(c.now) }).orderBy('p.nextPollAt', 'ASC').limit(c.limit - found.length).getMany();
        found.push(...rows.map((p) => p.id));
      }
      if (!found.length) return found;
      await m
        .createQueryBuilder()
        .update(PayoutEntity)
        .set({ leaseOwner: c.lease.owner, leaseToken: c.lease.token, leaseExpiresAt: () => this.clock.offset(c.leaseMs) })
        .where({ id: In(found) })
        .andWhere(leaseFree())
        .execute();
      return found;
    }, this.sqlite ? undefined : 'READ COMMITTED');
    if (!ids.length) return [];
    return this.dataSource.getRepository(PayoutEntity).find({ where: { id: In(ids), leaseToken: c.lease.token } });
  }

  /** Gives back one payout's lease, if it is still this one's. */
  async releaseLease(id: string, lease: Lease): Promise<void> {
    await this.write((m) => this.payouts.update(m, { leaseOwner: null, leaseToken: null, leaseExpiresAt: null }, { id, leaseToken: lease.token }));
  }

  /** Gives back every lease an instance holds (on shutdown). */
  async releaseAllLeases(owner: string): Promise<void> {
    await this.write((m) =>
      m.createQueryBuilder().update(PayoutEntity).set({ leaseOwner: null, leaseToken: null, leaseExpiresAt: null }).where('lease_owner = :owner', { owner }).execute(),
    );
  }

  /** Runs `work` in a transaction, again on a deadlock; serialized on SQLite. */
  transaction<T>(work: (m: EntityManager) => Promise<T>, isolation?: IsolationLevel): Promise<T> {
    return this.write(() => (isolation ? this.dataSource.transaction(isolation, work) : this.dataSource.transaction(work)));
  }

  /**
   * Every write, run again (up to 5 times) when the database picked it as a deadlock's victim or
   * its lock wait timed out: the statement or transaction was rolled back whole, so running it
   * again is safe. A single INSERT can deadlock too (with a claim's locks on the due index), and
   * would otherwise answer 500. Serialized on SQLite: every repository writes through this one
   * queue (the outbox's too), so that a transaction never swallows another flow's statements.
   */
  write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    const retried = async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await work(this.dataSource.manager);
        } catch (error) {
          if (attempt >= 5 || !isRetryableConflict(error)) throw error;
        }
      }
    };
    if (!this.sqlite) return retried();
    const run = this.sqliteQueue.then(retried);
    this.sqliteQueue = run.catch(() => undefined);
    return run;
  }
}
