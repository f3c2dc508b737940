import { REJECTED_BODY_EXCERPT_CHARS, RejectedCallbackLimiter, rejectedBodyExcerpt } from './rejected-callbacks';

describe('RejectedCallbackLimiter', () => {
  it('stores maxStored per channel per window, marks the first one past it, and starts again with the next window', () => {
    const limiter = new RejectedCallbackLimiter({ maxStored: 2, windowMs: 1_000 });
    expect([0, 1, 2, 3, 999].map((at) => limiter.admit('a', at))).toEqual(['store', 'store', 'first_dropped', 'dropped', 'dropped']);
    expect(limiter.admit('b', 999)).toBe('store');
    expect([1_000, 1_001, 1_002].map((at) => limiter.admit('a', at))).toEqual(['store', 'store', 'first_dropped']);
  });

  it('stores none with maxStored 0', () => {
    const limiter = new RejectedCallbackLimiter({ maxStored: 0, windowMs: 1_000 });
    expect([limiter.admit('a', 0), limiter.admit('a', 1)]).toEqual(['first_dropped', 'dropped']);
  });
});

describe('rejectedBodyExcerpt', () => {
  it('keeps a body that fits whole, and none when there is none', () => {
    expect(rejectedBodyExcerpt({ tradeNo: 'T1', status: '0000' })).toBe('{"tradeNo":"T1","status":"0000"}');
    expect(rejectedBodyExcerpt(undefined)).toBeNull();
  });

  it('cuts a large body to the bound, marked as cut', () => {
    const excerpt = rejectedBodyExcerpt({ remark: 'x'.repeat(60_000) }) as string;
    expect(excerpt).toHaveLength(REJECTED_BODY_EXCERPT_CHARS);
    expect(excerpt.startsWith('{"remark":"xxx')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
  });

  it('never ends on half a surrogate pair', () => {
    // '{"r":"' is 6 characters, so the pairs start at even offsets and the cut falls inside one.
    const excerpt = rejectedBodyExcerpt({ r: '😀'.repeat(2_000) }) as string;
    const last = excerpt.charCodeAt(excerpt.length - 2);
    expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
    expect(excerpt.length).toBeLessThanOrEqual(REJECTED_BODY_EXCERPT_CHARS);
  });
});
