import { ApiPropertyOptional } from '../openapi/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ALL_STATUSES, PayoutStatus } from '../domain/payout-status';

export class ListPayoutsDto {
  @ApiPropertyOptional({ enum: ALL_STATUSES, enumName: 'PayoutStatus' })
  @IsOptional() @IsIn(ALL_STATUSES, { message: `status must be one of ${ALL_STATUSES.join(', ')}` })
  status?: PayoutStatus;

  @ApiPropertyOptional({ example: 'paypro-idn' })
  @IsOptional() @IsString()
  channel?: string;

  @ApiPropertyOptional({ description: 'Only payouts flagged (true) or not flagged (false) for attention' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'attention must be true or false' })
  attention?: boolean;

  @ApiPropertyOptional({ description: 'A payout id, the start of a merchant reference or trade number, or a gateway reference', example: 'order-10' })
  @IsOptional() @IsString() @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({ example: '2026-11-22T00:00:00Z' })
  @IsOptional() @Type(() => Date) @IsDate({ message: 'createdFrom must be an ISO date' })
  createdFrom?: Date;

  @ApiPropertyOptional({ example: '2026-11-23T00:00:00Z' })
  @IsOptional() @Type(() => Date) @IsDate({ message: 'createdTo must be an ISO date' })
  createdTo?: Date;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional() @IsString()
  cursor?: string;
}

export class PayoutStatsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 720, default: 24, description: 'The window, in hours back from now' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(720)
  hours?: number;
}
