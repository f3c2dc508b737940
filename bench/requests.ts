import { payproSign } from '../src/sandbox';
import { AMOUNT, CHANNEL } from './config';

/** A valid POST /payouts body for the Paypro Indonesia channel. */
export function createBody(merchantReference: string): string {
  return JSON.stringify({
    merchantReference,
    channel: CHANNEL.code,
    amount: AMOUNT,
    currency: CHANNEL.currency,
    beneficiary: { name: 'Budi Santoso', accountNumber: '1234567890', bankCode: '0001', phone: '081234567890', email: 'budi@example.com' },
    remark: 'invoice 1001',
  });
}

/** The trade number of the n-th seeded payout of a set: the load generator derives callbacks from it. */
export function seededTradeNo(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(10, '0')}`;
}

export function seededProviderReference(tradeNo: string): string {
  return `PP${tradeNo}`;
}

/** A success notification for a seeded payout, signed as the Paypro gateway signs it. */
export function successCallbackBody(tradeNo: string): string {
  const fields = {
    status: '0000',
    message: 'SUCCESS',
    platFormTradeNo: seededProviderReference(tradeNo),
    tradeNo,
    amount: AMOUNT,
    successTime: '2026-11-20 10:00:00',
    timestamp: String(Date.now()),
  };
  return JSON.stringify({ ...fields, sign: payproSign(fields, CHANNEL.secret) });
}
