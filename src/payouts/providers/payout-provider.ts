import { Beneficiary } from '../domain/beneficiary';
import { FieldProblem } from '../domain/errors';
import { PayoutStatus } from '../domain/payout-status';
import { ChannelConfig } from './channel-config';

/** What a provider is asked to validate before anything is stored. */
export interface PayoutDraft {
  amountMinor: number;
  currency: string;
  beneficiary: Beneficiary;
  remark?: string;
}

/**
 * What a provider is asked to send. `tradeNo` is ours, fixed at creation, reused on resubmission.
 * The callback URL is the channel's own (ProtocolContext.notifyUrl).
 */
export interface PayoutSubmission extends PayoutDraft {
  tradeNo: string;
}

/** The statuses a gateway can report for an order it knows. */
export type GatewayStatus =
  | PayoutStatus.PROCESSING
  | PayoutStatus.SUCCEEDED
  | PayoutStatus.FAILED
  | PayoutStatus.CANCELLED
  | PayoutStatus.REVERSED;

/** A gateway's normalized view of one order, from a create answer, a query or a callback. */
export interface StatusReport {
  tradeNo: string;
  status: GatewayStatus;
  /** The gateway's raw status code or word, kept for the record. */
  rawStatus: string;
  providerReference?: string;
  /** The amount the gateway says the order is for, in minor units, when it says. */
  amountMinor?: number;
  feeMinor?: number;
  failure?: { code: string; message?: string };
  completedAt?: Date;
}

/** One HTTP exchange with the gateway, masked, for the attempts log. */
export interface ExchangeRecord {
  operation: 'submit' | 'query' | 'balance' | 'banks';
  request?: unknown;
  response?: unknown;
  httpStatus?: number;
  durationMs: number;
}

/**
 * The outcome of a create call. Business results are values, never exceptions:
 * - accepted: the gateway took the order (its status may already be final);
 * - refused: a definite answer that this request placed no order (bad parameters, balance,
 *   signature), from the channel's documented list; the service fails a payout on it only when
 *   no earlier send of the payout can have been placed;
 * - not_sent: nothing reached the gateway, or it answered that nothing was placed and a
 *   resubmission under the same trade number is safe (connection refused, "System_busy");
 * - unknown: the request may have been placed (timeout or reset after sending, 5xx, garbage).
 */
export type SubmitOutcome =
  | { kind: 'accepted'; report: StatusReport; exchange: ExchangeRecord }
  | { kind: 'refused'; code: string; message: string; exchange: ExchangeRecord }
  | { kind: 'not_sent'; reason: string; exchange: ExchangeRecord }
  | { kind: 'unknown'; reason: string; exchange: ExchangeRecord };

/**
 * The refusal of a submission that breaks the channel's rules: nothing is sent, so no order can
 * exist, which makes it a definite refusal (code INVALID_REQUEST, each problem in the message).
 */
export function refusedBeforeSending(problems: readonly FieldProblem[]): SubmitOutcome {
  const message = problems.map((p) => `${p.field} ${p.problem}`).join('; ');
  return { kind: 'refused', code: 'INVALID_REQUEST', message, exchange: { operation: 'submit', durationMs: 0 } };
}

/**
 * The outcome of a status query. `not_found` is only returned when the gateway's answer
 * definitely means it has no such order (configured per channel where undocumented).
 */
export type QueryOutcome =
  | { kind: 'found'; report: StatusReport; exchange: ExchangeRecord }
  | { kind: 'not_found'; exchange: ExchangeRecord }
  | { kind: 'unknown'; reason: string; exchange: ExchangeRecord };

/** A callback delivery as the webhook endpoint received it. */
export interface CallbackInput {
  /** Header names lower-cased. */
  headers: Record<string, string | string[] | undefined>;
  /** The exact bytes the gateway sent. */
  rawBody: Buffer;
}

export type CallbackOutcome =
  | {
      kind: 'verified';
      report: StatusReport;
      /** The parsed body with personal data masked, for the inbox. */
      maskedBody: unknown;
    }
  | {
      kind: 'rejected';
      /** forged: the signature or merchant id does not check out; malformed: signed (or unreadable) but not a documented notification. */
      problem: CallbackProblem;
      reason: string;
      maskedBody?: unknown;
    };

/** Why a callback was not taken. The webhook endpoint decides how to answer each. */
export type CallbackProblem = 'forged' | 'malformed';

/** The exact bytes a gateway expects back when a callback was taken. */
export interface CallbackAck {
  status: number;
  contentType: string;
  body: string;
}

export interface Balance {
  currency: string;
  availableMinor: number;
  frozenMinor?: number;
  unsettledMinor?: number;
}

export interface Bank {
  code: string;
  name: string;
}

/**
 * One configured channel's gateway client. A protocol creates one per channel.
 * Methods never throw for business outcomes; a thrown error is a bug or misconfiguration.
 */
export interface PayoutProvider {
  readonly channel: ChannelConfig;
  /** Channel rules checked before anything is stored (amount range, account formats, banks…). */
  validate(draft: PayoutDraft): FieldProblem[];
  /** A submission that breaks `validate`'s rules is refused without being sent (`refusedBeforeSending`), never thrown. */
  submit(submission: PayoutSubmission): Promise<SubmitOutcome>;
  query(tradeNo: string, providerReference?: string): Promise<QueryOutcome>;
  /** Verifies the signature and merchant id before anything trusts the payload, then normalizes. */
  parseCallback(input: CallbackInput): CallbackOutcome;
  readonly callbackAck: CallbackAck;
  balance?(): Promise<Balance>;
  banks?(): Promise<Bank[]>;
}
