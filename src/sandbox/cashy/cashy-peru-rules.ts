import { centsOf, centsToText } from '../core/decimal';
import { isHttpUrl } from '../core/http-io';

export const PERU_CURRENCY = 'PEN';

/** The Peru payout bank list (Peru appendix, docs/gateways.md 2.3); ids 15 and 16 are missing there too. bankCode is the name. */
export const PERU_BANKS: readonly { bankId: number; bankName: string }[] = [
  { bankId: 1, bankName: 'BBVA Continental' },
  { bankId: 2, bankName: 'Interbank' },
  { bankId: 3, bankName: 'BCP Banco de Crédito de Perú' },
  { bankId: 4, bankName: 'Scotiabank' },
  { bankId: 5, bankName: 'Banco Falabella' },
  { bankId: 6, bankName: 'BanBif' },
  { bankId: 7, bankName: 'Banco Santander' },
  { bankId: 8, bankName: 'Mi Banco' },
  { bankId: 9, bankName: 'Banco de Comercio' },
  { bankId: 10, bankName: 'Banco Financiero' },
  { bankId: 11, bankName: 'Banco GNB' },
  { bankId: 12, bankName: 'Citibank' },
  { bankId: 13, bankName: 'Banco de la Nacion' },
  { bankId: 14, bankName: 'CMAC Trujillo' },
  { bankId: 17, bankName: 'CMAC Sullana' },
  { bankId: 18, bankName: 'CMAC Cusco' },
  { bankId: 19, bankName: 'CMAC Huancayo' },
  { bankId: 20, bankName: 'Caja Metropolitana' },
  { bankId: 21, bankName: 'Banco Pichincha' },
  { bankId: 22, bankName: 'Banco Azteca' },
  { bankId: 23, bankName: 'Banco Cencosud' },
  { bankId: 24, bankName: 'ICBC PERU BANK' },
  { bankId: 25, bankName: 'Caja Maynas' },
  { bankId: 26, bankName: 'Caja Municipal Ica' },
  { bankId: 27, bankName: 'Caja Tacna' },
  { bankId: 28, bankName: 'Banco Ripley' },
];

/**
 * Account-number formats of the four big banks; any other bank needs the 20-digit CCI
 * ("代付收款银行非四大行时必传", docs/gateways.md 2.3 and source 001). BCP: current (accountType 0) 13 digits, savings (1) 14.
 */
const BIG_FOUR_ACCOUNT_DIGITS: Readonly<Record<number, (accountType: number) => readonly number[]>> = {
  1: () => [18, 20],
  2: () => [13],
  3: (accountType) => (accountType === 0 ? [13] : [14]),
  4: () => [10],
};

/** The payOut amount range [10.00, 2000.00] of the Peru field table, in cents. */
const MIN_CENTS = 1_000;
const MAX_CENTS = 200_000;

type Body = Record<string, unknown>;

/** A required field: missing, null or '' is `Params_<field>_Required`. */
function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** A string(n) field; numbers are taken as their text, as the Java side coerces them. */
function textProblem(body: Body, field: string, maxLength: number, required: boolean): string | undefined {
  const value = body[field];
  if (isMissing(value)) return required ? `Params_${field}_Required` : undefined;
  if ((typeof value !== 'string' && typeof value !== 'number') || String(value).length > maxLength) return `Params_${field}_error`;
  return undefined;
}

/** An int field given as a number or a digit string (the docs show both). */
function intValue(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** The payOut amount as the gateway stores it (decimal(20,2), e.g. "10.00"), or undefined when invalid. */
export function peruAmount(value: unknown): string | undefined {
  const cents = centsOf(value);
  if (cents === undefined || cents < MIN_CENTS || cents > MAX_CENTS) return undefined;
  return centsToText(cents);
}

/** The first problem with a Peru payOut body as a documented error key (docs/gateways.md 2.4), in the field table's order (source 001). */
export function peruPayoutProblem(body: Body): string | undefined {
  const textFirst = textProblem(body, 'accountName', 32, true) ?? textProblem(body, 'accountNo', 32, true);
  if (textFirst) return textFirst;
  if (!isMissing(body.cciAccountNo) && !/^\d{20}$/.test(String(body.cciAccountNo))) return 'Params_cciAccountNo_error';
  if (isMissing(body.accountType)) return 'Params_accountType_Required';
  const accountType = intValue(body.accountType);
  if (accountType !== 0 && accountType !== 1) return 'Params_accountType_error';
  if (isMissing(body.currency)) return 'Params_currency_Required';
  if (body.currency !== PERU_CURRENCY) return 'Params_currency_error';
  if (isMissing(body.amount)) return 'Params_amount_Required';
  if (peruAmount(body.amount) === undefined) return 'Params_amount_error';
  if (isMissing(body.bankId)) return 'Params_bankId_Required';
  const bankId = intValue(body.bankId);
  if (!PERU_BANKS.some((bank) => bank.bankId === bankId)) return 'Params_bankId_error';
  const rest =
    textProblem(body, 'mchOrderNo', 32, true) ??
    textProblem(body, 'notifyUrl', 250, true) ??
    (isHttpUrl(String(body.notifyUrl)) ? undefined : 'Params_notifyUrl_error') ??
    textProblem(body, 'nonceStr', 32, true) ??
    idTypeProblem(body.idType) ??
    textProblem(body, 'idCard', 32, true) ??
    textProblem(body, 'phone', 32, false) ??
    textProblem(body, 'email', 32, false) ??
    textProblem(body, 'remark', 32, true);
  if (rest) return rest;
  const bigFour = BIG_FOUR_ACCOUNT_DIGITS[bankId as number];
  if (!bigFour) return isMissing(body.cciAccountNo) ? 'Params_cciAccountNo_Required' : undefined;
  const account = String(body.accountNo);
  const lengths = bigFour(accountType);
  if (!/^\d+$/.test(account) || !lengths.includes(account.length)) return 'Params_accountNo_error';
  return undefined;
}

/** idType is string(32) holding "1".."4" (DNI, PAS, CE, RUC). */
function idTypeProblem(value: unknown): string | undefined {
  if (isMissing(value)) return 'Params_idType_Required';
  return ['1', '2', '3', '4'].includes(String(value)) ? undefined : 'Params_idType_error';
}
