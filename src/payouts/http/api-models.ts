import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PayoutView } from '../payout.view';
import { Bank } from '../providers/payout-provider';

/** Response and error shapes of the REST API, for the OpenAPI document. */

export class PayoutPageView {
  @ApiProperty({ type: [PayoutView], description: 'Newest first' })
  items: PayoutView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}

export class ChannelView {
  @ApiProperty({ example: 'paypro-idn' })
  code: string;
  @ApiProperty({ example: 'paypro' })
  protocol: string;
  @ApiProperty({ type: String, nullable: true, example: 'bank' })
  variant: string | null;
  @ApiProperty({ example: 'IDR' })
  currency: string;
}

export class BankView implements Bank {
  @ApiProperty({ example: '2', description: 'The code to send as beneficiary.bankCode' })
  code: string;
  @ApiProperty({ example: 'BANCO DE CREDITO DEL PERU' })
  name: string;
}

export class FieldProblemView {
  @ApiProperty({ example: 'beneficiary.accountNumber' })
  field: string;
  @ApiProperty({ example: 'must be 18 digits with a valid check digit' })
  problem: string;
}

/** Every error answer: never a stack trace, never SQL. */
export class ErrorView {
  @ApiProperty({ example: 400 })
  statusCode: number;
  @ApiProperty({ example: 'Bad Request' })
  error: string;
  @ApiProperty({ example: 'The request is invalid; see details' })
  message: string;
  @ApiPropertyOptional({ type: [FieldProblemView], description: 'On 400: every problem found, one per field and rule' })
  details?: FieldProblemView[];
}
