import { ApiProperty } from '../openapi/swagger';
import { ALL_STATUSES, PayoutStatus } from '../domain/payout-status';
import { PayoutView } from './payout.view';

const statusProperty = { enum: ALL_STATUSES, enumName: 'PayoutStatus' } as const;

export class StatusCountView {
  @ApiProperty({ example: 'paypro-idn' })
  channel: string;
  @ApiProperty(statusProperty)
  status: PayoutStatus;
  @ApiProperty({ example: 42 })
  count: number;
}

export class StatsBucketView {
  @ApiProperty({ example: '2026-11-22T09:00:00.000Z', description: 'Start of the bucket' })
  from: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { SUCCEEDED: 40, FAILED: 2, PROCESSING: 1 } })
  counts: Record<PayoutStatus, number>;
}

/** Payouts created in a time window, counted by their current status. */
export class PayoutStatsView {
  @ApiProperty({ example: '2026-11-21T10:00:00.000Z' })
  from: string;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  to: string;
  @ApiProperty({ example: 60 })
  bucketMinutes: number;
  @ApiProperty({ type: [StatusCountView], description: 'By channel and current status' })
  totals: StatusCountView[];
  @ApiProperty({ type: [StatsBucketView], description: 'Oldest bucket first' })
  series: StatsBucketView[];
  @ApiProperty({ example: 1, description: 'Payouts flagged for attention, at any age' })
  attention: number;
}

export class TransitionView {
  @ApiProperty(statusProperty)
  from: PayoutStatus;
  @ApiProperty(statusProperty)
  to: PayoutStatus;
  @ApiProperty({ example: '2026-11-22T09:30:18.456Z' })
  at: string;
}

export class AttemptView {
  @ApiProperty({ example: '2026-11-22T09:30:15.200Z' })
  at: string;
  @ApiProperty({ enum: ['submit', 'query'] })
  operation: string;
  @ApiProperty({ example: 'accepted', description: 'accepted, refused, not_sent, unknown, found or not_found' })
  outcome: string;
  @ApiProperty({ type: Number, nullable: true, example: 200 })
  httpStatus: number | null;
  @ApiProperty({ example: 84 })
  durationMs: number;
  @ApiProperty({ type: String, nullable: true, example: null })
  error: string | null;
  @ApiProperty({ description: 'The request as sent, personal data masked and signatures redacted', nullable: true })
  request: unknown;
  @ApiProperty({ description: 'The response as received, masked', nullable: true })
  response: unknown;
}

export class CallbackView {
  @ApiProperty({ example: '2026-11-22T09:30:18.400Z' })
  receivedAt: string;
  @ApiProperty({ type: String, nullable: true, example: 'applied', description: 'applied, duplicate, ignored, not_ours, rejected or amount_mismatch' })
  outcome: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'PROCESSING -> SUCCEEDED' })
  detail: string | null;
  @ApiProperty()
  signatureOk: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The body as received, personal data masked' })
  body: string | null;
}

/** One operator action, as the audit trail keeps it. */
export class AuditView {
  @ApiProperty({ example: '2026-11-22T09:30:15.123Z' })
  at: string;
  @ApiProperty({ example: 'approve', description: 'create, approve, release, reject, cancel, acknowledge, refresh, expire' })
  action: string;
  @ApiProperty({ example: 'finance-lead', description: "The principal's id (an API key's id, never the key)" })
  principal: string;
  @ApiProperty({ type: String, nullable: true, example: '10.0.0.7' })
  address: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'checked with finance' })
  note: string | null;
}

/** Where a payout that needs approval stands. */
export class ApprovalStateView {
  @ApiProperty({ example: 2 })
  required: number;
  @ApiProperty({ example: 'ops-bot', description: 'Who created it: the one principal who may not approve it' })
  createdBy: string;
  @ApiProperty({ type: [String], example: ['finance-lead'] })
  approvedBy: string[];
  @ApiProperty({ type: [String], example: [] })
  rejectedBy: string[];
}

/** One payout's story: its state changes, gateway calls, callbacks, approvals and operator actions. */
export class PayoutHistoryView {
  @ApiProperty({ type: PayoutView })
  payout: PayoutView;
  @ApiProperty({ type: [TransitionView] })
  transitions: TransitionView[];
  @ApiProperty({ type: [AttemptView] })
  attempts: AttemptView[];
  @ApiProperty({ type: [CallbackView] })
  callbacks: CallbackView[];
  @ApiProperty({ type: ApprovalStateView, nullable: true, description: 'Null when no approval was needed' })
  approval: ApprovalStateView | null;
  @ApiProperty({ type: [AuditView] })
  audit: AuditView[];
}
