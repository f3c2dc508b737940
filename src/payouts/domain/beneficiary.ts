import { createHash } from 'node:crypto';

/** The account types and id types the REST API accepts; each protocol maps them to its own codes. */
export type AccountType = 'checking' | 'savings' | 'clabe' | 'debit_card';
export type IdType = 'DNI' | 'PASSPORT' | 'CE' | 'RUC';

/** Who a payout goes to, as the REST API takes it and the payout row stores it. */
export interface Beneficiary {
  name: string;
  accountNumber: string;
  accountType?: AccountType;
  /** The gateway's own bank code (Paypro "0001", Paypro Mexico wayCode "BANXICO", Cashy bankId "2"). */
  bankCode?: string;
  cci?: string;
  idType?: IdType;
  idNumber?: string;
  phone?: string;
  email?: string;
}

/**
 * Names one beneficiary account on one channel, for limits per beneficiary: a SHA-256 of the
 * channel and the account's identifying fields, so equal accounts share it whatever the name says.
 */
export function beneficiaryKey(channel: string, beneficiary: Beneficiary): string {
  const account = [channel, beneficiary.accountNumber.trim(), beneficiary.bankCode?.trim() ?? null, beneficiary.cci?.trim() ?? null];
  return createHash('sha256').update(JSON.stringify(account), 'utf8').digest('hex');
}
