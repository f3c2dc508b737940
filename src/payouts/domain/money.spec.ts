import { decimalToMinor, formatMinor, parseMajorAmount, readGatewayDecimal } from './money';

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
    ['-5.00', 'PEN', undefined],
    ['99999999999999999999.00', 'PEN', undefined],
  ])('reads the gateway amount %p %s as %p minor units', (value, currency, minor) => {
    expect(decimalToMinor(value, currency)).toBe(minor);
  });

  describe('readGatewayDecimal', () => {
    it.each([undefined, null, ''])('says %p is absent', (value) => {
      expect(readGatewayDecimal(value, 'PEN')).toEqual({ kind: 'absent' });
    });

    it.each([
      ['10.50', 1050],
      [' 7 ', 700],
      [10.5, 1050],
      [0, 0],
      ['0.00', 0],
      ['90071992547409.91', 9007199254740991],
    ])('reads %p as %p minor units', (value, minor) => {
      expect(readGatewayDecimal(value, 'PEN')).toEqual({ kind: 'value', minor });
    });

    // JSON.parse turns a number literal too large for a double into Infinity.
    const parsedHuge: unknown = JSON.parse('{"fee":1e400}').fee;
    it.each<[string, unknown, string]>([
      ['a negative string', '-5.00', 'is negative'],
      ['a negative number', -5, 'is negative'],
      ['an exponent string', '1e400', 'is not a decimal number'],
      ['a JSON number beyond a double', parsedHuge, 'is not a decimal number'],
      ['a number printed with an exponent', 1e21, 'is not a decimal number'],
      ['an unsafe integer of minor units', '99999999999999999999.00', 'is too large'],
      ['an unsafe integer given as a number', 1e20, 'is too large'],
      ['one minor unit past the safe range', '90071992547409.92', 'is too large'],
      ['too many decimals', '1.234', 'has more decimals than PEN allows'],
      ['words', 'abc', 'is not a decimal number'],
      ['a boolean', true, 'is not a decimal number'],
      ['an object', { value: 1 }, 'is not a decimal number'],
    ])('refuses %s as malformed', (_name, value, problem) => {
      expect(readGatewayDecimal(value, 'PEN')).toEqual({ kind: 'malformed', problem });
    });
  });
});
