import { Inject, Injectable, Logger } from '@nestjs/common';
import { CompiledPolicy } from '../approvals/approval-policy';
import { ActionContext } from '../approvals/audit-entry';
import { BatchConflictError, BatchRowProblem, BatchTooLargeError, BatchValidationError, PayoutValidationError } from '../domain/errors';
import { canonicalJson, sha256Hex, uuidv7 } from '../domain/identifiers';
import { newPayout } from '../lifecycle/payout-request';
import { PayoutMetrics } from '../observability/payout-metrics';
import { PAYOUT_APPROVAL_POLICIES } from '../payouts.constants';
import { PayoutBatchEntity } from '../persistence/payout-batch.entity';
import { PayoutBatchRepository } from '../persistence/payout-batch.repository';
import { PayoutProviderRegistry } from '../providers/provider-registry';
import { BatchAcceptedView } from '../read/payout-batch.view';
import { PayoutBatchReader } from '../read/payout-batch-reader.service';
import { BatchRow, classifyRows, ClassifiedRows, conflictRow, ExistingRow, StorableRow } from './batch-rows';

/** The most items one batch may hold. */
export const MAX_BATCH_ITEMS = 10_000;

export interface BatchSubmission {
  batchReference: string;
  /** The items as sent (JSON items, or CSV rows in the JSON shape): what the content hash covers. */
  items: unknown[];
  /** The same items, each with its DTO problems or its request (host code with typed requests gives `problems: []`). */
  rows: BatchRow[];
  /** Store the valid rows and report the others, instead of refusing the whole batch. */
  acceptValid: boolean;
}

/**
 * Accepts batches: every row checked before anything is stored, then the rows stored in one pass
 * as CREATED payouts that were never sent and are due now, in file order. Sending is the poller's
 * (PayoutReconciler's never-sent branch), at each channel's rate; this never calls a gateway.
 */
@Injectable()
export class PayoutBatchService {
  private readonly logger = new Logger('Payouts');

  constructor(
    private readonly batches: PayoutBatchRepository,
    private readonly reader: PayoutBatchReader,
    private readonly registry: PayoutProviderRegistry,
    private readonly metrics: PayoutMetrics,
    @Inject(PAYOUT_APPROVAL_POLICIES) private readonly policies: Map<string, CompiledPolicy>,
  ) {}

  /**
   * A new batch (created), or the batch stored earlier under this reference with the same
   * content (a replay; it stores any row an interrupted first post did not). Throws
   * BatchValidationError (400) listing the invalid rows, BatchConflictError (409) for the same
   * reference with other content, BatchTooLargeError (413) past MAX_BATCH_ITEMS.
   */
  async accept(submission: BatchSubmission, by: ActionContext): Promise<BatchAcceptedView> {
    const { batchReference, rows } = submission;
    if (rows.length > MAX_BATCH_ITEMS) throw new BatchTooLargeError(`A batch holds at most ${MAX_BATCH_ITEMS.toLocaleString('en')} items; this one has ${rows.length.toLocaleString('en')}: split it`);
    if (!rows.length) throw new PayoutValidationError([{ field: 'items', problem: `must hold 1 to ${MAX_BATCH_ITEMS} items` }]);
    const contentHash = sha256Hex(canonicalJson(submission.items));
    const earlier = await this.batches.findByReference(batchReference);
    if (earlier) return this.replay(earlier, contentHash, rows);
    const classified = await this.classify(rows);
    const { storable, existing, invalid } = classified;
    if (invalid.length && !submission.acceptValid) {
      throw new BatchValidationError(`${invalid.length} of ${rows.length} rows are invalid; nothing was stored (?acceptValid=true stores the valid rows alone)`, invalid);
    }
    if (!storable.length) {
      const reported = [...invalid, ...existing.map((e) => existsProblem(e))].sort((a, b) => a.row - b.row);
      throw new BatchValidationError('No row of this batch is left to store: each is invalid or its payout exists already', reported);
    }
    const now = new Date();
    const batch: PayoutBatchEntity = Object.assign(new PayoutBatchEntity(), {
      id: uuidv7(now.getTime()), batchReference, contentHash, itemCount: storable.length, existingCount: existing.length, rejectedCount: invalid.length,
      createdBy: by.principal.id, createdAt: now, completedAt: null,
    });
    const audit = { payoutId: null, action: 'batch', principalId: by.principal.id, address: by.address ?? null, note: `${batch.id} ${batchReference}`.slice(0, 255) };
    if (!(await this.batches.insertBatch(batch, audit))) {
      // Another post of this reference won the race: answer as a replay of it.
      const winner = await this.batches.findByReference(batchReference);
      if (!winner) throw new Error(`Payout batch "${batchReference}" vanished during creation`);
      return this.replay(winner, contentHash, rows);
    }
    const { lost, conflicts } = await this.storeAndCount(batch, storable, now);
    this.logger.log({ msg: 'payout batch accepted', batchId: batch.id, batchReference, items: batch.itemCount, existing: batch.existingCount, rejected: batch.rejectedCount });
    return {
      batch: await this.reader.view(batch),
      rejected: [...invalid, ...conflicts].sort((a, b) => a.row - b.row),
      existing: [...existing, ...lost].sort((a, b) => a.row - b.row),
      created: true,
    };
  }

  private classify(rows: BatchRow[], batchId?: string): Promise<ClassifiedRows> {
    return classifyRows(rows, this.registry, this.policies, (refs) => this.batches.existing(refs), batchId);
  }

  /** The same reference again: other content is a conflict; the same content answers the stored batch. */
  private async replay(batch: PayoutBatchEntity, contentHash: string, rows: BatchRow[]): Promise<BatchAcceptedView> {
    if (batch.contentHash !== contentHash) throw new BatchConflictError(batch.batchReference, batch.id);
    const { storable, existing, invalid } = await this.classify(rows, batch.id);
    // Rows a first post did not get to store (it was cut short): stored now, still as this batch's.
    if (storable.length) await this.storeAndCount(batch, storable, new Date());
    return { batch: await this.reader.view(batch), rejected: invalid, existing, created: false };
  }

  /** Stores the rows; those single creates of the same references took meanwhile are theirs, not this batch's. */
  private async storeAndCount(batch: PayoutBatchEntity, rows: StorableRow[], now: Date): Promise<{ lost: ExistingRow[]; conflicts: BatchRowProblem[] }> {
    const result = await this.store(batch, rows, now);
    const { lost, conflicts } = result;
    if (lost.length || conflicts.length) {
      Object.assign(batch, {
        itemCount: batch.itemCount - lost.length - conflicts.length, existingCount: batch.existingCount + lost.length, rejectedCount: batch.rejectedCount + conflicts.length,
      });
      await this.batches.updateCounts(batch.id, { itemCount: batch.itemCount, existingCount: batch.existingCount, rejectedCount: batch.rejectedCount });
    }
    return result;
  }

  /**
   * Stores rows as never-sent CREATED payouts of `batch`, due now in file order (ids and poll
   * times one millisecond apart). Returns the rows a concurrent single create took first.
   */
  private async store(batch: PayoutBatchEntity, rows: StorableRow[], now: Date): Promise<{ lost: ExistingRow[]; conflicts: BatchRowProblem[] }> {
    const start = now.getTime() - rows.length;
    const payouts = rows.map((r, i) => {
      const at = start + i;
      return { ...newPayout(r.input, r.amountMinor, now, new Date(at), at), batchId: batch.id };
    });
    const refused = await this.batches.insertItems(payouts);
    const taken = new Set(refused);
    for (const p of payouts) if (!taken.has(p)) this.metrics.payoutCreated(p.channel);
    if (!refused.length) return { lost: [], conflicts: [] };
    const byRef = new Map(rows.map((r) => [r.input.merchantReference, r]));
    const found = await this.batches.existing(refused.map((p) => p.merchantReference));
    const lost: ExistingRow[] = [];
    const conflicts: BatchRowProblem[] = [];
    for (const e of found) {
      const row = byRef.get(e.merchantReference) as StorableRow;
      // Stored by a concurrent post of this same batch: this batch's own.
      if (e.batchId === batch.id) continue;
      if (e.requestHash === row.requestHash) lost.push({ row: row.row, merchantReference: e.merchantReference, payoutId: e.id });
      else conflicts.push(conflictRow(row, e.id));
    }
    return { lost, conflicts };
  }
}

function existsProblem(e: ExistingRow): BatchRowProblem {
  return { row: e.row, merchantReference: e.merchantReference, problems: [{ field: 'merchantReference', problem: `exists already (payout ${e.payoutId}, same request)` }] };
}
