import { ApiProperty } from '../openapi/swagger';
import { Bank } from '../providers/payout-provider';

/** What the API shows of a configured channel and of its gateway's account. */

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

/** A channel's balance at its gateway, in major units. */
export class ChannelBalanceView {
  @ApiProperty({ example: 'paypro-idn' })
  channel: string;
  @ApiProperty({ example: 'IDR' })
  currency: string;
  @ApiProperty({ example: '125000000' })
  available: string;
  @ApiProperty({ type: String, nullable: true, example: '0', description: 'Held by the gateway' })
  frozen: string | null;
  @ApiProperty({ type: String, nullable: true, example: '350000', description: 'Not yet settled to the merchant account' })
  unsettled: string | null;
  @ApiProperty({ description: 'The channel checks first sends against this balance and queues what it cannot cover (options.holdWhenShort)' })
  holdsWhenShort: boolean;
  @ApiProperty({ example: 3, description: 'Payouts waiting for funds (QUEUED) on this channel' })
  queuedCount: number;
  @ApiProperty({ example: '450000', description: 'Their total, in major units' })
  queuedAmount: string;
}
