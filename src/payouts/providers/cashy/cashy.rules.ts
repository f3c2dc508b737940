import { AccountType, IdType } from '../../domain/beneficiary';
import { FieldProblem } from '../../domain/errors';
import { formatMinor } from '../../domain/money';
import { PayoutDraft } from '../payout-provider';
import { BBVA_BANK_ID, BCP_BANK_ID, INTERBANK_BANK_ID, isPeruBankId, SCOTIABANK_BANK_ID } from './cashy.banks';

export const PERU_CURRENCY = 'PEN';

/** Peru appendix "Payout Account Type": 0 Corriente, 1 Ahorro. */
const ACCOUNT_TYPES: Partial<Record<AccountType, 0 | 1>> = { checking: 0, savings: 1 };

/** Peru appendix "Payout Payee ID Type". Only DNI and RUC have a fixed length; the others are "usually" a range. */
const ID_TYPES: Record<IdType, { code: '1' | '2' | '3' | '4'; digits?: number }> = {
  DNI: { code: '1', digits: 8 },
  PASSPORT: { code: '2' },
  CE: { code: '3' },
  RUC: { code: '4', digits: 11 },
};

/** string(32) in the payOut field table. */
const MAX_TEXT = 32;
const CCI_DIGITS = 20;

/** The amount range a channel accepts, in minor units of PEN. */
export interface AmountLimits {
  minMinor: number;
  maxMinor: number;
}

/** A draft turned into Cashy's payOut fields, everything except the per-request ones. */
export interface PeruPayee {
  accountName: string;
  accountNo: string;
  accountType: 0 | 1;
  amount: string;
  bankId: number;
  cciAccountNo?: string;
  currency: string;
  email?: string;
  idCard: string;
  idType: '1' | '2' | '3' | '4';
  phone?: string;
  remark: string;
}

/** The remark is required by Cashy; this is what goes out when the merchant gave none. */
export const DEFAULT_REMARK = 'payout';

export type PeruPayoutCheck = { ok: true; payee: PeruPayee } | { ok: false; problems: FieldProblem[] };

/** Checks a draft against the Peru rules and, when it passes, maps it to Cashy's codes. */
export function checkPeruPayout(draft: PayoutDraft, limits: AmountLimits): PeruPayoutCheck {
  const problems: FieldProblem[] = [];
  const problem = (field: string, text: string) => problems.push({ field, problem: text });
  const b = draft.beneficiary;

  if (draft.currency !== PERU_CURRENCY) problem('currency', `must be ${PERU_CURRENCY}`);
  if (!Number.isSafeInteger(draft.amountMinor) || draft.amountMinor < limits.minMinor || draft.amountMinor > limits.maxMinor) {
    problem(
      'amount',
      `must be between ${formatMinor(limits.minMinor, PERU_CURRENCY)} and ${formatMinor(limits.maxMinor, PERU_CURRENCY)} ${PERU_CURRENCY}`,
    );
  }

  const bankId = b.bankCode ?? '';
  if (!isPeruBankId(bankId)) problem('beneficiary.bankCode', 'must be a Cashy Peru bankId (1-14, 17-28)');

  const accountType = b.accountType === undefined ? undefined : ACCOUNT_TYPES[b.accountType];
  if (b.accountType === undefined) problem('beneficiary.accountType', 'is required (checking or savings)');
  else if (accountType === undefined) problem('beneficiary.accountType', 'must be checking or savings');

  const idType = b.idType === undefined ? undefined : ID_TYPES[b.idType];
  if (idType === undefined) problem('beneficiary.idType', 'is required (DNI, PASSPORT, CE or RUC)');
  const idNumber = b.idNumber ?? '';
  if (idNumber.trim() === '') problem('beneficiary.idNumber', 'is required');
  else if (idType?.digits !== undefined && !digitsOf(idNumber, [idType.digits])) {
    problem('beneficiary.idNumber', `must be exactly ${idType.digits} digits for ${b.idType}`);
  } else if (tooLong(idNumber)) problem('beneficiary.idNumber', `must be at most ${MAX_TEXT} characters`);

  const lengths = accountNumberLengths(bankId, accountType);
  if (b.accountNumber.trim() === '') problem('beneficiary.accountNumber', 'is required');
  else if (lengths && !digitsOf(b.accountNumber, lengths)) {
    problem('beneficiary.accountNumber', `must be ${lengths.join(' or ')} digits for this bank`);
  } else if (tooLong(b.accountNumber)) problem('beneficiary.accountNumber', `must be at most ${MAX_TEXT} characters`);

  const cci = present(b.cci);
  if (cci !== undefined && !digitsOf(cci, [CCI_DIGITS])) problem('beneficiary.cci', `must be ${CCI_DIGITS} digits`);
  else if (cci === undefined && isPeruBankId(bankId) && !lengths) {
    problem('beneficiary.cci', `is required (${CCI_DIGITS} digits) for this bank`);
  }

  if (b.name.trim() === '') problem('beneficiary.name', 'is required');
  else if (tooLong(b.name)) problem('beneficiary.name', `must be at most ${MAX_TEXT} characters`);
  const phone = present(b.phone);
  if (phone !== undefined && tooLong(phone)) problem('beneficiary.phone', `must be at most ${MAX_TEXT} characters`);
  const email = present(b.email);
  if (email !== undefined && tooLong(email)) problem('beneficiary.email', `must be at most ${MAX_TEXT} characters`);
  const remark = present(draft.remark);
  if (remark !== undefined && tooLong(remark)) problem('remark', `must be at most ${MAX_TEXT} characters`);

  if (problems.length > 0 || accountType === undefined || idType === undefined) return { ok: false, problems };
  return {
    ok: true,
    payee: {
      accountName: b.name,
      accountNo: b.accountNumber,
      accountType,
      amount: formatMinor(draft.amountMinor, PERU_CURRENCY),
      bankId: Number(bankId),
      cciAccountNo: cci,
      currency: draft.currency,
      email,
      idCard: idNumber,
      idType: idType.code,
      phone,
      remark: remark ?? DEFAULT_REMARK,
    },
  };
}

/**
 * Peru appendix account-number formats: BBVA 18 or 20, Interbank 13, BCP 13 current / 14 savings,
 * Scotiabank 10 (3 agency + 7 account). Undefined for every other bank, which is paid by CCI.
 */
function accountNumberLengths(bankId: string, accountType: 0 | 1 | undefined): number[] | undefined {
  switch (bankId) {
    case BBVA_BANK_ID:
      return [18, 20];
    case INTERBANK_BANK_ID:
      return [13];
    case BCP_BANK_ID:
      return accountType === 0 ? [13] : accountType === 1 ? [14] : [13, 14];
    case SCOTIABANK_BANK_ID:
      return [10];
    default:
      return undefined;
  }
}

function digitsOf(value: string, lengths: number[]): boolean {
  return /^\d+$/.test(value) && lengths.includes(value.length);
}

function tooLong(value: string): boolean {
  return [...value].length > MAX_TEXT;
}

/** Optional text fields: empty means absent, so nothing empty or null is ever sent. */
function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
