import { maskDigitRuns, maskPersonalData, maskTail, REDACTED } from './masking';

describe('masking', () => {
  it('keeps only the last 4 characters', () => {
    expect(maskTail('00219400254640654321')).toBe('****************4321');
    expect(maskTail('123')).toBe('***');
  });

  it('masks personal fields and redacts secrets at any depth', () => {
    const masked = maskPersonalData({
      sign: 'abcdef0123',
      amount: '500',
      bankAccountNo: '123456789',
      nested: { cciAccountNo: '00219400254640654321', idCard: '12345678', name: 'Juan' },
      list: [{ customerAccount: '646180157000000004' }],
    });
    expect(masked).toEqual({
      sign: REDACTED,
      amount: '500',
      bankAccountNo: '*****6789',
      nested: { cciAccountNo: '****************4321', idCard: '****5678', name: 'Juan' },
      list: [{ customerAccount: '**************0004' }],
    });
  });

  it('masks every contact and id field as the API and each gateway spell it, whatever the case of the key', () => {
    const values = {
      email: 'juan.perez@example.com', customerEmail: 'kevin@gmail.com', phone: '987654321', mobile: '081234567890',
      customerMobile: '18956325478', identity: '58452586558', idNumber: '12345678', accountNumber: '1234567890',
      accountNo: '00219400254640654321', bankNumber: '09171234567', cci: '00219400254640654321',
    };
    const masked = maskPersonalData({ beneficiary: values, EMAIL: 'ana@example.com', Phone: '999888777' }) as Record<string, Record<string, string> | string>;
    for (const [field, value] of Object.entries(values)) {
      expect({ field, masked: (masked.beneficiary as Record<string, string>)[field] }).toEqual({ field, masked: maskTail(value) });
    }
    expect(masked).toMatchObject({ EMAIL: '***********.com', Phone: '*****8777' });
    // Nothing of an address survives but its last 4 characters.
    expect(JSON.stringify(masked)).not.toMatch(/juan|perez|kevin|ana@|example\.com|gmail/);
  });

  it('redacts every secret field, whatever the case of the key, and leaves other values alone', () => {
    const masked = maskPersonalData({ Sign: 'A6FC73F7', secret: 's', apiKey: 'k', API_KEY: 'k2', key: 'x', password: 'p', 'X-Api-Key': 'h', Authorization: 'Bearer t', name: 'Juan Perez', amount: 150 });
    expect(masked).toEqual({
      Sign: REDACTED, secret: REDACTED, apiKey: REDACTED, API_KEY: REDACTED, key: REDACTED, password: REDACTED,
      'X-Api-Key': REDACTED, Authorization: REDACTED, name: 'Juan Perez', amount: 150,
    });
  });

  it('masks long digit runs in free text', () => {
    expect(maskDigitRuns("Duplicate entry '00219400254640654321' for key")).toBe("Duplicate entry '****************4321' for key");
  });
});
