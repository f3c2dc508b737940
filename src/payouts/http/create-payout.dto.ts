import { ApiProperty, ApiPropertyOptional } from '../openapi/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail, IsIn, IsNotEmpty, IsObject, IsString, Matches, MaxLength, ValidateIf, ValidateNested,
} from 'class-validator';
import { AccountType, IdType } from '../domain/beneficiary';

/** Optional means absent, not null: a null is checked like any other value (and refused). */
const IsOptional = () => ValidateIf((_, value) => value !== undefined);

export const ACCOUNT_TYPES: AccountType[] = ['checking', 'savings', 'clabe', 'debit_card'];
export const ID_TYPES: IdType[] = ['DNI', 'PASSPORT', 'CE', 'RUC'];

export class BeneficiaryDto {
  @ApiProperty({ example: 'Budi Santoso', maxLength: 64 })
  @IsString() @IsNotEmpty() @MaxLength(64)
  name: string;

  @ApiProperty({ example: '1234567890', maxLength: 64, description: 'Bank account, CLABE, card or wallet number; never logged, returned masked' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  accountNumber: string;

  @ApiPropertyOptional({ enum: ACCOUNT_TYPES, description: 'Required by some channels (Cashy Peru, Paypro Mexico)' })
  @IsOptional() @IsIn(ACCOUNT_TYPES, { message: `accountType must be one of ${ACCOUNT_TYPES.join(', ')}` })
  accountType?: AccountType;

  /** The gateway's own bank code, as a string ("0001", "BANXICO", "2"). */
  @ApiPropertyOptional({ example: '0001', maxLength: 32, description: "The gateway's own bank code (GET /payouts/channels/{code}/banks)" })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(32)
  bankCode?: string;

  @ApiPropertyOptional({ example: '00219400123456789012', description: 'Peru interbank account number (CCI), 20 digits' })
  @IsOptional() @IsString() @Matches(/^\d{1,32}$/, { message: 'cci must be digits' })
  cci?: string;

  @ApiPropertyOptional({ enum: ID_TYPES })
  @IsOptional() @IsIn(ID_TYPES, { message: `idType must be one of ${ID_TYPES.join(', ')}` })
  idType?: IdType;

  @ApiPropertyOptional({ example: '45678912', maxLength: 32 })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(32)
  idNumber?: string;

  @ApiPropertyOptional({ example: '081234567890' })
  @IsOptional() @IsString() @Matches(/^\+?\d{6,20}$/, { message: 'phone must be 6 to 20 digits, optionally with a leading +' })
  phone?: string;

  @ApiPropertyOptional({ example: 'budi@example.com', maxLength: 64 })
  @IsOptional() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(64)
  email?: string;
}

export class CreatePayoutDto {
  /** The caller's idempotency key. */
  @ApiProperty({ example: 'order-1001', pattern: '^[A-Za-z0-9._:-]{1,64}$', description: 'Idempotency key: the same reference with the same body returns the same payout (200); with another body, 409' })
  @IsString() @Matches(/^[A-Za-z0-9._:-]{1,64}$/, { message: 'merchantReference must be 1 to 64 letters, digits or . _ : -' })
  merchantReference: string;

  @ApiProperty({ example: 'paypro-idn', description: 'A configured channel code (GET /payouts/channels)' })
  @IsString() @IsNotEmpty() @MaxLength(32)
  channel: string;

  /** Major units as a decimal string: "150.00". Numbers are refused: floats cannot carry money. */
  @ApiProperty({ example: '150000', description: 'Major units as a decimal string, within the currency\'s decimals' })
  @IsString({ message: 'amount must be a decimal string such as "150.00", not a number' })
  @Matches(/^\d+(\.\d+)?$/, { message: 'amount must be a positive decimal string such as "150.00"' })
  @MaxLength(24)
  amount: string;

  @ApiProperty({ example: 'IDR', description: "ISO 4217; must be the channel's currency" })
  @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "IDR"' })
  currency: string;

  @ApiProperty({ type: () => BeneficiaryDto })
  @IsObject({ message: 'beneficiary must be an object' }) @ValidateNested() @Type(() => BeneficiaryDto)
  beneficiary: BeneficiaryDto;

  @ApiPropertyOptional({ example: 'invoice 1001', maxLength: 64 })
  @IsOptional() @IsString() @MaxLength(64)
  remark?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { orderId: 1001 }, description: 'Kept with the payout and returned as given' })
  @IsOptional() @IsObject({ message: 'metadata must be an object' })
  metadata?: Record<string, unknown>;
}
