import { PayoutStatus } from './payout-status';
import { nextPollAt, overdueFlag, PollSchedule } from './poll-schedule';

const plan: PollSchedule = { schedule: [30_000, 60_000, 300_000], deadlineMs: 72 * 3_600_000 };
const now = new Date('2026-12-01T00:00:00.000Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe(nextPollAt.name, () => {
  it.each([
    [0, 30_000],
    [1, 30_000],
    [2, 60_000],
    [3, 300_000],
    [40, 300_000],
  ])('after %p calls, waits %p ms (the last delay repeats)', (attempts, delay) => {
    expect(nextPollAt(plan, attempts, now)).toEqual(at(delay));
  });

  it('counts from the current time by default', () => {
    const before = Date.now();
    const next = nextPollAt(plan, 1).getTime();
    expect(next).toBeGreaterThanOrEqual(before + 30_000);
    expect(next).toBeLessThanOrEqual(Date.now() + 30_000);
  });
});

describe(overdueFlag.name, () => {
  const payout = (status: PayoutStatus, ageMs: number, attention = false) => ({ status, createdAt: at(-ageMs), attention });

  it('changes nothing up to the deadline', () => {
    expect(overdueFlag(payout(PayoutStatus.PROCESSING, plan.deadlineMs), plan, now)).toEqual({});
  });

  it('changes nothing on a final payout, however old', () => {
    expect(overdueFlag(payout(PayoutStatus.SUCCEEDED, 10 * plan.deadlineMs), plan, now)).toEqual({});
  });

  it('past the deadline: polled at the slowest rate and flagged for attention, never failed', () => {
    expect(overdueFlag(payout(PayoutStatus.UNKNOWN, plan.deadlineMs + 1), plan, now)).toEqual({
      nextPollAt: at(300_000),
      attention: true,
      attentionReason: 'no final state from the gateway before the deadline',
    });
  });

  it('flags a payout once: one already flagged keeps its reason', () => {
    expect(overdueFlag(payout(PayoutStatus.PROCESSING, plan.deadlineMs + 1, true), plan, now)).toEqual({ nextPollAt: at(300_000) });
  });
});
