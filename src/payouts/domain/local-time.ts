const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const UTC_OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** "+08:00" / "-05:00" to minutes east of UTC; undefined when not a real offset. */
export function parseUtcOffset(offset: string): number | undefined {
  const m = UTC_OFFSET.exec(offset);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Gateways report times as `yyyy-MM-dd HH:mm:ss` wall-clock time in the country's zone, with no
 * offset in the value (Paypro `successTime`, Cashy `completionTime`), so each channel carries its
 * UTC offset. Undefined for anything else (null before completion, malformed, impossible dates).
 */
export function parseLocalTime(value: unknown, offsetMinutes: number): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const m = LOCAL_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls over out-of-range parts (Feb 30 -> Mar 2) and reads years 0-99 as 1900-1999:
  // a real date reads back as it was written.
  if (wall.toISOString().slice(0, 19) !== text.replace(' ', 'T')) return undefined;
  return new Date(wall.getTime() - offsetMinutes * 60_000);
}
