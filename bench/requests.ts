import { createHash } from 'node:crypto';
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

/** The alphabet of the module's trade numbers (14 digits, then 12 of these): callbacks must carry one. */
const TRADE_NO_TAIL = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * The 14 digits that start every trade number of a seeded set: a set's own, derived from its
 * prefix, so its rows can be counted by `trade_no LIKE '<digits>%'`.
 */
export function seededTradeNoStart(prefix: string): string {
  const hash = BigInt(`0x${createHash('sha256').update(prefix).digest('hex')}`);
  return hash.toString().slice(0, 14);
}

/** The trade number of the n-th seeded payout of a set, in the module's format: the load generator derives callbacks from it. */
export function seededTradeNo(prefix: string, n: number): string {
  let tail = '';
  for (let rest = n; rest > 0; rest = Math.floor(rest / TRADE_NO_TAIL.length)) tail = TRADE_NO_TAIL[rest % TRADE_NO_TAIL.length] + tail;
  return seededTradeNoStart(prefix) + tail.padStart(12, '0');
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
