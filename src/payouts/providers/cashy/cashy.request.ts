import { randomBytes } from 'node:crypto';
import { PeruPayee } from './cashy.peru-rules';

export const CASHY_PATHS = {
  payOut: '/api/payOut',
  payOutQuery: '/api/payOutQuery',
  getBalance: '/api/getBalance',
  bankListQuery: '/api/bankListQuery',
} as const;

/** nonceStr: string(32), digits like the doc examples; 64 random bits give at most 20 digits. */
export function cashyNonce(): string {
  return BigInt(`0x${randomBytes(8).toString('hex')}`).toString();
}

/**
 * The payOut body in a stable field order (the one of test vector C1). Optional fields are left
 * out when absent so that no null is sent. The caller serializes it once and signs that string.
 */
export function buildPayOutBody(
  payee: PeruPayee,
  order: { mchOrderNo: string; notifyUrl: string; nonceStr: string },
): Record<string, string | number> {
  return {
    accountName: payee.accountName,
    accountNo: payee.accountNo,
    accountType: payee.accountType,
    amount: payee.amount,
    bankId: payee.bankId,
    ...(payee.cciAccountNo !== undefined && { cciAccountNo: payee.cciAccountNo }),
    currency: payee.currency,
    ...(payee.email !== undefined && { email: payee.email }),
    idCard: payee.idCard,
    idType: payee.idType,
    mchOrderNo: order.mchOrderNo,
    nonceStr: order.nonceStr,
    notifyUrl: order.notifyUrl,
    ...(payee.phone !== undefined && { phone: payee.phone }),
    remark: payee.remark,
  };
}

/** payOutQuery: both order numbers when the platform's is known (the doc prefers orderNo). */
export function buildQueryBody(mchOrderNo: string, orderNo: string | undefined, nonceStr: string): Record<string, string> {
  return { mchOrderNo, ...(orderNo ? { orderNo } : {}), nonceStr };
}
