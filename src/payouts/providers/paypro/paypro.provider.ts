import { FieldProblem, GatewayUnavailableError } from '../../domain/errors';
import { decimalToMinor, readGatewayDecimal } from '../../domain/money';
import { ChannelConfig, currencyProblem } from '../channel-config';
import { asText, isJsonObject } from '../json-url';
import { ProtocolContext } from '../payout-protocol';
import {
  Balance,
  CallbackAck,
  CallbackInput,
  CallbackOutcome,
  PayoutDraft,
  PayoutProvider,
  PayoutSubmission,
  QueryOutcome,
  StatusReport,
  SubmitOutcome,
  refusedBeforeSending,
} from '../payout-provider';
import { parsePayproCallback } from './paypro.callback';
import { PayproCall, PayproClient, PayproEnvelope } from './paypro.client';
import { PayproSettings } from './paypro.config';
import { payproReport } from './paypro.report';
import { payproAmount } from './paypro.rules';
import { PAYPRO_OK, describePayproCode } from './paypro.status-map';

/** Paypro/Vexora wants the plain text `OK`, case-sensitive, no JSON (docs/gateways.md 1.6). */
export const PAYPRO_CALLBACK_ACK: CallbackAck = Object.freeze({ status: 200, contentType: 'text/plain', body: 'OK' });

/** One Paypro or Vexora merchant channel. */
export class PayproProvider implements PayoutProvider {
  readonly callbackAck = PAYPRO_CALLBACK_ACK;
  private readonly client: PayproClient;

  constructor(
    readonly channel: ChannelConfig,
    private readonly settings: PayproSettings,
    private readonly context: ProtocolContext,
  ) {
    this.client = new PayproClient(context.http, {
      baseUrl: settings.baseUrl,
      merchantId: settings.merchantId,
      secret: settings.secret,
      timeouts: channel.timeouts,
    });
  }

  validate(draft: PayoutDraft): FieldProblem[] {
    // The amount is converted with the payout's currency: in any other than the channel's, nothing else can be judged.
    const currency = currencyProblem(draft.currency, this.channel);
    return currency ? [currency] : this.settings.variant.validate(draft);
  }

  async submit(submission: PayoutSubmission): Promise<SubmitOutcome> {
    const problems = this.validate(submission);
    if (problems.length > 0) return refusedBeforeSending(problems);
    const call = await this.client.post('submit', this.settings.paths.payout, {
      tradeNo: submission.tradeNo,
      amount: payproAmount(submission.amountMinor, submission.currency),
      ...this.settings.variant.beneficiaryFields(submission),
      notifyUrl: this.context.notifyUrl,
    });
    if (call.kind !== 'response') return call;
    const { httpStatus, envelope, exchange } = call;
    const unknown = (reason: string): SubmitOutcome => ({ kind: 'unknown', reason, exchange });
    if (!envelope) return unknown(`HTTP ${httpStatus} with a body that is not a JSON object`);
    const code = asText(envelope.code);
    if (code === undefined) return unknown(`HTTP ${httpStatus} without an outer code`);
    const message = asText(envelope.msg) ?? describePayproCode(code);
    if (code !== PAYPRO_OK) {
      // Only a code the channel lists says that no order was placed. 5000 ("system operation
      // exception"), a duplicate tradeNo and any code not listed may sit on a placed order: the
      // payout is then queried, never failed nor sent again under another number (issue 11).
      const answered = isSuccess(httpStatus) || isClientError(httpStatus);
      if (answered && this.settings.refusalCodes.includes(code)) return { kind: 'refused', code, message: message ?? 'refused', exchange };
      return unknown(`HTTP ${httpStatus} with outer code ${code}${message ? ` (${message})` : ''}: not a definite refusal`);
    }
    if (!isSuccess(httpStatus)) return unknown(`HTTP ${httpStatus} with outer code ${code}`);
    const report = this.report(envelope, submission.tradeNo, undefined);
    if (typeof report === 'string') return unknown(report);
    return { kind: 'accepted', report, exchange };
  }

  async query(tradeNo: string): Promise<QueryOutcome> {
    const call = await this.client.post('query', this.settings.paths.query, { tradeNo });
    if (call.kind !== 'response') return { kind: 'unknown', reason: call.reason, exchange: call.exchange };
    const { httpStatus, envelope, exchange } = call;
    const unknown = (reason: string): QueryOutcome => ({ kind: 'unknown', reason, exchange });
    if (!envelope) return unknown(`HTTP ${httpStatus} with a body that is not a JSON object`);
    const code = asText(envelope.code);
    // "No such order" has no documented code: only codes the channel lists mean it.
    const answered = isSuccess(httpStatus) || isClientError(httpStatus);
    if (code !== undefined && answered && this.settings.notFoundCodes.includes(code)) {
      return { kind: 'not_found', exchange };
    }
    if (code !== PAYPRO_OK || !isSuccess(httpStatus)) {
      return unknown(`HTTP ${httpStatus} with outer code ${code ?? '(none)'}: ${asText(envelope.msg) ?? ''}`.trim());
    }
    const data = isJsonObject(envelope.data) ? envelope.data : {};
    // Most query pages return orderAmount; the Nigeria page returns amount (docs/gateways.md 1.4).
    // An orderAmount that is there but unreadable (Infinity, an object) is not absent: it is kept and refused.
    const amount = readGatewayDecimal(data.orderAmount, this.channel.currency).kind === 'absent' ? data.amount : data.orderAmount;
    const report = this.report(envelope, tradeNo, amount);
    if (typeof report === 'string') return unknown(report);
    return { kind: 'found', report, exchange };
  }

  parseCallback(input: CallbackInput): CallbackOutcome {
    return parsePayproCallback(input, {
      secret: this.settings.secret,
      currency: this.channel.currency,
      utcOffsetMinutes: this.settings.utcOffsetMinutes,
      failureCodes: this.settings.failureCodes,
    });
  }

  async balance(): Promise<Balance> {
    const call = await this.client.post('balance', this.settings.paths.balance, {});
    const data = this.balanceData(call);
    const currency = this.channel.currency;
    // The Indonesia page spells it availablAmount (docs/gateways.md 1.7).
    const available = decimalToMinor(data.availableAmount ?? data.availablAmount, currency);
    if (available === undefined) throw this.unavailable('balance answer without a readable availableAmount');
    const balance: Balance = { currency, availableMinor: available };
    const frozen = decimalToMinor(data.freezeAmount, currency);
    if (frozen !== undefined) balance.frozenMinor = frozen;
    const unsettled = decimalToMinor(data.unsettledAmount, currency);
    if (unsettled !== undefined) balance.unsettledMinor = unsettled;
    return balance;
  }

  /** The report in `envelope.data`, or why there is none (a reason string). */
  private report(envelope: PayproEnvelope, tradeNo: string, amount: unknown): StatusReport | string {
    if (!isJsonObject(envelope.data)) return 'outer code 0000 without a data object';
    const echoed = asText(envelope.data.tradeNo);
    if (echoed !== undefined && echoed !== tradeNo) return `the answer is about another tradeNo (${echoed})`;
    // An amount that is there but unreadable makes the whole answer untrustworthy, never a smaller one.
    const read = readGatewayDecimal(amount, this.channel.currency);
    if (read.kind === 'malformed') return `malformed amount: ${read.problem}`;
    const report = payproReport(envelope.data, {
      tradeNo,
      currency: this.channel.currency,
      utcOffsetMinutes: this.settings.utcOffsetMinutes,
      amount,
    });
    return report ?? 'outer code 0000 without data.status';
  }

  private balanceData(call: PayproCall): Record<string, unknown> {
    if (call.kind !== 'response') throw this.unavailable(call.reason);
    const { httpStatus, envelope } = call;
    if (!isSuccess(httpStatus) || !envelope) throw this.unavailable(`HTTP ${httpStatus}`);
    const code = asText(envelope.code);
    if (code !== PAYPRO_OK) throw this.unavailable(`outer code ${code ?? '(none)'}: ${asText(envelope.msg) ?? ''}`.trim());
    if (!isJsonObject(envelope.data)) throw this.unavailable('balance answer without a data object');
    return envelope.data;
  }

  private unavailable(reason: string): GatewayUnavailableError {
    return new GatewayUnavailableError(`Payout channel "${this.channel.code}" balance: ${reason}`);
  }
}

function isSuccess(httpStatus: number): boolean {
  return httpStatus >= 200 && httpStatus < 300;
}

function isClientError(httpStatus: number): boolean {
  return httpStatus >= 400 && httpStatus < 500;
}
