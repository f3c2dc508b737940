import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ALL_STATUSES, PayoutStatus } from '../domain/payout-status';

export class ListPayoutsDto {
  @IsOptional() @IsIn(ALL_STATUSES, { message: `status must be one of ${ALL_STATUSES.join(', ')}` })
  status?: PayoutStatus;

  @IsOptional() @IsString()
  channel?: string;

  @IsOptional() @Type(() => Date) @IsDate({ message: 'createdFrom must be an ISO date' })
  createdFrom?: Date;

  @IsOptional() @Type(() => Date) @IsDate({ message: 'createdTo must be an ISO date' })
  createdTo?: Date;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @IsOptional() @IsString()
  cursor?: string;
}
