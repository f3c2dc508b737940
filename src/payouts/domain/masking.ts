/**
 * Masking of personal data and secrets before anything is logged or stored for the record.
 * Account numbers, CCI, id numbers and contact details keep their last 4 characters;
 * signatures and keys are removed entirely.
 */
/** Field names that carry personal data, as our API and the gateways spell them. */
export const PERSONAL_FIELDS: readonly string[] = [
  'accountNo', 'accountNumber', 'bankAccountNo', 'bankNumber', 'customerAccount', 'cciAccountNo', 'cci',
  'idCard', 'idNumber', 'identity', 'mobile', 'phone', 'customerMobile', 'email', 'customerEmail',
];
/** Field names that carry signatures, keys and credentials. */
export const SECRET_FIELDS: readonly string[] = ['sign', 'secret', 'apiKey', 'api_key', 'key', 'password', 'x-api-key', 'authorization'];

const PERSONAL_KEYS = new Set(PERSONAL_FIELDS.map((k) => k.toLowerCase()));
const SECRET_KEYS = new Set(SECRET_FIELDS.map((k) => k.toLowerCase()));

export const REDACTED = '[redacted]';

/** "12345678901234" -> "**********1234". Short values are masked whole. */
export function maskTail(value: string): string {
  if (value.length <= 4) return '*'.repeat(value.length);
  return '*'.repeat(value.length - 4) + value.slice(-4);
}

/** A deep copy of `value` with personal fields masked and secret fields redacted. */
export function maskPersonalData<T>(value: T): T {
  return maskAny(value, undefined) as T;
}

function maskAny(value: unknown, key: string | undefined): unknown {
  if (key !== undefined) {
    const k = key.toLowerCase();
    if (SECRET_KEYS.has(k)) return REDACTED;
    if (PERSONAL_KEYS.has(k) && (typeof value === 'string' || typeof value === 'number')) return maskTail(String(value));
  }
  if (Array.isArray(value)) return value.map((v) => maskAny(v, undefined));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskAny(v, k);
    return out;
  }
  return value;
}

/**
 * A gateway's answer as it may be stored: personal fields masked by name, and the request's own
 * personal values (`personal`, longer than 4 characters) masked wherever else the answer quotes
 * them, in any string at any depth (a message, a description): a field name is not a promise.
 */
export function maskAnswer<T>(answer: T, personal: readonly (string | undefined)[]): T {
  return maskValues(maskPersonalData(answer), personal) as T;
}

/** The values among a request's fields that are personal (by field name), for maskAnswer. */
export function personalValues(request: Record<string, unknown>): string[] {
  return Object.entries(request)
    .filter(([k, v]) => PERSONAL_KEYS.has(k.toLowerCase()) && (typeof v === 'string' || typeof v === 'number'))
    .map(([, v]) => String(v));
}

/** `text` with every occurrence of each value longer than 4 characters masked to its last 4. */
export function maskValuesIn(text: string, values: readonly (string | undefined)[]): string {
  let out = text;
  for (const v of values) if (v && v.length > 4) out = out.split(v).join(maskTail(v));
  return out;
}

function maskValues(value: unknown, values: readonly (string | undefined)[]): unknown {
  if (!values.length) return value;
  if (typeof value === 'string') return maskValuesIn(value, values);
  if (Array.isArray(value)) return value.map((v) => maskValues(v, values));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskValues(v, values)]));
  }
  return value;
}

/** Removes every occurrence of the given secrets from a free text (error messages, raw bodies). */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  return out;
}

/** An error's message for a log line or a row, digit runs masked: a driver error may quote an account number. */
export function describeError(error: unknown): string {
  return maskDigitRuns(error instanceof Error ? error.message : String(error));
}

/** Masks every run of 6+ digits in free text (driver errors can quote account numbers). */
export function maskDigitRuns(text: string): string {
  return text.replace(/\d{6,}/g, (run) => maskTail(run));
}

/** "Budi Santoso" -> "B*** S******": enough to recognise, not enough to identify. */
export function maskName(name: string): string {
  return name.replace(/\S+/g, (word) => word[0] + '*'.repeat(Math.max(word.length - 1, 0)));
}

/** Keys that name a person (a beneficiary's or an account holder's), not a bank. */
function isPersonName(key: string): boolean {
  const k = key.toLowerCase();
  return k.endsWith('name') && !k.includes('bank');
}

/** A deep copy of `value` with person names masked (for callers who may not see them). */
export function maskNames<T>(value: T): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (key !== undefined && typeof v === 'string' && isPersonName(key)) return maskName(v);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]));
    }
    return v;
  };
  return walk(value) as T;
}

/** Person names masked in JSON text, even cut short (a stored excerpt): every `"…name": "…"` pair. */
export function maskNamesInText(text: string): string {
  return text.replace(/"(\w*)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g, (pair, key: string, colon: string, value: string) =>
    isPersonName(key) ? `"${key}"${colon}"${maskName(value)}"` : pair,
  );
}
