import { ApiPropertyOptional } from '../openapi/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ALL_STATUSES, PayoutStatus } from '../domain/payout-status';

export const BATCH_REFERENCE = /^[A-Za-z0-9._:-]{1,64}$/;
export const BATCH_REFERENCE_PROBLEM = 'must be 1 to 64 letters, digits or . _ : -';

export class AcceptBatchQueryDto {
  @ApiPropertyOptional({ description: 'Store the valid rows and report the invalid ones, instead of refusing the whole batch (400)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'acceptValid must be true or false' })
  acceptValid?: boolean;

  @ApiPropertyOptional({ example: 'payroll-2026-12', description: 'The batch\'s idempotency key for a text/csv body (or the x-batch-reference header); JSON bodies carry it as batchReference' })
  @IsOptional() @IsString() @Matches(BATCH_REFERENCE, { message: `batchReference ${BATCH_REFERENCE_PROBLEM}` })
  batchReference?: string;
}

export class ListBatchesDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional() @IsString()
  cursor?: string;
}

export class BatchItemsDto {
  @ApiPropertyOptional({ enum: ALL_STATUSES, enumName: 'PayoutStatus' })
  @IsOptional() @IsIn(ALL_STATUSES, { message: `status must be one of ${ALL_STATUSES.join(', ')}` })
  status?: PayoutStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional() @IsString()
  cursor?: string;
}
