import { describeError, maskAnswer, maskDigitRuns, maskName, maskNames, maskNamesInText, maskPersonalData, maskTail, personalValues, REDACTED, scrubSecrets } from './masking';

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

describe('masking edge cases', () => {
  it('masks a value of exactly 4 characters whole, and one of 5 down to its last 4', () => {
    expect(maskTail('1234')).toBe('****');
    expect(maskTail('12345')).toBe('*2345');
  });

  it('masks a personal number given as a number, and leaves an absent one (null) as it is', () => {
    expect(maskPersonalData({ phone: 81234567890, email: null, cci: { unexpected: true } })).toEqual({ phone: '*******7890', email: null, cci: { unexpected: true } });
  });

  it('keeps dates as they are', () => {
    const at = new Date('2026-12-01T00:00:00Z');
    expect(maskPersonalData({ receivedAt: at }).receivedAt).toBe(at);
  });

  it('scrubs secrets of 4 characters or more from free text, every occurrence; shorter ones would shred it', () => {
    expect(scrubSecrets('key abcd in abcd-x, not abc', ['abcd', 'abc', undefined, ''])).toBe(`key ${REDACTED} in ${REDACTED}-x, not abc`);
  });

  it('describes an error by its message with digit runs masked, and anything else as text', () => {
    expect(describeError(new Error("Duplicate entry '1234567890' for key"))).toBe("Duplicate entry '******7890' for key");
    expect(describeError('account 12345 is fine, 1234567 is not')).toBe('account 12345 is fine, ***4567 is not');
  });
});

describe(maskName.name, () => {
  it.each([
    ['Budi Santoso', 'B*** S******'],
    ['A', 'A'],
    ['Ana  María', 'A**  M****'],
    ['', ''],
  ])('%p -> %p', (name, masked) => expect(maskName(name)).toBe(masked));
});

describe(maskNames.name, () => {
  it('masks every value under a key that names a person, at any depth, whatever the case; a bank’s name stays', () => {
    const at = new Date(0);
    const masked = maskNames({
      name: 'Budi Santoso',
      beneficiary: { holderName: 'Ana Perez', bankName: 'BANK CENTRAL ASIA', accountNumber: '1234' },
      rows: [{ NAME: 'Juan' }, 'Juan'],
      at,
      count: 3,
    });
    expect(masked).toEqual({
      name: 'B*** S******',
      beneficiary: { holderName: 'A** P****', bankName: 'BANK CENTRAL ASIA', accountNumber: '1234' },
      rows: [{ NAME: 'J***' }, 'Juan'],
      at,
      count: 3,
    });
    expect(masked.at).toBeInstanceOf(Date);
  });

  it('leaves a name that is not text alone', () => {
    expect(maskNames({ name: null, nickname: 7 })).toEqual({ name: null, nickname: 7 });
  });
});

describe(maskNamesInText.name, () => {
  it('masks each complete "…name": "…" pair of JSON text, even in an excerpt cut short', () => {
    const text = '{"name":"Budi Santoso","bankName":"BCA","beneficiaryName" : "Ana \\"La\\" Perez","note":"name","accountNo":"12';
    expect(maskNamesInText(text)).toBe('{"name":"B*** S******","bankName":"BCA","beneficiaryName" : "A** \\***** P****","note":"name","accountNo":"12');
  });
});

describe(maskAnswer.name, () => {
  it('masks personal fields by name and the request’s personal values anywhere else, at any depth', () => {
    const answer = { msg: 'paid 1234567890 for kevin@gmail.com', data: [{ note: 'acct 1234567890' }], accountNo: '1234567890', at: 7 };
    expect(maskAnswer(answer, ['1234567890', 'kevin@gmail.com', '123', undefined])).toEqual({
      msg: 'paid ******7890 for ***********.com',
      data: [{ note: 'acct ******7890' }],
      accountNo: '******7890',
      at: 7,
    });
  });

  it('reads the personal values of a request by their field names', () => {
    expect(personalValues({ accountNo: '1234567890', phone: 81234567, amount: '10.00', name: 'Budi', nested: { email: 'x@y.z' } })).toEqual(['1234567890', '81234567']);
  });
});
