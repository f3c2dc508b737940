import { PayoutDraft } from '../payout-provider';
import { PAYPRO_VARIANTS, clabeCheckDigit, isValidClabe, payproAmount } from './paypro.rules';

const { bank, mexico } = PAYPRO_VARIANTS;

/** docs/gateways.md, source 000: example, as a draft. */
const bankDraft: PayoutDraft = {
  amountMinor: 50_000,
  currency: 'IDR',
  remark: 'remark',
  beneficiary: {
    name: 'kevin',
    accountNumber: '123456789',
    bankCode: '0001',
    phone: '15875595997',
    email: 'kevin@gmail.com',
  },
};

/** docs/gateways.md, source 002: example, as a draft, with a real CLABE (Banxico's published example). */
const mexicoDraft: PayoutDraft = {
  amountMinor: 20_000,
  currency: 'MXN',
  remark: 'test',
  beneficiary: {
    name: 'kevin zhang',
    accountNumber: '032180000118359719',
    accountType: 'clabe',
    bankCode: 'BANXICO',
    phone: '18956325478',
    email: 'kevin_zhang@163.com',
    idNumber: '58452586558',
  },
};

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('bank variant (docs/gateways.md, sources 000 / 004)', () => {
  it('maps the beneficiary onto the documented field names', () => {
    expect(bank.beneficiaryFields(bankDraft)).toEqual({
      bankCode: '0001',
      bankAccountNo: '123456789',
      customerName: 'kevin',
      mobile: '15875595997',
      email: 'kevin@gmail.com',
      remark: 'remark',
    });
  });

  it('leaves out an absent remark rather than sending null or ""', () => {
    const mapped = bank.beneficiaryFields({ ...bankDraft, remark: undefined });
    expect(Object.keys(mapped)).not.toContain('remark');
    expect(Object.keys(bank.beneficiaryFields({ ...bankDraft, remark: '' }))).not.toContain('remark');
  });

  it('passes the seed example', () => {
    expect(bank.validate(bankDraft)).toEqual([]);
  });

  it.each([
    ['beneficiary.bankCode', { bankCode: undefined }],
    ['beneficiary.bankCode', { bankCode: '  ' }],
    ['beneficiary.phone', { phone: undefined }],
    ['beneficiary.phone', { phone: '+62 812 3456' }],
    ['beneficiary.email', { email: undefined }],
    ['beneficiary.email', { email: 'kevin-at-gmail' }],
    ['beneficiary.accountNumber', { accountNumber: '' }],
    ['beneficiary.name', { name: '' }],
  ])('reports %s for %j', (field, change) => {
    expect(fields(bank.validate({ ...bankDraft, beneficiary: { ...bankDraft.beneficiary, ...change } }))).toEqual([field]);
  });
});

describe('mexico variant (docs/gateways.md, source 002)', () => {
  it('maps the beneficiary onto the documented field names', () => {
    expect(mexico.beneficiaryFields({ ...mexicoDraft, beneficiary: { ...mexicoDraft.beneficiary, accountType: 'debit_card' } })).toEqual({
      wayCode: 'BANXICO',
      customerAccountType: 'DebitCard',
      customerAccount: '032180000118359719',
      customerName: 'kevin zhang',
      customerMobile: '18956325478',
      customerEmail: 'kevin_zhang@163.com',
      identity: '58452586558',
      remark: 'test',
    });
    expect(mexico.beneficiaryFields(mexicoDraft).customerAccountType).toBe('CLABE');
  });

  it('leaves out the optional mobile, email and identity when absent', () => {
    const { phone: _p, email: _e, idNumber: _i, ...required } = mexicoDraft.beneficiary;
    const draft = { ...mexicoDraft, beneficiary: required };
    expect(mexico.validate(draft)).toEqual([]);
    expect(Object.keys(mexico.beneficiaryFields(draft)).sort()).toEqual(
      ['customerAccount', 'customerAccountType', 'customerName', 'remark', 'wayCode'].sort(),
    );
  });

  it('passes a valid CLABE and a 16-digit debit card', () => {
    expect(mexico.validate(mexicoDraft)).toEqual([]);
    const card = { ...mexicoDraft.beneficiary, accountType: 'debit_card' as const, accountNumber: '4152313412345678' };
    expect(mexico.validate({ ...mexicoDraft, beneficiary: card })).toEqual([]);
  });

  it.each([
    ['beneficiary.accountNumber', { accountNumber: '03218000011835971' }],
    ['beneficiary.accountNumber', { accountNumber: '032180000118359718' }],
    ['beneficiary.accountNumber', { accountNumber: '03218000011835971X' }],
    ['beneficiary.accountNumber', { accountType: 'debit_card', accountNumber: '415231341234567' }],
    ['beneficiary.accountNumber', { accountType: 'debit_card', accountNumber: '032180000118359719' }],
    ['beneficiary.accountType', { accountType: undefined }],
    ['beneficiary.accountType', { accountType: 'savings' }],
    ['beneficiary.bankCode', { bankCode: undefined }],
    ['beneficiary.email', { email: 'nope' }],
    ['beneficiary.phone', { phone: '189-5632' }],
    ['beneficiary.name', { name: ' ' }],
  ])('reports %s for %j', (field, change) => {
    const draft = { ...mexicoDraft, beneficiary: { ...mexicoDraft.beneficiary, ...change } } as PayoutDraft;
    expect(fields(mexico.validate(draft))).toEqual([field]);
  });
});

describe('CLABE check digit', () => {
  it.each(['032180000118359719', '002010077777777771', '014027000000000008'])('accepts %s', (clabe) => {
    expect(isValidClabe(clabe)).toBe(true);
  });

  it.each(['032180000118359710', '012180001234567897', '0321800001183597199', '03218000011835971'])('rejects %s', (clabe) => {
    expect(isValidClabe(clabe)).toBe(false);
  });

  it('computes weights 3,7,1 modulo 10', () => {
    // Banxico's published example CLABE 032180000118359719 ends in 9.
    expect(clabeCheckDigit('03218000011835971')).toBe(9);
    expect(clabeCheckDigit('00000000000000000')).toBe(0);
  });
});

describe('amount', () => {
  it('sends whole units as a string', () => {
    expect(payproAmount(5_000_000, 'IDR')).toBe('50000');
    expect(payproAmount(20_000, 'MXN')).toBe('200');
    expect(payproAmount(1500, 'VND')).toBe('1500');
  });

  it.each([
    [bank, bankDraft],
    [mexico, mexicoDraft],
  ])('%#: refuses a fractional amount on amount', (variant, draft) => {
    expect(variant.validate({ ...draft, amountMinor: 50_050 })).toEqual([
      { field: 'amount', problem: 'this channel only pays whole units (no decimals)' },
    ]);
  });

  it('accepts any whole amount in a currency without minor units', () => {
    expect(bank.validate({ ...bankDraft, currency: 'VND', amountMinor: 50_001 })).toEqual([]);
  });

  it.each([0, -100, 1.5])('refuses amountMinor %p', (amountMinor) => {
    expect(fields(bank.validate({ ...bankDraft, amountMinor }))).toEqual(['amount']);
  });

  it('refuses an unknown currency', () => {
    expect(fields(bank.validate({ ...bankDraft, currency: 'XXX' }))).toEqual(['currency']);
  });
});
