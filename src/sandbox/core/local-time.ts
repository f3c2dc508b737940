/** "+07:00" / "-05:00" to minutes east of UTC; undefined when malformed. */
export function parseUtcOffset(text: string): number | undefined {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (minutes > 14 * 60 || Number(m[3]) > 59) return undefined;
  return m[1] === '-' ? -minutes : minutes;
}

/** The gateways' local wall-clock format, `yyyy-MM-dd HH:mm:ss`, at a fixed UTC offset. */
export function formatLocalTime(epochMs: number, offsetMinutes: number): string {
  const d = new Date(epochMs + offsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}
