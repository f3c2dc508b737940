import { Injectable } from '@nestjs/common';
import { ApprovalRepository } from '../approvals/approval.repository';
import { uuidv7Floor } from '../domain/identifiers';
import { ALL_STATUSES, PayoutStatus } from '../domain/payout-status';
import { PayoutStatusChangedEvent } from '../events/payout-events';
import { PayoutReader } from './payout-reader.service';
import { PayoutHistoryView, PayoutStatsView } from './payout-overview.view';
import { toPayoutView } from './payout.view';
import { PayoutReadRepository, StatusCount } from './payout-read.repository';

/** At most this many rows of each kind in one payout's history. */
const HISTORY_LIMIT = 200;
const HOUR_MS = 3_600_000;

/**
 * What operators look at: counts over a time window and one payout's full story. Counts read
 * primary-key ranges (ids are UUIDv7, so time-ordered); every history read has its own index.
 * Attempts and callbacks were masked when they were stored.
 */
@Injectable()
export class PayoutOverviewService {
  constructor(
    private readonly repo: PayoutReadRepository,
    private readonly payouts: PayoutReader,
    private readonly approvals: ApprovalRepository,
  ) {}

  async stats(hours: number, now: Date = new Date()): Promise<PayoutStatsView> {
    const bucketMs = (hours <= 48 ? 1 : hours <= 240 ? 6 : 24) * HOUR_MS;
    const end = Math.floor(now.getTime() / bucketMs) * bucketMs + bucketMs;
    const buckets = Math.ceil((hours * HOUR_MS) / bucketMs);
    const start = end - buckets * bucketMs;
    const totals = new Map<string, StatusCount>();
    const series: PayoutStatsView['series'] = [];
    for (let from = start; from < end; from += bucketMs) {
      const counts = Object.fromEntries(ALL_STATUSES.map((s) => [s, 0])) as Record<PayoutStatus, number>;
      for (const row of await this.repo.countByChannelAndStatus(uuidv7Floor(from), uuidv7Floor(from + bucketMs))) {
        counts[row.status] += row.count;
        const key = `${row.channel}\u0000${row.status}`;
        const total = totals.get(key) ?? { channel: row.channel, status: row.status, count: 0 };
        total.count += row.count;
        totals.set(key, total);
      }
      series.push({ from: new Date(from).toISOString(), counts });
    }
    const attention = (await this.repo.countAttention()).reduce((sum, c) => sum + c.count, 0);
    return {
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
      bucketMinutes: bucketMs / 60_000,
      totals: [...totals.values()].sort((a, b) => a.channel.localeCompare(b.channel) || a.status.localeCompare(b.status)),
      series,
      attention,
    };
  }

  async history(id: string): Promise<PayoutHistoryView> {
    const payout = await this.payouts.load(id);
    const [events, attempts, callbacks, request, decisions, audit] = await Promise.all([
      this.repo.eventsOf(id, HISTORY_LIMIT),
      this.repo.attemptsOf(id, HISTORY_LIMIT),
      this.repo.webhooksOf(payout.channel, payout.tradeNo, HISTORY_LIMIT),
      this.approvals.requestOf(id),
      this.approvals.decisionsOf(id),
      this.approvals.auditOf(id, HISTORY_LIMIT),
    ]);
    const by = (decision: string) => decisions.filter((d) => d.decision === decision).map((d) => d.principalId);
    return {
      payout: toPayoutView(payout),
      transitions: events.map((e) => {
        const event = e.payload as unknown as PayoutStatusChangedEvent;
        return { from: event.from, to: event.to, at: event.occurredAt };
      }),
      attempts: attempts.map((a) => ({
        at: a.createdAt.toISOString(),
        operation: a.operation,
        outcome: a.outcome,
        httpStatus: a.httpStatus,
        durationMs: a.durationMs,
        error: a.error,
        request: a.request,
        response: a.response,
      })),
      callbacks: callbacks.map((w) => ({
        receivedAt: w.receivedAt.toISOString(),
        outcome: w.outcome,
        detail: w.detail,
        signatureOk: w.signatureOk === 1,
        body: w.body,
      })),
      approval: request ? { required: request.required, createdBy: request.createdBy, approvedBy: by('approved'), rejectedBy: by('rejected') } : null,
      audit: audit.map((a) => ({ at: a.createdAt.toISOString(), action: a.action, principal: a.principalId, address: a.address, note: a.note })),
    };
  }
}
