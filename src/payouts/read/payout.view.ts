import { ApiProperty } from '../openapi/swagger';
import { maskTail } from '../domain/masking';
import { formatMinor } from '../domain/money';
import { ALL_STATUSES, PayoutStatus } from '../domain/payout-status';
import { PayoutEntity } from '../persistence/payout.entity';

export class PayoutFailureView {
  @ApiProperty({ example: 'INSUFFICIENT_BALANCE', description: "The gateway's code, or its raw status" })
  code: string;
  @ApiProperty({ type: String, nullable: true, example: 'Merchant balance is not enough' })
  message: string | null;
}

export class MaskedBeneficiaryView {
  @ApiProperty({ example: 'Budi Santoso' })
  name: string;
  @ApiProperty({ example: '******7890', description: 'Only the last four characters are shown' })
  accountNumber: string;
  @ApiProperty({ type: String, nullable: true, example: '0001' })
  bankCode: string | null;
}

/** A payout as the API and host code see it: amounts in major units, account data masked. */
export class PayoutView {
  @ApiProperty({ example: '019a8c3e-5b1f-7c2a-9d4e-3f6a1b2c3d4e', description: 'UUIDv7: sorts by creation time' })
  id: string;
  @ApiProperty({ example: 'order-1001', description: "The caller's idempotency key" })
  merchantReference: string;
  @ApiProperty({ example: 'paypro-idn' })
  channel: string;
  @ApiProperty({ example: '20261122093015K7QX2M9P4RZA', description: 'Our order number at the gateway; reused on every resubmission' })
  tradeNo: string;
  @ApiProperty({ type: String, nullable: true, example: 'PP2026112200012345', description: "The gateway's own order number" })
  providerReference: string | null;
  @ApiProperty({ example: '150000', description: 'Major units, as a decimal string' })
  amount: string;
  @ApiProperty({ example: 'IDR' })
  currency: string;
  @ApiProperty({ type: String, nullable: true, example: '2500' })
  fee: string | null;
  @ApiProperty({ enum: ALL_STATUSES, enumName: 'PayoutStatus', example: PayoutStatus.PROCESSING })
  status: PayoutStatus;
  @ApiProperty({ type: PayoutFailureView, nullable: true })
  failure: PayoutFailureView | null;
  @ApiProperty({ description: 'A person should look at this payout (amount mismatch, no final state before the deadline)' })
  attention: boolean;
  @ApiProperty({ type: String, nullable: true, example: null })
  attentionReason: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why a QUEUED payout waits: insufficient_funds' })
  holdReason: string | null;
  @ApiProperty({ type: MaskedBeneficiaryView })
  beneficiary: MaskedBeneficiaryView;
  @ApiProperty({ type: String, nullable: true, example: 'invoice 1001' })
  remark: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: { orderId: 1001 } })
  metadata: Record<string, unknown> | null;
  @ApiProperty({ example: '2026-11-22T09:30:15.123Z' })
  createdAt: string;
  @ApiProperty({ example: '2026-11-22T09:30:18.456Z' })
  updatedAt: string;
  @ApiProperty({ type: String, nullable: true, example: null })
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
    attentionReason: p.attentionReason,
    holdReason: p.holdReason ?? null,
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

export class PayoutPageView {
  @ApiProperty({ type: [PayoutView], description: 'Newest first' })
  items: PayoutView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}
