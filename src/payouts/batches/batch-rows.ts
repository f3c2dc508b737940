import { CompiledPolicy } from '../approvals/approval-policy';
import { BatchRowProblem, FieldProblem } from '../domain/errors';
import { checkPayoutRequest, CreatePayoutInput, requestHashOf } from '../lifecycle/payout-request';
import { ExistingPayout } from '../persistence/payout-batch.repository';
import { PayoutProviderRegistry } from '../providers/provider-registry';

/** One row as it came: its number, and either a request that passed the DTO rules or their problems. */
export interface BatchRow {
  row: number;
  merchantReference: string | null;
  input?: CreatePayoutInput;
  problems: FieldProblem[];
}

/** A row ready to be stored. */
export interface StorableRow {
  row: number;
  input: CreatePayoutInput;
  amountMinor: number;
  requestHash: string;
}

/** A row whose payout exists already with the same request: reported, never stored or sent again. */
export interface ExistingRow {
  row: number;
  merchantReference: string;
  payoutId: string;
}

export interface ClassifiedRows {
  storable: StorableRow[];
  existing: ExistingRow[];
  /** Rows of this very batch stored earlier (a replay after an interrupted store). */
  stored: number;
  invalid: BatchRowProblem[];
}

/**
 * Checks every row before anything is stored: the DTO's problems (given), the channel's rules
 * (the same check as a single create), the approval rule, duplicates within the file, and the
 * payouts that already exist under a row's merchant reference (same request: exists; other: a
 * conflict). `batchId`: rows already stored for this batch count as stored, not as existing.
 */
export async function classifyRows(
  rows: BatchRow[], registry: PayoutProviderRegistry, policies: Map<string, CompiledPolicy>,
  lookup: (merchantReferences: string[]) => Promise<ExistingPayout[]>, batchId?: string,
): Promise<ClassifiedRows> {
  const invalid: BatchRowProblem[] = [];
  const candidates: StorableRow[] = [];
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    const problems = [...r.problems];
    let checked: StorableRow | undefined;
    if (r.input && !problems.length) {
      const check = checkPayoutRequest(registry, r.input);
      if (check.problems) problems.push(...check.problems);
      else checked = { row: r.row, input: r.input, amountMinor: check.amountMinor, requestHash: requestHashOf(r.input, check.amountMinor) };
      if (policies.has(r.input.channel)) {
        // Maker-checker stays per payout: such payouts go through POST /payouts and their approvers.
        problems.push({ field: 'channel', problem: `has an approval policy; send payouts that may need approval one by one (POST /payouts)` });
      }
    }
    if (r.merchantReference !== null) {
      const first = firstRow.get(r.merchantReference);
      if (first !== undefined) problems.push({ field: 'merchantReference', problem: `duplicates row ${first}` });
      else firstRow.set(r.merchantReference, r.row);
    }
    if (problems.length) invalid.push({ row: r.row, merchantReference: r.merchantReference, problems });
    else if (checked) candidates.push(checked);
  }
  const found = new Map((await lookup(candidates.map((c) => c.input.merchantReference))).map((e) => [e.merchantReference, e]));
  const storable: StorableRow[] = [];
  const existing: ExistingRow[] = [];
  let stored = 0;
  for (const c of candidates) {
    const payout = found.get(c.input.merchantReference);
    if (!payout) storable.push(c);
    else if (payout.requestHash !== c.requestHash) invalid.push(conflictRow(c, payout.id));
    else if (batchId !== undefined && payout.batchId === batchId) stored++;
    else existing.push({ row: c.row, merchantReference: c.input.merchantReference, payoutId: payout.id });
  }
  invalid.sort((a, b) => a.row - b.row);
  return { storable, existing, stored, invalid };
}

export function conflictRow(row: StorableRow, payoutId: string): BatchRowProblem {
  return {
    row: row.row,
    merchantReference: row.input.merchantReference,
    problems: [{ field: 'merchantReference', problem: `is already used by payout ${payoutId} with a different request` }],
  };
}
