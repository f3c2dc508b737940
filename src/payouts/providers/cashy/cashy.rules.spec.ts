import { Beneficiary } from '../../domain/beneficiary';
import { PayoutDraft } from '../payout-provider';
import { PERU_BANKS } from './cashy.banks';
import { checkPeruPayout } from './cashy.rules';

const LIMITS = { minMinor: 1000, maxMinor: 200000 };

/** A valid Interbank payout; each test changes one thing. */
const VALID: PayoutDraft = {
  amountMinor: 5000,
  currency: 'PEN',
  beneficiary: {
    name: 'Juan Perez',
    accountNumber: '1234567890123',
    accountType: 'savings',
    bankCode: '2',
    idType: 'DNI',
    idNumber: '12345678',
  },
};

function draft(beneficiary: Partial<Beneficiary> = {}, rest: Partial<PayoutDraft> = {}): PayoutDraft {
  return { ...VALID, ...rest, beneficiary: { ...VALID.beneficiary, ...beneficiary } };
}

function problemFields(d: PayoutDraft): string[] {
  const check = checkPeruPayout(d, LIMITS);
  return check.ok ? [] : check.problems.map((p) => p.field);
}

describe('checkPeruPayout', () => {
  it('passes a valid draft and maps it to Cashy codes', () => {
    const check = checkPeruPayout(VALID, LIMITS);
    expect(check).toEqual({
      ok: true,
      payee: {
        accountName: 'Juan Perez',
        accountNo: '1234567890123',
        accountType: 1,
        amount: '50.00',
        bankId: 2,
        cciAccountNo: undefined,
        currency: 'PEN',
        email: undefined,
        idCard: '12345678',
        idType: '1',
        phone: undefined,
        remark: 'payout',
      },
    });
  });

  it('currency must be PEN', () => {
    expect(problemFields(draft({}, { currency: 'USD' }))).toEqual(['currency']);
  });

  it.each([
    [999, ['amount']],
    [1000, []],
    [200000, []],
    [200001, ['amount']],
    [10.5, ['amount']],
  ])('amount %p minor units -> %p', (amountMinor, fields) => {
    expect(problemFields(draft({}, { amountMinor }))).toEqual(fields);
  });

  it('names the limits in the amount problem', () => {
    const check = checkPeruPayout(draft({}, { amountMinor: 1 }), LIMITS);
    expect(check.ok ? '' : check.problems[0].problem).toBe('must be between 10.00 and 2000.00 PEN');
  });

  it.each(['0', '15', '16', '29', 'BCP', '', undefined])('refuses bankCode %p', (bankCode) => {
    expect(problemFields(draft({ bankCode }))).toEqual(['beneficiary.bankCode']);
  });

  it('accepts every bank of the table when the CCI is given', () => {
    expect(PERU_BANKS.map((b) => b.code)).toEqual([...Array.from({ length: 14 }, (_, i) => `${i + 1}`), ...Array.from({ length: 12 }, (_, i) => `${i + 17}`)]);
    const accounts: Record<string, string> = { '1': '123456789012345678', '2': '1234567890123', '3': '12345678901234', '4': '1234567890' };
    for (const { code } of PERU_BANKS) {
      expect(problemFields(draft({ bankCode: code, accountNumber: accounts[code] ?? 'ANY', cci: '00219400254640654321' }))).toEqual([]);
    }
  });

  it('maps account types checking -> 0, savings -> 1 and refuses others or none', () => {
    const typeOf = (d: PayoutDraft) => {
      const c = checkPeruPayout(d, LIMITS);
      return c.ok ? c.payee.accountType : undefined;
    };
    expect(typeOf(draft({ accountType: 'checking' }))).toBe(0);
    expect(typeOf(draft({ accountType: 'savings' }))).toBe(1);
    expect(problemFields(draft({ accountType: 'clabe' }))).toEqual(['beneficiary.accountType']);
    expect(problemFields(draft({ accountType: undefined }))).toEqual(['beneficiary.accountType']);
  });

  it.each([
    ['DNI', '12345678', '1'],
    ['PASSPORT', 'A1234567', '2'],
    ['CE', '001234567', '3'],
    ['RUC', '20123456789', '4'],
  ] as const)('maps idType %s to "%s"', (idType, idNumber, code) => {
    const check = checkPeruPayout(draft({ idType, idNumber }), LIMITS);
    expect(check.ok && check.payee.idType).toBe(code);
  });

  it.each([
    ['DNI', '1234567'],
    ['DNI', '123456789'],
    ['DNI', '1234567A'],
    ['RUC', '2012345678'],
    ['RUC', '201234567890'],
    ['PASSPORT', ''],
    ['CE', '   '],
    ['PASSPORT', 'X'.repeat(33)],
  ] as const)('refuses idType %s with idNumber %p', (idType, idNumber) => {
    expect(problemFields(draft({ idType, idNumber }))).toEqual(['beneficiary.idNumber']);
  });

  it('requires idType and idNumber', () => {
    expect(problemFields(draft({ idType: undefined }))).toEqual(['beneficiary.idType']);
    expect(problemFields(draft({ idNumber: undefined }))).toEqual(['beneficiary.idNumber']);
  });

  it.each([
    ['1', 'savings', '123456789012345678', true],
    ['1', 'checking', '12345678901234567890', true],
    ['1', 'savings', '1234567890123456789', false],
    ['2', 'savings', '1234567890123', true],
    ['2', 'savings', '12345678901234', false],
    ['3', 'checking', '1234567890123', true],
    ['3', 'checking', '12345678901234', false],
    ['3', 'savings', '12345678901234', true],
    ['3', 'savings', '1234567890123', false],
    ['4', 'savings', '1234567890', true],
    ['4', 'savings', '123-4567890', false],
    ['4', 'savings', '12345678901', false],
  ] as const)('bank %s %s account number %p ok=%p', (bankCode, accountType, accountNumber, ok) => {
    expect(problemFields(draft({ bankCode, accountType, accountNumber }))).toEqual(ok ? [] : ['beneficiary.accountNumber']);
  });

  it('requires an account number', () => {
    expect(problemFields(draft({ bankCode: '5', accountNumber: '', cci: '00219400254640654321' }))).toEqual(['beneficiary.accountNumber']);
  });

  it('requires the 20-digit CCI for banks other than BBVA, Interbank, BCP and Scotiabank', () => {
    expect(problemFields(draft({ bankCode: '5', accountNumber: '00219400254640654321' }))).toEqual(['beneficiary.cci']);
    expect(problemFields(draft({ bankCode: '28', accountNumber: '123', cci: '00219400254640654321' }))).toEqual([]);
  });

  it('checks a given CCI is 20 digits, for any bank', () => {
    expect(problemFields(draft({ cci: '0021940025464065432' }))).toEqual(['beneficiary.cci']);
    expect(problemFields(draft({ bankCode: '5', cci: '0021940025464065432A' }))).toEqual(['beneficiary.cci']);
    expect(problemFields(draft({ cci: '00219400254640654321' }))).toEqual([]);
  });

  it('requires a name of at most 32 characters', () => {
    expect(problemFields(draft({ name: ' ' }))).toEqual(['beneficiary.name']);
    expect(problemFields(draft({ name: 'N'.repeat(33) }))).toEqual(['beneficiary.name']);
    expect(problemFields(draft({ name: 'Ñ'.repeat(32) }))).toEqual([]);
  });

  it('keeps phone, email and remark within string(32)', () => {
    expect(problemFields(draft({ phone: '9'.repeat(33), email: `${'a'.repeat(30)}@x.pe` }, { remark: 'r'.repeat(33) }))).toEqual([
      'beneficiary.phone',
      'beneficiary.email',
      'remark',
    ]);
    const check = checkPeruPayout(draft({ phone: '987654321', email: 'a@b.pe' }, { remark: 'r'.repeat(32) }), LIMITS);
    expect(check.ok && [check.payee.phone, check.payee.email, check.payee.remark]).toEqual(['987654321', 'a@b.pe', 'r'.repeat(32)]);
  });

  it('lists every problem at once', () => {
    expect(problemFields({ amountMinor: 0, currency: 'MXN', beneficiary: { name: '', accountNumber: '' } })).toEqual([
      'currency',
      'amount',
      'beneficiary.bankCode',
      'beneficiary.accountType',
      'beneficiary.idType',
      'beneficiary.idNumber',
      'beneficiary.accountNumber',
      'beneficiary.name',
    ]);
  });
});
