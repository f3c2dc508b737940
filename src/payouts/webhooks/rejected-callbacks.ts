import { RejectedCallbackOptions } from '../payouts.options';

/**
 * The most of a refused callback's masked body the inbox keeps. Real callbacks (a few hundred
 * characters) fit whole; anyone can post to the endpoint, so a large forged body must not.
 */
export const REJECTED_BODY_EXCERPT_CHARS = 2_000;

/** A refused callback's masked body as the inbox stores it: its JSON, cut to REJECTED_BODY_EXCERPT_CHARS. */
export function rejectedBodyExcerpt(maskedBody: unknown): string | null {
  if (maskedBody === undefined) return null;
  const json = JSON.stringify(maskedBody);
  if (json.length <= REJECTED_BODY_EXCERPT_CHARS) return json;
  let end = REJECTED_BODY_EXCERPT_CHARS - 1;
  // Never half a surrogate pair: MySQL's utf8mb4 would refuse the row or store a replacement character.
  const last = json.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${json.slice(0, end)}…`;
}

export type RejectedCallbackAdmission = 'store' | 'first_dropped' | 'dropped';

/**
 * How many refused callbacks each channel may still record in the inbox, in fixed windows. Past
 * the limit they are answered and counted only, so a flood cannot fill the database. In memory,
 * per instance (n instances store at most n × maxStored per window), like the channel health.
 */
export class RejectedCallbackLimiter {
  private readonly windows = new Map<string, { startedAt: number; seen: number }>();

  constructor(readonly limits: RejectedCallbackOptions) {}

  /** Whether this refused callback is stored; `first_dropped` marks the first one past the limit in a window, for one log line. */
  admit(channel: string, now: number): RejectedCallbackAdmission {
    let window = this.windows.get(channel);
    if (!window || now - window.startedAt >= this.limits.windowMs) {
      window = { startedAt: now, seen: 0 };
      this.windows.set(channel, window);
    }
    window.seen += 1;
    if (window.seen <= this.limits.maxStored) return 'store';
    return window.seen === this.limits.maxStored + 1 ? 'first_dropped' : 'dropped';
  }
}
