import { FieldProblem } from '../domain/errors';
import { PayoutStatus } from '../domain/payout-status';
import { HttpClient } from './http-client';

/** The account types and id types the REST API accepts; each protocol maps them to its own codes. */
export type AccountType = 'checking' | 'savings' | 'clabe' | 'debit_card';
export type IdType = 'DNI' | 'PASSPORT' | 'CE' | 'RUC';

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
      /** Stable key for this delivery's content: duplicates share it. */
      dedupeKey: string;
      /** The parsed body with personal data masked, for the inbox. */
      maskedBody: unknown;
    }
  | { kind: 'rejected'; httpStatus: 400 | 401; reason: string; maskedBody?: unknown };

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
  submit(submission: PayoutSubmission): Promise<SubmitOutcome>;
  query(tradeNo: string, providerReference?: string): Promise<QueryOutcome>;
  /** Verifies the signature and merchant id before anything trusts the payload, then normalizes. */
  parseCallback(input: CallbackInput): CallbackOutcome;
  readonly callbackAck: CallbackAck;
  balance?(): Promise<Balance>;
  banks?(): Promise<Bank[]>;
}

/** Timeouts for one channel's HTTP calls, in milliseconds. */
export interface ChannelTimeouts {
  connectMs: number;
  responseMs: number;
}

/**
 * One merchant account on one gateway, as the host configures it.
 * Protocol-specific settings live in `options` and are checked by the protocol at boot.
 */
export interface ChannelConfig {
  /** Kebab-case code used in the API and the webhook URL, e.g. "paypro-idn". */
  code: string;
  /** "paypro", "vexora", "cashy" or "fake". */
  protocol: string;
  /** Protocol variant, e.g. Paypro "bank" or "mexico". */
  variant?: string;
  /** ISO currency this channel pays out in. */
  currency: string;
  /** The gateway's base URL, e.g. https://openapi-test.paypro.tech/indonesia-pay */
  baseUrl?: string;
  /** Paypro merchantNo / Cashy MerchantId. */
  merchantId?: string;
  /** Paypro app secret / Cashy API key. Never logged, never returned. */
  secret?: string;
  timeouts?: Partial<ChannelTimeouts>;
  /** Protocol-specific settings (paths, limits, not-found codes, time zone…). */
  options?: Record<string, unknown>;
}

/** What a protocol gets to build a channel's provider. */
export interface ProtocolContext {
  http: HttpClient;
  /** The URL the gateway must call back for this channel. */
  notifyUrl: string;
}

/**
 * A gateway protocol: checks a channel's configuration at boot and builds its provider.
 * Registered with the PAYOUT_PROTOCOLS token; one Nest provider per protocol.
 */
export interface PayoutProtocol {
  /** The protocol name channels refer to ("paypro"). A protocol may answer to several names. */
  readonly names: readonly string[];
  /** Problems with a channel's configuration, each naming the field. Empty when fine. */
  checkConfig(channel: ChannelConfig): FieldProblem[];
  create(channel: ChannelConfig, context: ProtocolContext): PayoutProvider;
}
