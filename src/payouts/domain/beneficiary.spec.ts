import { Beneficiary, beneficiaryKey } from './beneficiary';

const budi: Beneficiary = { name: 'Budi Santoso', accountNumber: '1234567890', bankCode: '014' };

describe(beneficiaryKey.name, () => {
  it('is a hex SHA-256 that names the account, whatever the name or spacing says', () => {
    const key = beneficiaryKey('paypro-idn', budi);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(beneficiaryKey('paypro-idn', { ...budi, name: 'B. Santoso', accountNumber: ' 1234567890 ', bankCode: ' 014 ' })).toBe(key);
    expect(beneficiaryKey('paypro-idn', { ...budi, cci: ' 00219400254640654321 ' })).toBe(beneficiaryKey('paypro-idn', { ...budi, cci: '00219400254640654321' }));
  });

  it('differs by channel, account number, bank code and CCI', () => {
    const key = beneficiaryKey('paypro-idn', budi);
    expect(beneficiaryKey('paypro-mex', budi)).not.toBe(key);
    expect(beneficiaryKey('paypro-idn', { ...budi, accountNumber: '1234567891' })).not.toBe(key);
    expect(beneficiaryKey('paypro-idn', { ...budi, bankCode: '008' })).not.toBe(key);
    expect(beneficiaryKey('paypro-idn', { ...budi, bankCode: undefined })).not.toBe(key);
    expect(beneficiaryKey('paypro-idn', { ...budi, cci: '00219400254640654321' })).not.toBe(key);
  });
});
