import { Type } from 'class-transformer';
import {
  IsEmail, IsIn, IsNotEmpty, IsObject, IsString, Matches, MaxLength, ValidateIf, ValidateNested,
} from 'class-validator';
import { AccountType, IdType } from '../providers/payout-provider';

/** Optional means absent, not null: a null is checked like any other value (and refused). */
const IsOptional = () => ValidateIf((_, value) => value !== undefined);

export const ACCOUNT_TYPES: AccountType[] = ['checking', 'savings', 'clabe', 'debit_card'];
export const ID_TYPES: IdType[] = ['DNI', 'PASSPORT', 'CE', 'RUC'];

export class BeneficiaryDto {
  @IsString() @IsNotEmpty() @MaxLength(64)
  name: string;

  @IsString() @IsNotEmpty() @MaxLength(64)
  accountNumber: string;

  @IsOptional() @IsIn(ACCOUNT_TYPES, { message: `accountType must be one of ${ACCOUNT_TYPES.join(', ')}` })
  accountType?: AccountType;

  /** The gateway's own bank code, as a string ("0001", "BANXICO", "2"). */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(32)
  bankCode?: string;

  @IsOptional() @IsString() @Matches(/^\d{1,32}$/, { message: 'cci must be digits' })
  cci?: string;

  @IsOptional() @IsIn(ID_TYPES, { message: `idType must be one of ${ID_TYPES.join(', ')}` })
  idType?: IdType;

  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(32)
  idNumber?: string;

  @IsOptional() @IsString() @Matches(/^\+?\d{6,20}$/, { message: 'phone must be 6 to 20 digits, optionally with a leading +' })
  phone?: string;

  @IsOptional() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(64)
  email?: string;
}

export class CreatePayoutDto {
  /** The caller's idempotency key. */
  @IsString() @Matches(/^[A-Za-z0-9._:-]{1,64}$/, { message: 'merchantReference must be 1 to 64 letters, digits or . _ : -' })
  merchantReference: string;

  @IsString() @IsNotEmpty() @MaxLength(32)
  channel: string;

  /** Major units as a decimal string: "150.00". Numbers are refused: floats cannot carry money. */
  @IsString({ message: 'amount must be a decimal string such as "150.00", not a number' })
  @Matches(/^\d+(\.\d+)?$/, { message: 'amount must be a positive decimal string such as "150.00"' })
  @MaxLength(24)
  amount: string;

  @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "IDR"' })
  currency: string;

  @IsObject({ message: 'beneficiary must be an object' }) @ValidateNested() @Type(() => BeneficiaryDto)
  beneficiary: BeneficiaryDto;

  @IsOptional() @IsString() @MaxLength(64)
  remark?: string;

  @IsOptional() @IsObject({ message: 'metadata must be an object' })
  metadata?: Record<string, unknown>;
}
