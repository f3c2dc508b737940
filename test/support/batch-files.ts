import { BATCH_CSV_COLUMNS } from '../../src/payouts';

/** A sandbox-valid CSV row for paypro-idn (the name drives the simulator's outcome: FAIL fails). */
export function idrRow(reference: string, overrides: Partial<Record<(typeof BATCH_CSV_COLUMNS)[number], string>> = {}): string[] {
  const row: Record<string, string> = {
    merchantReference: reference, channel: 'paypro-idn', amount: '150000', currency: 'IDR', beneficiaryName: 'Budi Santoso', accountNumber: '1234567890',
    accountType: '', bankCode: '0001', cci: '', idType: '', idNumber: '', phone: '081234567890', email: 'budi@example.com', remark: '', ...overrides,
  };
  return BATCH_CSV_COLUMNS.map((c) => row[c]);
}

/** A CSV file: the documented header, then the rows (cells quoted when needed). */
export function csvFile(rows: string[][]): string {
  const cell = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return [BATCH_CSV_COLUMNS.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}

/** Parses the results CSV of a batch (no quoted line breaks in it), header first. */
export function resultRows(text: string): Record<string, string>[] {
  const lines = text.trim().split(/\r\n/).map(splitCsvLine);
  const [header, ...rows] = lines;
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') (cell += '"'), i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) cells.push(cell), (cell = '');
    else cell += c;
  }
  cells.push(cell);
  return cells;
}
