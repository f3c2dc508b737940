import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BatchRow } from '../batches/batch-rows';
import { CsvItem } from '../batches/batch-csv';
import { CreatePayoutInput } from '../lifecycle/payout-request';
import { CreatePayoutDto } from './create-payout.dto';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';
import { flattenValidationErrors } from './validation';

/** Each item checked by POST /payouts' own DTO rules (unknown fields refused), numbered from 1. */
export function rowsOf(items: (unknown | CsvItem)[], fromCsv: boolean): BatchRow[] {
  return items.map((entry, i) => {
    const row = i + 1;
    const csv = entry as CsvItem;
    if (fromCsv && csv.problem) return { row, merchantReference: null, problems: [csv.problem] };
    const item = fromCsv ? csv.item : entry;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return { row, merchantReference: null, problems: [{ field: 'item', problem: 'must be an object' }] };
    const reference = (item as { merchantReference?: unknown }).merchantReference;
    const merchantReference = typeof reference === 'string' ? reference.slice(0, 64) : null;
    // class-transformer and class-validator recurse per level: an item too deep is refused before them.
    if (nestsDeeperThan(item, MAX_JSON_DEPTH)) return { row, merchantReference, problems: [{ field: 'item', problem: `nests deeper than ${MAX_JSON_DEPTH} levels` }] };
    const dto = plainToInstance(CreatePayoutDto, item);
    const problems = flattenValidationErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
    return problems.length ? { row, merchantReference, problems } : { row, merchantReference, input: dto as CreatePayoutInput, problems };
  });
}
