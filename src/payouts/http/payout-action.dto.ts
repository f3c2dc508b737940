import { ApiProperty, ApiPropertyOptional } from '../openapi/swagger';
import { IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';

/** An operator's note on an action (approve, cancel, acknowledge), kept in the audit trail. */
export class ActionNoteDto {
  @ApiPropertyOptional({ example: 'checked with finance', maxLength: 255 })
  @ValidateIf((_, value) => value !== undefined)
  @IsString() @MaxLength(255)
  note?: string;
}

/** A rejection says why. */
export class RejectPayoutDto {
  @ApiProperty({ example: 'beneficiary not verified', maxLength: 255 })
  @IsString() @IsNotEmpty() @MaxLength(255)
  reason: string;
}
