import { decimalToMinor, formatMinor, parseMajorAmount } from './money';

describe('money', () => {
  it.each([
    ['150.00', 'IDR', 15000],
    ['50000', 'IDR', 5000000],
    ['10.5', 'PEN', 1050],
    ['0.01', 'MXN', 1],
    ['50000', 'VND', 50000],
    ['1.234', 'KWD', 1234],
    ['2', 'BHD', 2000],
  ])('parses %s %s to %d minor units', (value, currency, minor) => {
    expect(parseMajorAmount(value, currency)).toEqual({ minor });
  });

  it.each([
    ['1.5', 'VND', 'VND has no decimals'],
    ['1.001', 'IDR', 'IDR allows at most 2 decimals'],
    ['1.2345', 'KWD', 'KWD allows at most 3 decimals'],
    ['0', 'IDR', 'must be greater than zero'],
    ['0.00', 'IDR', 'must be greater than zero'],
    ['-1', 'IDR', 'must be a positive decimal string such as "150.00"'],
    ['1e5', 'IDR', 'must be a positive decimal string such as "150.00"'],
    ['01.00', 'IDR', 'must be a positive decimal string such as "150.00"'],
    ['99999999999999999999', 'IDR', 'is too large'],
  ])('refuses %s %s: %s', (value, currency, problem) => {
    expect(parseMajorAmount(value, currency)).toEqual({ problem: { field: 'amount', problem } });
  });

  it('refuses an unknown currency on the currency field', () => {
    expect(parseMajorAmount('1', 'XXX')).toEqual({ problem: { field: 'currency', problem: 'unsupported currency XXX' } });
  });

  it.each([
    [15000, 'IDR', '150.00'],
    [1, 'PEN', '0.01'],
    [50000, 'VND', '50000'],
    [1234, 'KWD', '1.234'],
    [-250, 'MXN', '-2.50'],
  ])('formats %d %s as %s', (minor, currency, text) => {
    expect(formatMinor(minor, currency)).toBe(text);
  });

  it.each([
    ['300.00', 'IDR', 30000],
    [100.0, 'PEN', 10000],
    [10.5, 'PEN', 1050],
    ['200', 'MXN', 20000],
    ['1.230', 'PEN', 123],
    ['1.234', 'PEN', undefined],
    ['abc', 'PEN', undefined],
    [null, 'PEN', undefined],
  ])('reads the gateway amount %p %s as %p minor units', (value, currency, minor) => {
    expect(decimalToMinor(value, currency)).toBe(minor);
  });
});
