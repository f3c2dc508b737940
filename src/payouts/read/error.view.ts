import { ApiProperty, ApiPropertyOptional } from '../openapi/swagger';

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
