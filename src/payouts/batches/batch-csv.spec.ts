import { PayoutValidationError } from '../domain/errors';
import { BATCH_CSV_COLUMNS, csvItems, csvLine, parseCsv } from './batch-csv';

describe('batch CSV', () => {
  it('parses RFC 4180: quotes, doubled quotes, commas and line breaks inside quotes, CRLF, a BOM, blank lines', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, ""y""","line\nbreak"\n\n1,\n')).toEqual([['a', 'b'], ['x, "y"', 'line\nbreak'], ['1', '']]);
  });

  it('refuses a file that ends inside a quoted field', () => {
    expect(() => parseCsv('a\n"open')).toThrow(PayoutValidationError);
  });

  it('turns rows into items of the JSON shape, empty cells left out, beneficiary columns nested', () => {
    const header = 'currency,merchantReference,channel,amount,beneficiaryName,accountNumber,email';
    expect(csvItems(`${header}\nIDR,r-1,paypro-idn,150000,Budi,1234567890,\nIDR,r-2\n`)).toEqual([
      { item: { currency: 'IDR', merchantReference: 'r-1', channel: 'paypro-idn', amount: '150000', beneficiary: { name: 'Budi', accountNumber: '1234567890' } } },
      { problem: { field: 'row', problem: 'has 2 cells; the header has 7' } },
    ]);
  });

  it('refuses a header with unknown, missing or repeated columns, naming them', () => {
    try {
      csvItems('merchantReference,channel,channel,iban\n');
      throw new Error('accepted');
    } catch (error) {
      expect((error as PayoutValidationError).details.map((d) => d.problem)).toEqual([
        `has unknown columns iban; the columns are ${BATCH_CSV_COLUMNS.join(',')}`,
        'lacks the required columns amount, currency, beneficiaryName, accountNumber',
        'names channel more than once',
      ]);
    }
  });

  it('writes cells quoted when needed and never as a formula', () => {
    expect(csvLine(['plain', 'a,b', 'say "hi"', '=1+1', '+1', '-2', '@SUM(A1)', '\tx', null, undefined, '150.00'])).toBe(
      `plain,"a,b","say ""hi""",'=1+1,'+1,'-2,'@SUM(A1),'\tx,,,150.00`,
    );
  });
});
