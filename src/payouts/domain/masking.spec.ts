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

  it('masks long digit runs in free text', () => {
    expect(maskDigitRuns("Duplicate entry '00219400254640654321' for key")).toBe("Duplicate entry '****************4321' for key");
  });
});
