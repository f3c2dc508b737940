import { isOurTradeNo, newTradeNo } from './identifiers';

describe(isOurTradeNo.name, () => {
  it('knows every trade number newTradeNo makes', () => {
    for (let i = 0; i < 200; i++) expect(isOurTradeNo(newTradeNo(new Date(Date.UTC(2024, 6, 1, 11, 34, i % 60))))).toBe(true);
  });

  it.each([
    ['a gateway doc number', '00000020'],
    ['a Paypro sample', 'rgB36f2n9AElhTeY'],
    ['a lowercase tail', '20240701113431k7q2m9xr4t8w'],
    ['an I, which the alphabet leaves out', '20240701113431K7Q2M9XR4T8I'],
    ['one character too many', '20240701113431K7Q2M9XR4T8WX'],
    ['a shifted field', '20240701113431K7Q2M9XR4T8Wsign=1'],
    ['a number', 20240701113431],
    ['nothing', undefined],
  ])('refuses %s', (_label, value) => {
    expect(isOurTradeNo(value)).toBe(false);
  });
});
