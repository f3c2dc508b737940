import { centsOf, centsToText } from './decimal';

describe(centsOf.name, () => {
  it.each<[unknown, number | undefined]>([
    ['10.00', 1_000],
    ['10', 1_000],
    ['10.5', 1_050],
    ['10.500', 1_050],
    ['0.05', 5],
    ['010.00', 1_000],
    [' 10.00 ', 1_000],
    [10, 1_000],
    [10.5, 1_050],
    [2704.0, 270_400],
    ['1234567890123.99', 123_456_789_012_399],
    ['10.001', undefined],
    ['10.', undefined],
    ['.5', undefined],
    ['-10', undefined],
    ['+10', undefined],
    ['1e3', undefined],
    ['10,00', undefined],
    ['', undefined],
    ['12345678901234', undefined],
    [1e21, undefined],
    [0.1 + 0.2, undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [null, undefined],
    [undefined, undefined],
    [true, undefined],
  ])('%p -> %p', (value, cents) => {
    expect(centsOf(value)).toBe(cents);
  });
});

describe(centsToText.name, () => {
  it.each([
    [1_000, '10.00'],
    [1_050, '10.50'],
    [5, '0.05'],
    [0, '0.00'],
    [200_000, '2000.00'],
  ])('%p -> %p', (cents, text) => {
    expect(centsToText(cents)).toBe(text);
  });
});
