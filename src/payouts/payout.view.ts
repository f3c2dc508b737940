import { maskTail } from './domain/masking';
import { formatMinor } from './domain/money';
import { PayoutStatus } from './domain/payout-status';
import { PayoutEntity } from './persistence/payout.entity';

/** A payout as the API and host code see it: amounts in major units, account data masked. */
export interface PayoutView {
  id: string;
  merchantReference: string;
  channel: string;
  tradeNo: string;
  providerReference: string | null;
  amount: string;
  currency: string;
  fee: string | null;
  status: PayoutStatus;
  failure: { code: string; message: string | null } | null;
  attention: boolean;
  beneficiary: { name: string; accountNumber: string; bankCode: string | null };
  remark: string | null;
  metadata: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export function toPayoutView(p: PayoutEntity): PayoutView {
  return {
    id: p.id,
    merchantReference: p.merchantReference,
    channel: p.channel,
    tradeNo: p.tradeNo,
    providerReference: p.providerReference,
    amount: formatMinor(p.amount, p.currency),
    currency: p.currency,
    fee: p.fee === null ? null : formatMinor(p.fee, p.currency),
    status: p.status,
    failure: p.failureCode ? { code: p.failureCode, message: p.failureMessage } : null,
    attention: p.attention,
    beneficiary: {
      name: p.beneficiary.name,
      accountNumber: maskTail(p.beneficiary.accountNumber),
      bankCode: p.beneficiary.bankCode ?? null,
    },
    remark: p.remark,
    metadata: p.metadata,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    completedAt: p.completedAt ? p.completedAt.toISOString() : null,
  };
}
