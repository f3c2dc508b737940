import { isHttpUrl } from '../core/http-io';

export type PayproVariant = 'bank' | 'mexico';

/** Required payout fields per variant (docs/gateways.md 1.3; sources 000 and 004 for bank accounts, 002 for Mexico). */
const REQUIRED_FIELDS: Readonly<Record<PayproVariant, readonly string[]>> = {
  bank: ['timestamp', 'tradeNo', 'amount', 'bankCode', 'bankAccountNo', 'customerName', 'mobile', 'email', 'notifyUrl'],
  mexico: ['timestamp', 'tradeNo', 'wayCode', 'amount', 'customerName', 'customerAccountType', 'customerAccount', 'notifyUrl'],
};

/** Mexico account formats (docs/gateways.md 1.3: https://docs.vexora.com/guide/areas/mexico/payout/). */
const MEXICO_ACCOUNT_DIGITS: Readonly<Record<string, number>> = { DebitCard: 16, CLABE: 18 };

/** The first problem with a payout request body, as the simulator words it; undefined when it is fine. */
export function payoutProblem(variant: PayproVariant, body: Record<string, unknown>): string | undefined {
  const missing = requiredProblem(body, REQUIRED_FIELDS[variant]);
  if (missing) return missing;
  for (const [key, value] of Object.entries(body)) {
    if (value !== null && typeof value === 'object') return `${key} must be a string`;
  }
  // Strings only: a JSON number such as 500.0 is signed differently by the Java side (docs/gateways.md 1.1).
  if (typeof body.amount !== 'string' || !/^[1-9]\d*$/.test(body.amount)) {
    return 'amount must be a string holding a whole number, e.g. "500" (decimals are not supported)';
  }
  if (!isHttpUrl(String(body.notifyUrl))) return 'notifyUrl must be an http(s) URL';
  if (variant === 'mexico') {
    const digits = MEXICO_ACCOUNT_DIGITS[String(body.customerAccountType)];
    if (digits === undefined) return 'customerAccountType must be DebitCard or CLABE';
    if (!new RegExp(`^\\d{${digits}}$`).test(String(body.customerAccount))) {
      return `customerAccount must be ${digits} digits for ${String(body.customerAccountType)}`;
    }
  }
  return undefined;
}

/** The first required field that is missing or empty, or a timestamp that is not an integer. */
export function requiredProblem(body: Record<string, unknown>, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const value = body[field];
    if (value === undefined || value === null || value === '') return `${field} is required`;
  }
  if (fields.includes('timestamp') && !/^\d+$/.test(String(body.timestamp))) return 'timestamp must be an integer (epoch ms)';
  return undefined;
}
