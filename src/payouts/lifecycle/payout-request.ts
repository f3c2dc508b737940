import { Beneficiary, beneficiaryKey } from '../domain/beneficiary';
import { FieldProblem } from '../domain/errors';
import { canonicalJson, newTradeNo, sha256Hex, uuidv7 } from '../domain/identifiers';
import { parseMajorAmount } from '../domain/money';
import { PayoutStatus } from '../domain/payout-status';
import { PayoutEntity } from '../persistence/payout.entity';
import { currencyProblem } from '../providers/channel-config';
import { PayoutProviderRegistry } from '../providers/provider-registry';

export interface CreatePayoutInput {
  /** The caller's idempotency key: the same reference with the same request returns the same payout. */
  merchantReference: string;
  channel: string;
  /** Decimal string in major units, e.g. "150.00". */
  amount: string;
  currency: string;
  beneficiary: Beneficiary;
  remark?: string;
  metadata?: Record<string, unknown>;
}

/** A request checked against its channel: the amount in minor units, or every problem found. */
export type RequestCheck = { amountMinor: number; problems?: undefined } | { problems: FieldProblem[] };

/**
 * Every problem with a request at once, the channel's own rules (provider.validate) included:
 * one check for a single create and for each row of a batch.
 */
export function checkPayoutRequest(registry: PayoutProviderRegistry, input: CreatePayoutInput): RequestCheck {
  const problems: FieldProblem[] = [];
  const provider = registry.has(input.channel) ? registry.get(input.channel) : undefined;
  if (!provider) {
    problems.push({ field: 'channel', problem: `unknown channel "${input.channel}"; configured: ${registry.codes().join(', ')}` });
  } else {
    const currency = currencyProblem(input.currency, provider.channel);
    if (currency) problems.push(currency);
  }
  const amount = parseMajorAmount(input.amount, input.currency);
  if ('problem' in amount) problems.push(amount.problem);
  else if (provider) {
    for (const p of provider.validate({ amountMinor: amount.minor, currency: input.currency, beneficiary: input.beneficiary, remark: input.remark })) {
      if (!problems.some((q) => q.field === p.field && q.problem === p.problem)) problems.push(p);
    }
  }
  if (problems.length || 'problem' in amount) return { problems };
  return { amountMinor: amount.minor };
}

/** What idempotency compares: the same merchant reference with another hash is a conflict. */
export function requestHashOf(input: CreatePayoutInput, amountMinor: number): string {
  return sha256Hex(
    canonicalJson({
      channel: input.channel,
      amount: amountMinor,
      currency: input.currency,
      beneficiary: input.beneficiary,
      remark: input.remark,
      metadata: input.metadata,
    }),
  );
}

/** A new CREATED payout, not leased and never sent, first looked at `nextPollAt`. `idMs` orders ids (a batch keeps its file order). */
export function newPayout(input: CreatePayoutInput, amountMinor: number, now: Date, nextPollAt: Date, idMs = now.getTime()): PayoutEntity {
  return Object.assign(new PayoutEntity(), {
    id: uuidv7(idMs),
    merchantReference: input.merchantReference,
    requestHash: requestHashOf(input, amountMinor),
    channel: input.channel,
    tradeNo: newTradeNo(now),
    providerReference: null,
    amount: amountMinor,
    currency: input.currency,
    fee: null,
    beneficiary: input.beneficiary,
    remark: input.remark ?? null,
    metadata: input.metadata ?? null,
    status: PayoutStatus.CREATED,
    failureCode: null,
    failureMessage: null,
    attention: false,
    attentionReason: null,
    attempts: 0,
    nextPollAt,
    leaseOwner: null,
    leaseExpiresAt: null,
    leaseToken: null,
    lastSentAt: null,
    lastError: null,
    beneficiaryKey: beneficiaryKey(input.channel, input.beneficiary),
    holdReason: null,
    fundsReserved: false,
    version: 1,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    batchId: null,
  });
}
