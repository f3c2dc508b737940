import { Injectable } from '@nestjs/common';
import { ChannelConfigError, FieldProblem } from '../../domain/errors';
import { ChannelConfig } from '../channel-config';
import { PayoutProtocol, ProtocolContext } from '../payout-protocol';
import { PayoutProvider } from '../payout-provider';
import { checkCashyConfig, parseCashyConfig } from './cashy.config';
import { CashyProvider } from './cashy.provider';

/** The Cashy gateway (docs.cashypro.com), Peru payouts in PEN. */
@Injectable()
export class CashyProtocol implements PayoutProtocol {
  readonly names: readonly string[] = ['cashy'];

  checkConfig(channel: ChannelConfig): FieldProblem[] {
    return checkCashyConfig(channel);
  }

  create(channel: ChannelConfig, context: ProtocolContext): PayoutProvider {
    const parsed = parseCashyConfig(channel);
    if ('problems' in parsed) {
      const [first] = parsed.problems;
      throw new ChannelConfigError(channel.code, first.field, first.problem);
    }
    return new CashyProvider(channel, parsed.settings, context);
  }
}
