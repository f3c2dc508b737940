import { ApiProperty } from '../openapi/swagger';
import { ALL_STATUSES, PayoutStatus } from '../domain/payout-status';
import { PayoutOutboxEntity } from './payout-outbox.entity';

/** An event whose delivery attempts are used up. Its payout's later events wait behind it. */
export class DeadLetterView {
  @ApiProperty({ example: '019a8c3e-5b1f-7c2a-9d4e-3f6a1b2c3d4e:3' })
  eventId: string;
  @ApiProperty({ example: '019a8c3e-5b1f-7c2a-9d4e-3f6a1b2c3d4e' })
  payoutId: string;
  @ApiProperty({ enum: ALL_STATUSES, enumName: 'PayoutStatus', nullable: true, description: 'Null for an event that is not a status change (see name)' })
  to: PayoutStatus | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The name of an event that is not a status change (payout.batch_completed)' })
  name: string | null;
  @ApiProperty({ example: 10 })
  attempts: number;
  @ApiProperty({ type: String, nullable: true, example: 'webhook https://host.example/payout-events answered 500' })
  lastError: string | null;
  @ApiProperty({ example: '2026-11-22T09:30:18.456Z' })
  deadLetteredAt: string;
}

export class ReplayView {
  @ApiProperty({ example: '019a8c3e-5b1f-7c2a-9d4e-3f6a1b2c3d4e:3' })
  eventId: string;
  @ApiProperty({ enum: ['pending'], description: 'Due now, with fresh attempts' })
  status: 'pending';
}

export function toDeadLetterView(row: PayoutOutboxEntity): DeadLetterView {
  return {
    eventId: row.eventId,
    payoutId: row.payoutId,
    to: row.toStatus,
    name: row.eventName,
    attempts: row.attempts,
    lastError: row.lastError,
    deadLetteredAt: new Date(row.deadLetteredAt as Date).toISOString(),
  };
}
