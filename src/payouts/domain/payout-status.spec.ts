import { ALL_STATUSES, canTransition, isFinal, isUnsent, PayoutStatus as S } from './payout-status';

// The expected moves, written out independently of TRANSITIONS so that a change to the table
// must be made in both places on purpose.
const ALLOWED: [S, S][] = [
  [S.PENDING_APPROVAL, S.CREATED], [S.PENDING_APPROVAL, S.QUEUED], [S.PENDING_APPROVAL, S.CANCELLED],
  [S.QUEUED, S.CREATED], [S.QUEUED, S.CANCELLED], [S.CREATED, S.QUEUED],
  [S.CREATED, S.PROCESSING], [S.CREATED, S.UNKNOWN], [S.CREATED, S.SUCCEEDED], [S.CREATED, S.FAILED], [S.CREATED, S.CANCELLED], [S.CREATED, S.REVERSED],
  [S.UNKNOWN, S.PROCESSING], [S.UNKNOWN, S.SUCCEEDED], [S.UNKNOWN, S.FAILED], [S.UNKNOWN, S.CANCELLED], [S.UNKNOWN, S.REVERSED],
  [S.PROCESSING, S.SUCCEEDED], [S.PROCESSING, S.FAILED], [S.PROCESSING, S.CANCELLED], [S.PROCESSING, S.REVERSED],
  [S.SUCCEEDED, S.REVERSED],
];
const key = (from: S, to: S) => `${from}->${to}`;
const allowed = new Set(ALLOWED.map(([f, t]) => key(f, t)));
const pairs = ALL_STATUSES.flatMap((from) => ALL_STATUSES.map((to) => [from, to] as [S, S]));

describe('payout state machine', () => {
  it.each(pairs.filter(([f, t]) => allowed.has(key(f, t))))('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each(pairs.filter(([f, t]) => !allowed.has(key(f, t))))('forbids %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('covers all 81 pairs', () => {
    expect(pairs).toHaveLength(81);
  });

  it('lets nothing leave FAILED, CANCELLED or REVERSED, and SUCCEEDED only by a return', () => {
    for (const to of ALL_STATUSES) {
      expect(canTransition(S.FAILED, to)).toBe(false);
      expect(canTransition(S.CANCELLED, to)).toBe(false);
      expect(canTransition(S.REVERSED, to)).toBe(false);
      expect(canTransition(S.SUCCEEDED, to)).toBe(to === S.REVERSED);
    }
  });

  it('counts only the states before any send as unsent', () => {
    expect(ALL_STATUSES.filter(isUnsent).sort()).toEqual([S.PENDING_APPROVAL, S.QUEUED].sort());
  });

  it('treats only definite gateway answers as final', () => {
    expect(ALL_STATUSES.filter(isFinal).sort()).toEqual([S.CANCELLED, S.FAILED, S.REVERSED, S.SUCCEEDED].sort());
  });
});
