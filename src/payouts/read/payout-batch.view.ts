import { ApiProperty, ApiPropertyOptional } from '../openapi/swagger';
import { FieldProblem } from '../domain/errors';
import { PayoutStatus } from '../domain/payout-status';
import { formatMinor } from '../domain/money';
import { PayoutBatchEntity } from '../persistence/payout-batch.entity';
import { BatchGroup } from '../persistence/payout-batch.repository';
import { PayoutView } from './payout.view';

export class BatchProgressView {
  @ApiProperty({ example: 9_950, description: 'Items in a final state' })
  final: number;
  @ApiProperty({ example: 10_000 })
  total: number;
  @ApiProperty({ example: 99.5, description: 'final / total, in percent' })
  percent: number;
}

export class BatchTotalView {
  @ApiProperty({ example: 'IDR' })
  currency: string;
  @ApiProperty({ example: '1500000000', description: 'Every item, major units' })
  amount: string;
  @ApiProperty({ example: '1499850000', description: 'Items that succeeded' })
  succeeded: string;
  @ApiProperty({ example: '25000', description: 'Fees the gateways reported' })
  fees: string;
}

/** A batch in a list: what it holds and how far it got. */
export class BatchSummaryView {
  @ApiProperty({ example: '019a8c3e-5b1f-7c2a-9d4e-3f6a1b2c3d4e' })
  id: string;
  @ApiProperty({ example: 'payroll-2026-12' })
  batchReference: string;
  @ApiProperty({ example: 10_000, description: 'Payouts stored for this batch' })
  items: number;
  @ApiProperty({ example: 0, description: 'Rows whose payout existed already (same request): not stored again' })
  existing: number;
  @ApiProperty({ example: 0, description: 'Invalid rows left out (acceptValid)' })
  rejected: number;
  @ApiProperty({ example: 'payroll-bot' })
  createdBy: string;
  @ApiProperty({ example: '2026-12-01T09:30:15.123Z' })
  createdAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'When the last item reached a final state' })
  completedAt: string | null;
  @ApiProperty({ type: BatchProgressView })
  progress: BatchProgressView;
}

/** One batch: its items counted by status and totalled per currency. */
export class BatchView extends BatchSummaryView {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { SUCCEEDED: 9_940, FAILED: 10, PROCESSING: 50 } })
  counts: Partial<Record<PayoutStatus, number>>;
  @ApiProperty({ type: [BatchTotalView] })
  totals: BatchTotalView[];
}

export class BatchPageView {
  @ApiProperty({ type: [BatchSummaryView], description: 'Newest first' })
  items: BatchSummaryView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class BatchItemPageView {
  @ApiProperty({ type: [PayoutView], description: 'In file order' })
  items: PayoutView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class BatchRowProblemView {
  @ApiProperty({ example: 3, description: 'The item number: the first item, or the first line after the CSV header, is 1' })
  row: number;
  @ApiProperty({ type: String, nullable: true, example: 'payroll-2026-12-0003' })
  merchantReference: string | null;
  @ApiProperty({ example: [{ field: 'amount', problem: 'must be a positive decimal string such as "150.00"' }] })
  problems: FieldProblem[];
}

export class BatchExistingRowView {
  @ApiProperty({ example: 7 })
  row: number;
  @ApiProperty({ example: 'payroll-2026-12-0007' })
  merchantReference: string;
  @ApiProperty({ example: '019a8c3e-5b1f-7c2a-9d4e-3f6a1b2c3d4e', description: 'The payout created earlier with this reference' })
  payoutId: string;
}

/** The answer to POST /payouts/batches. */
export class BatchAcceptedView {
  @ApiProperty({ type: BatchView })
  batch: BatchView;
  @ApiProperty({ type: [BatchRowProblemView], description: 'Invalid rows left out (only with acceptValid)' })
  rejected: BatchRowProblemView[];
  @ApiProperty({ type: [BatchExistingRowView], description: 'Rows whose payout exists already: reported, never sent again' })
  existing: BatchExistingRowView[];
  @ApiPropertyOptional({ description: 'False when this was a replay of an earlier post of the same batch' })
  created: boolean;
}

export function toBatchSummary(b: PayoutBatchEntity, final: number): BatchSummaryView {
  const total = b.itemCount;
  return {
    id: b.id,
    batchReference: b.batchReference,
    items: b.itemCount,
    existing: b.existingCount,
    rejected: b.rejectedCount,
    createdBy: b.createdBy,
    createdAt: b.createdAt.toISOString(),
    completedAt: b.completedAt ? b.completedAt.toISOString() : null,
    progress: { final, total, percent: total ? Math.floor((final / total) * 1000) / 10 : 100 },
  };
}

/** Items by status. */
export function countsOf(groups: BatchGroup[]): Partial<Record<PayoutStatus, number>> {
  const counts: Partial<Record<PayoutStatus, number>> = {};
  for (const g of groups) counts[g.status] = (counts[g.status] ?? 0) + g.count;
  return counts;
}

/** Per currency, in major units: the batch's whole amount, what succeeded, and the fees charged. */
export function totalsOf(groups: BatchGroup[]): { currency: string; amount: string; succeeded: string; fees: string }[] {
  const by = new Map<string, { amount: number; succeeded: number; fees: number }>();
  for (const g of groups) {
    const t = by.get(g.currency) ?? { amount: 0, succeeded: 0, fees: 0 };
    t.amount += g.amountMinor;
    t.fees += g.feeMinor;
    if (g.status === PayoutStatus.SUCCEEDED) t.succeeded += g.amountMinor;
    by.set(g.currency, t);
  }
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => ({
    currency, amount: formatMinor(t.amount, currency), succeeded: formatMinor(t.succeeded, currency), fees: formatMinor(t.fees, currency),
  }));
}
