import { FieldProblem } from '../../domain/errors';
import { currencyExponent } from '../../domain/money';
import { currencyProblem } from '../channel-config';
import { PayoutDraft } from '../payout-provider';

/**
 * Paypro's payout body differs per country (docs/gateways.md 1.3). A variant validates a draft
 * against its page's rules and maps the beneficiary onto that page's field names.
 */
export interface PayproVariant {
  readonly name: PayproVariantName;
  validate(draft: PayoutDraft): FieldProblem[];
  /** The beneficiary part of the payout body; optional fields without a value are left out. */
  beneficiaryFields(draft: PayoutDraft): Record<string, string>;
}

export type PayproVariantName = 'bank' | 'mexico';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\d{6,20}$/;
const DEBIT_CARD = /^\d{16}$/;
const CLABE = /^\d{18}$/;

/** Indonesia/Nigeria and Vexora Nigeria (docs/gateways.md, sources 000 and 004): every beneficiary field is marked required. */
const bank: PayproVariant = {
  name: 'bank',
  validate(draft) {
    const b = draft.beneficiary;
    const problems = amountProblems(draft);
    required(problems, 'beneficiary.name', b.name);
    required(problems, 'beneficiary.accountNumber', b.accountNumber);
    required(problems, 'beneficiary.bankCode', b.bankCode);
    if (required(problems, 'beneficiary.phone', b.phone)) phoneFormat(problems, b.phone);
    if (required(problems, 'beneficiary.email', b.email)) emailFormat(problems, b.email);
    return problems;
  },
  beneficiaryFields(draft) {
    const b = draft.beneficiary;
    return present({
      bankCode: b.bankCode,
      bankAccountNo: b.accountNumber,
      customerName: b.name,
      mobile: b.phone,
      email: b.email,
      remark: draft.remark,
    });
  },
};

/** Mexico (docs/gateways.md, source 002): wayCode, DebitCard (16 digits) or CLABE (18 digits); mobile, email and identity optional. */
const mexico: PayproVariant = {
  name: 'mexico',
  validate(draft) {
    const b = draft.beneficiary;
    const problems = amountProblems(draft);
    required(problems, 'beneficiary.name', b.name);
    required(problems, 'beneficiary.bankCode', b.bankCode);
    if (b.accountType !== 'debit_card' && b.accountType !== 'clabe') {
      problems.push({ field: 'beneficiary.accountType', problem: 'must be "clabe" or "debit_card" for this channel' });
    }
    if (required(problems, 'beneficiary.accountNumber', b.accountNumber)) {
      if (b.accountType === 'debit_card' && !DEBIT_CARD.test(b.accountNumber)) {
        problems.push({ field: 'beneficiary.accountNumber', problem: 'a debit card number must be exactly 16 digits' });
      }
      if (b.accountType === 'clabe') {
        if (!CLABE.test(b.accountNumber)) {
          problems.push({ field: 'beneficiary.accountNumber', problem: 'a CLABE must be exactly 18 digits' });
        } else if (!isValidClabe(b.accountNumber)) {
          problems.push({ field: 'beneficiary.accountNumber', problem: 'is not a valid CLABE (check digit mismatch)' });
        }
      }
    }
    if (b.phone) phoneFormat(problems, b.phone);
    if (b.email) emailFormat(problems, b.email);
    return problems;
  },
  beneficiaryFields(draft) {
    const b = draft.beneficiary;
    return present({
      wayCode: b.bankCode,
      customerAccountType: b.accountType === 'clabe' ? 'CLABE' : 'DebitCard',
      customerAccount: b.accountNumber,
      customerName: b.name,
      customerMobile: b.phone,
      customerEmail: b.email,
      identity: b.idNumber,
      remark: draft.remark,
    });
  },
};

export const PAYPRO_VARIANTS: Readonly<Record<PayproVariantName, PayproVariant>> = { bank, mexico };

export function isPayproVariant(name: unknown): name is PayproVariantName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(PAYPRO_VARIANTS, name);
}

/** The CLABE control digit: weights 3,7,1 over the first 17 digits, (10 - Σ(d·w mod 10) mod 10) mod 10. */
export function clabeCheckDigit(first17: string): number {
  const weights = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (Number(first17[i]) * weights[i % 3]) % 10;
  return (10 - (sum % 10)) % 10;
}

export function isValidClabe(clabe: string): boolean {
  return CLABE.test(clabe) && clabeCheckDigit(clabe) === Number(clabe[17]);
}

/**
 * The amount as Paypro wants it: whole units as a string ("50000"). docs/gateways.md source 000 says "decimals are
 * not recommended", source 002 "decimal point not supported", so fractions are refused up front.
 */
export function payproAmount(amountMinor: number, currency: string): string {
  const exponent = currencyExponent(currency) ?? 0;
  return (BigInt(amountMinor) / 10n ** BigInt(exponent)).toString();
}

function amountProblems(draft: PayoutDraft): FieldProblem[] {
  // Whole units are counted in the currency's exponent, so a currency without one is refused first.
  const currency = currencyProblem(draft.currency);
  if (currency) return [currency];
  const exponent = currencyExponent(draft.currency) as number;
  if (!Number.isSafeInteger(draft.amountMinor) || draft.amountMinor <= 0) {
    return [{ field: 'amount', problem: 'must be greater than zero' }];
  }
  if (draft.amountMinor % 10 ** exponent !== 0) {
    return [{ field: 'amount', problem: 'this channel only pays whole units (no decimals)' }];
  }
  return [];
}

function required(problems: FieldProblem[], field: string, value: string | undefined): value is string {
  if (value !== undefined && value.trim() !== '') return true;
  problems.push({ field, problem: 'is required for this channel' });
  return false;
}

function phoneFormat(problems: FieldProblem[], phone: string): void {
  if (!PHONE.test(phone)) problems.push({ field: 'beneficiary.phone', problem: 'must be 6 to 20 digits, without "+" or spaces' });
}

function emailFormat(problems: FieldProblem[], email: string): void {
  if (!EMAIL.test(email)) problems.push({ field: 'beneficiary.email', problem: 'is not an email address' });
}

/** Drops absent and empty values: Paypro must never see a null (it would sign the text "null"). */
function present(fields: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== '') out[key] = value;
  return out;
}
