import { canonicalJson, isOurTradeNo, newTradeNo, sha256Hex, uuidv7, uuidv7Floor } from './identifiers';

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

describe(uuidv7.name, () => {
  it('is a version 7, RFC 4122 variant UUID whose first 48 bits are the milliseconds', () => {
    const ms = Date.UTC(2026, 11, 1, 12, 0, 0, 123);
    const id = uuidv7(ms);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });

  it('sorts by creation time, and two of one millisecond differ', () => {
    expect(uuidv7(1_000) < uuidv7(1_001)).toBe(true);
    expect(uuidv7(5_000)).not.toBe(uuidv7(5_000));
  });
});

describe(uuidv7Floor.name, () => {
  it('is the smallest id of its millisecond: at or below every id made then, above every id made before', () => {
    const ms = Date.UTC(2026, 11, 1);
    const floor = uuidv7Floor(ms);
    expect(floor).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-0000-0000-000000000000$/);
    expect(parseInt(floor.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
    for (let i = 0; i < 20; i++) {
      expect(uuidv7(ms) >= floor).toBe(true);
      expect(uuidv7(ms - 1) < floor).toBe(true);
    }
  });

  it('floors a fractional or negative time to a whole, non-negative millisecond', () => {
    expect(uuidv7Floor(1_000.9)).toBe(uuidv7Floor(1_000));
    expect(uuidv7Floor(-5)).toBe('00000000-0000-0000-0000-000000000000');
  });
});

describe(canonicalJson.name, () => {
  it('is the same text for equal values whatever their key order, at any depth', () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'z' } };
    const b = { a: { c: 'z', d: [1, { x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"z","d":[1,{"x":1,"y":2}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('leaves out undefined fields, keeps nulls, and keeps array order', () => {
    expect(canonicalJson({ a: undefined, b: null, c: [3, 1, 2] })).toBe('{"b":null,"c":[3,1,2]}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('x"y')).toBe('"x\\"y"');
  });
});

describe(sha256Hex.name, () => {
  it('is the hex SHA-256 of the UTF-8 text', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
