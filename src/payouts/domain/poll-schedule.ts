import { isFinal, PayoutStatus } from './payout-status';

/** When and how long a payout without a final state is asked about. */
export interface PollSchedule {
  /** Delay before each successive poll of one payout; the last value repeats. */
  schedule: readonly number[];
  /** Past this age without a final state a payout is flagged for attention (never failed). */
  deadlineMs: number;
}

/** When to ask the gateway again after `attempts` calls, by the backoff schedule. */
export function nextPollAt(plan: PollSchedule, attempts: number, now: Date = new Date()): Date {
  const delay = plan.schedule[Math.min(Math.max(attempts - 1, 0), plan.schedule.length - 1)];
  return new Date(now.getTime() + delay);
}

/** What changes on a payout found past its deadline: polled at the slowest rate, flagged once. */
export interface OverdueFlag {
  nextPollAt?: Date;
  attention?: boolean;
  attentionReason?: string;
}

/** Past the deadline without a final state: flag for attention and poll at the slowest rate. Never failed. */
export function overdueFlag(
  payout: { status: PayoutStatus; createdAt: Date; attention: boolean },
  plan: PollSchedule,
  now: Date,
): OverdueFlag {
  if (isFinal(payout.status) || now.getTime() - payout.createdAt.getTime() <= plan.deadlineMs) return {};
  const flag: OverdueFlag = { nextPollAt: new Date(now.getTime() + plan.schedule[plan.schedule.length - 1]) };
  if (!payout.attention) {
    flag.attention = true;
    flag.attentionReason = 'no final state from the gateway before the deadline';
  }
  return flag;
}
