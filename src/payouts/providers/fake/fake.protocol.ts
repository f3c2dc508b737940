import { Injectable } from '@nestjs/common';
import { FieldProblem } from '../../domain/errors';
import { ChannelConfig, unknownOptions } from '../channel-config';
import { PayoutProtocol, ProtocolContext } from '../payout-protocol';
import { PayoutProvider } from '../payout-provider';
import { FakePayoutProvider } from './fake.provider';

/** The in-process gateway for host apps' own tests (`FakePayoutProvider` says how it behaves). */
@Injectable()
export class FakePayoutProtocol implements PayoutProtocol {
  readonly names = ['fake'];

  checkConfig(channel: ChannelConfig): FieldProblem[] {
    const problems = unknownOptions(channel, ['settleAfterMs', 'callbacks']);
    const settle = channel.options?.settleAfterMs;
    if (settle !== undefined && (typeof settle !== 'number' || settle < 0)) {
      problems.push({ field: 'options.settleAfterMs', problem: 'must be a number of milliseconds ≥ 0' });
    }
    const callbacks = channel.options?.callbacks;
    if (callbacks !== undefined && typeof callbacks !== 'boolean') problems.push({ field: 'options.callbacks', problem: 'must be true or false' });
    return problems;
  }

  create(channel: ChannelConfig, context: ProtocolContext): PayoutProvider {
    return new FakePayoutProvider(channel, channel.options?.callbacks === true ? context.notifyUrl : undefined);
  }
}

