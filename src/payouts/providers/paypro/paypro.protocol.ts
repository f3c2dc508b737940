import { Injectable } from '@nestjs/common';
import { ChannelConfigError, FieldProblem } from '../../domain/errors';
import { ChannelConfig } from '../channel-config';
import { PayoutProtocol, ProtocolContext } from '../payout-protocol';
import { PayoutProvider } from '../payout-provider';
import { PAYPRO_PROTOCOL_NAMES, checkPayproConfig, resolvePayproSettings } from './paypro.config';
import { PayproProvider } from './paypro.provider';

/** Paypro and its white-label Vexora: same signing, codes and fields, different paths (docs/gateways.md 1). */
@Injectable()
export class PayproProtocol implements PayoutProtocol {
  readonly names: readonly string[] = PAYPRO_PROTOCOL_NAMES;

  checkConfig(channel: ChannelConfig): FieldProblem[] {
    return checkPayproConfig(channel);
  }

  create(channel: ChannelConfig, context: ProtocolContext): PayoutProvider {
    const [problem] = checkPayproConfig(channel);
    if (problem) throw new ChannelConfigError(channel.code, problem.field, problem.problem);
    return new PayproProvider(channel, resolvePayproSettings(channel), context);
  }
}
