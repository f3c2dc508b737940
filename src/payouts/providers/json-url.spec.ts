import { asText, isHttpUrl, isJsonObject, parseJsonObject, quote, trimTrailingSlashes } from './json-url';

describe('parseJsonObject', () => {
  it('reads a JSON object', () => {
    expect(parseJsonObject('{"code":"0000","data":{"status":"0015"}}')).toEqual({ code: '0000', data: { status: '0015' } });
  });

  it.each(['<html>Bad gateway</html>', '{"code":', '', '[1,2]', 'null', '"0000"', '42'])('gives undefined for %p, which is no JSON object', (text) => {
    expect(parseJsonObject(text)).toBeUndefined();
  });
});

describe('isJsonObject', () => {
  it.each<[unknown, boolean]>([
    [{}, true],
    [null, false],
    [[], false],
    ['{}', false],
    [1, false],
  ])('%p: %p', (value, expected) => {
    expect(isJsonObject(value)).toBe(expected);
  });
});

describe('asText', () => {
  it.each<[unknown, string | undefined]>([
    ['0000', '0000'],
    [200, '200'],
    [0, '0'],
    [1.5, '1.5'],
    ['', undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [null, undefined],
    [undefined, undefined],
    [true, undefined],
    [{ code: 1 }, undefined],
    [['1'], undefined],
  ])('reads %p as %p', (value, expected) => {
    expect(asText(value)).toBe(expected);
  });
});

describe('quote', () => {
  it('quotes a value as JSON', () => {
    expect(quote('PAID')).toBe('"PAID"');
    expect(quote(undefined)).toBe('undefined');
    expect(quote({ a: 1 })).toBe('{"a":1}');
  });

  it('keeps 48 characters of JSON whole and cuts a longer one to 45 and an ellipsis', () => {
    const exact = 'x'.repeat(46); // 48 characters with its quotes
    expect(quote(exact)).toBe(`"${exact}"`);
    const longer = 'y'.repeat(47);
    expect(quote(longer)).toBe(`"${'y'.repeat(44)}...`);
    expect(quote(longer)).toHaveLength(48);
  });
});

describe('isHttpUrl', () => {
  it.each<[string, boolean]>([
    ['https://openapi-test.paypro.tech/indonesia-pay', true],
    ['http://127.0.0.1:4010', true],
    ['ftp://paypro.tech', false],
    ['openapi-test.paypro.tech', false],
    ['', false],
  ])('%p: %p', (text, expected) => {
    expect(isHttpUrl(text)).toBe(expected);
  });
});

describe('trimTrailingSlashes', () => {
  it('removes every trailing slash and nothing else', () => {
    expect(trimTrailingSlashes('https://api.example.com//')).toBe('https://api.example.com');
    expect(trimTrailingSlashes('https://gw.example/indonesia-pay/')).toBe('https://gw.example/indonesia-pay');
    expect(trimTrailingSlashes('https://gw.example/indonesia-pay')).toBe('https://gw.example/indonesia-pay');
  });
});
