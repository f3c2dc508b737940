/**
 * Paypro reports `successTime` as local time `yyyy-MM-dd HH:mm:ss` without a zone (seed 003:
 * "Transaction success time (local time)"), so each channel needs the country's UTC offset.
 * Defaults cover the Paypro/Vexora countries whose clocks have no daylight saving time.
 */
export const DEFAULT_UTC_OFFSETS: Readonly<Record<string, string>> = {
  IDR: '+07:00', // Jakarta (WIB)
  MXN: '-06:00', // Mexico City, no DST since 2022
  NGN: '+01:00',
  PKR: '+05:00',
  PHP: '+08:00',
  VND: '+07:00',
  KES: '+03:00',
  BRL: '-03:00', // Brasília, no DST since 2019
  KRW: '+09:00',
  INR: '+05:30',
  MMK: '+06:30',
  THB: '+07:00',
  BDT: '+06:00',
};

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** "+07:00" → 420 minutes east of UTC; undefined when not a valid offset. */
export function parseUtcOffset(text: string): number | undefined {
  const m = OFFSET.exec(text);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** A `yyyy-MM-dd HH:mm:ss` wall-clock time at the given offset; undefined when malformed or not a real date. */
export function parseLocalTime(text: unknown, offsetMinutes: number): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const m = LOCAL_TIME.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  // Date.UTC rolls 2024-02-30 over into March; such a value is not a real time.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return new Date(wall - offsetMinutes * 60_000);
}
