import { BadRequestException } from '@nestjs/common';
import { MAX_JSON_DEPTH, assertJsonDepth, nestsDeeperThan } from './json-depth';

const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

describe('nestsDeeperThan', () => {
  it.each<[unknown, number, boolean]>([
    [1, 0, false],
    [null, 0, false],
    [{}, 0, true],
    [{}, 1, false],
    [{ a: [1, { b: 'x' }] }, 3, false],
    [{ a: [1, { b: 'x' }] }, 2, true],
    [nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH, false],
    [nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH, true],
  ])('%j deeper than %d: %p', (value, max, deeper) => {
    expect(nestsDeeperThan(value, max)).toBe(deeper);
  });

  it('walks 30,000 levels without overflowing the stack', () => {
    expect(nestsDeeperThan(nested(30_000), MAX_JSON_DEPTH)).toBe(true);
    expect(() => assertJsonDepth(nested(30_000))).toThrow(BadRequestException);
  });
});
