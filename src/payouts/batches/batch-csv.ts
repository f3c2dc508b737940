import { FieldProblem, PayoutValidationError } from '../domain/errors';

/**
 * The CSV shape of a batch: one header row naming these columns (any order; the first six are
 * required), then one payout per row. Amounts are decimal strings in major units ("150000",
 * "150.00"); an empty cell is an absent field. `metadata` has no column: send JSON for it.
 */
export const BATCH_CSV_COLUMNS = [
  'merchantReference', 'channel', 'amount', 'currency', 'beneficiaryName', 'accountNumber',
  'accountType', 'bankCode', 'cci', 'idType', 'idNumber', 'phone', 'email', 'remark',
] as const;
const REQUIRED_COLUMNS = BATCH_CSV_COLUMNS.slice(0, 6);

/** Beneficiary columns and the field each fills. */
const BENEFICIARY_FIELDS: Record<string, string> = {
  beneficiaryName: 'name', accountNumber: 'accountNumber', accountType: 'accountType', bankCode: 'bankCode', cci: 'cci',
  idType: 'idType', idNumber: 'idNumber', phone: 'phone', email: 'email',
};

/** One CSV data row as an item of the JSON shape, or what keeps it from being one. */
export type CsvItem = { item: Record<string, unknown>; problem?: undefined } | { problem: FieldProblem; item?: undefined };

/** RFC 4180 records: quoted fields with "" escapes and line breaks, CRLF or LF; a leading BOM and blank lines are skipped. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    record.push(field);
    if (record.length > 1 || record[0] !== '') records.push(record);
    record = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += c;
  }
  if (quoted) throw new PayoutValidationError([{ field: 'csv', problem: 'ends inside a quoted field' }]);
  if (field !== '' || record.length) endRecord();
  return records;
}

/** The items of a CSV batch, in file order; a wrong header refuses the whole file (400). */
export function csvItems(text: string): CsvItem[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new PayoutValidationError([{ field: 'csv', problem: `is empty; the first row names the columns: ${BATCH_CSV_COLUMNS.join(',')}` }]);
  const names = header.map((h) => h.trim());
  const problems: FieldProblem[] = [];
  const unknown = names.filter((n) => !(BATCH_CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length) problems.push({ field: 'header', problem: `has unknown columns ${unknown.join(', ')}; the columns are ${BATCH_CSV_COLUMNS.join(',')}` });
  const missing = REQUIRED_COLUMNS.filter((n) => !names.includes(n));
  if (missing.length) problems.push({ field: 'header', problem: `lacks the required columns ${missing.join(', ')}` });
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length) problems.push({ field: 'header', problem: `names ${[...new Set(repeated)].join(', ')} more than once` });
  if (problems.length) throw new PayoutValidationError(problems);
  return rows.map((cells) => {
    if (cells.length !== names.length) return { problem: { field: 'row', problem: `has ${cells.length} cells; the header has ${names.length}` } };
    const item: Record<string, unknown> = {};
    const beneficiary: Record<string, string> = {};
    names.forEach((name, i) => {
      if (cells[i] === '') return;
      if (name in BENEFICIARY_FIELDS) beneficiary[BENEFICIARY_FIELDS[name]] = cells[i];
      else item[name] = cells[i];
    });
    item.beneficiary = beneficiary;
    return { item };
  });
}

/** The header row alone, and one example row per sandbox channel's shape, for GET /payouts/batches/template.csv. */
export function batchTemplateCsv(): string {
  const example = ['payroll-2026-12-0001', 'paypro-idn', '150000', 'IDR', 'Budi Santoso', '1234567890', '', '0001', '', '', '', '081234567890', 'budi@example.com', 'December salary'];
  return [csvLine([...BATCH_CSV_COLUMNS]), csvLine(example)].join('\r\n') + '\r\n';
}

/**
 * One CSV line. A cell is quoted when it holds a comma, quote or line break; a cell that a
 * spreadsheet would run as a formula (starting with = + - @, tab or carriage return) is prefixed
 * with a single quote, so a gateway's message can never execute in the reader's spreadsheet.
 */
export function csvLine(cells: (string | null | undefined)[]): string {
  return cells
    .map((cell) => {
      let text = cell ?? '';
      if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}
