import { FieldProblem } from '../domain/errors';
import { ChannelConfig } from './channel-config';
import { HttpClient } from './http-client';
import { PayoutProvider } from './payout-provider';

/** What a protocol gets to build a channel's provider. */
export interface ProtocolContext {
  http: HttpClient;
  /** The URL the gateway must call back for this channel. */
  notifyUrl: string;
}

/**
 * A gateway protocol: checks a channel's configuration at boot and builds its provider.
 * Registered with the PAYOUT_PROTOCOLS token; one Nest provider per protocol.
 */
export interface PayoutProtocol {
  /** The protocol name channels refer to ("paypro"). A protocol may answer to several names. */
  readonly names: readonly string[];
  /** Problems with a channel's configuration, each naming the field. Empty when fine. */
  checkConfig(channel: ChannelConfig): FieldProblem[];
  create(channel: ChannelConfig, context: ProtocolContext): PayoutProvider;
}
