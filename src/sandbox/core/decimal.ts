/**
 * The simulators' own handling of two-decimal amounts ("10.00"), kept apart from the payouts
 * module's money code so that a mistake there is caught here rather than copied. Only string
 * work: no float arithmetic touches the digits.
 */

/** Integer digits we accept: with two decimals the cents stay far below Number.MAX_SAFE_INTEGER. */
const MAX_WHOLE_DIGITS = 13;

/**
 * A plain decimal amount (a string, surrounding whitespace ignored, or a finite JSON number) in
 * cents; undefined for anything else: a sign, an exponent, a comma, more than two significant
 * decimals ("1.005"; trailing zeros such as "1.500" are fine), or more than 13 integer digits.
 */
export function centsOf(value: unknown): number | undefined {
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else return undefined;

  const dot = text.indexOf('.');
  const whole = dot === -1 ? text : text.slice(0, dot);
  const fraction = dot === -1 ? '' : text.slice(dot + 1);
  if (!isDigits(whole) || (dot !== -1 && !isDigits(fraction))) return undefined;

  const cents = fraction.replace(/0+$/, '');
  if (cents.length > 2) return undefined;
  const significant = whole.replace(/^0+/, '');
  if (significant.length > MAX_WHOLE_DIGITS) return undefined;
  return Number(significant || '0') * 100 + Number(cents.padEnd(2, '0'));
}

/** Non-negative cents as the gateway writes a decimal(20,2): 1000 → "10.00", 5 → "0.05". */
export function centsToText(cents: number): string {
  const units = Math.trunc(cents / 100);
  const rest = cents - units * 100;
  return `${units}.${rest < 10 ? '0' : ''}${rest}`;
}

/** One or more ASCII digits. */
function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (const ch of text) if (ch < '0' || ch > '9') return false;
  return true;
}
