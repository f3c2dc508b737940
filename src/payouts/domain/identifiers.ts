import { createHash, randomBytes, randomInt } from 'node:crypto';

/** UUIDv7: 48 bits of milliseconds then randomness, so ids sort by creation time. */
export function uuidv7(nowMs: number = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(nowMs, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const ALPHANUMERIC = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * The order number sent to the gateway: `yyyyMMddHHmmss` (UTC) + 12 random characters, 26 in all,
 * as Paypro recommends and within Cashy's string(32). Generated once per payout, never reused.
 */
export function newTradeNo(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  let tail = '';
  for (let i = 0; i < 12; i++) tail += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return stamp + tail;
}

const TRADE_NO = new RegExp(`^\\d{14}[${ALPHANUMERIC}]{12}$`);

/**
 * Whether a gateway's tradeNo / mchOrderNo has the shape of one `newTradeNo` makes. A callback
 * about any other shape is not about an order of ours, or its fields were shifted (issue 11).
 */
export function isOurTradeNo(value: unknown): value is string {
  return typeof value === 'string' && TRADE_NO.test(value);
}

/** JSON with object keys sorted, so that equal requests hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The smallest UUIDv7 of a millisecond: ids at or after `ms` compare >= it. */
export function uuidv7Floor(ms: number): string {
  const h = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-0000-0000-000000000000`;
}
