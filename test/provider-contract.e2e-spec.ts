import { ChannelConfig, PayoutStatus } from '../src/payouts';
import { Sandbox, SandboxChannelCode, startSandbox } from '../src/sandbox';
import * as contract from './provider-contract';
import { ProviderContractContext } from './provider-contract';
import { CallbackWriter, cashyCallbacks, payproCallbacks } from './support/gateway-callbacks';
import { sandboxRequest } from '../src/example/sample-payouts';
import { AdapterName } from '../src/example/http-setup';
import { createTestApp } from './support/test-app';

/** What the contract needs to know about each sandbox gateway, beside the simulator itself. */
interface Gateway {
  code: SandboxChannelCode;
  gatewayAmount: string;
  ack: string;
  codes: ProviderContractContext['codes'];
  cancel: ProviderContractContext['cancel'];
  feeOnSuccess: string | null;
  fieldShift: boolean;
  callbacks(channel: ChannelConfig): CallbackWriter;
}

const payproLike = (code: SandboxChannelCode, variant: 'bank' | 'mexico', gatewayAmount: string): Gateway => ({
  code,
  gatewayAmount,
  ack: 'OK',
  // 00029 REJECTED_TRANSACTION is the simulator's default failure and return status; 0100019 is a documented Mexico code.
  codes: {
    defaultFailure: '00029',
    plannedFailure: '0100019',
    plannedFailureMessage: 'PAYEE_DAILY_CUMULATIVE_AMT_REACHED',
    signError: '1001',
    lateReturn: '00029',
  },
  // Paypro has no cancel state: the gateway reports a failure status.
  cancel: { status: PayoutStatus.FAILED, code: '00029' },
  feeOnSuccess: null,
  // k1=v1k2=v2 with no separators: a relay can move characters between fields under a valid sign.
  fieldShift: true,
  callbacks: (channel) => payproCallbacks({ secret: channel.secret!, variant, utcOffset: String(channel.options?.utcOffset) }),
});

const GATEWAYS: Gateway[] = [
  payproLike('paypro-idn', 'bank', '150000'),
  payproLike('paypro-mex', 'mexico', '200'),
  payproLike('vexora-idn', 'bank', '150000'),
  {
    code: 'cashy-per',
    gatewayAmount: '150.00',
    ack: 'SUCCESS',
    codes: {
      defaultFailure: 'ACCOUNT_NOT_EXIST',
      plannedFailure: 'INVALID_CCI',
      plannedFailureMessage: null,
      signError: 'Sign_verify_error',
      lateReturn: 'PAYMENT_OFFSET',
    },
    cancel: { status: PayoutStatus.CANCELLED, code: 'CHANNEL_EXCEPTION' },
    // The simulator's default fee, written verbatim.
    feeOnSuccess: '1.00',
    // The Sign covers the raw body.
    fieldShift: false,
    callbacks: (channel) => cashyCallbacks({ apiKey: channel.secret!, merchantId: channel.merchantId!, utcOffset: String(channel.options?.utcOffset), fee: '1.00' }),
  },
];

/**
 * One sandbox and one app for a describe block. A "live" app gets the gateway's callbacks (and a
 * sibling channel with the wrong secret); a "quiet" app is announced to the gateway at a host it
 * never calls back, so that the payout only learns through queries (and a sibling channel with a
 * short response timeout).
 */
function contractApp(gateway: Gateway, kind: 'live' | 'quiet', adapter: AdapterName): { ctx: ProviderContractContext } {
  const holder = {} as { ctx: ProviderContractContext };
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ basePort: 0, completeAfterMs: 100, timeScale: 0.001 });
    const channel = sandbox.channels.find((c) => c.code === gateway.code)!;
    const sibling: ChannelConfig =
      kind === 'live'
        ? { ...channel, code: `${channel.code}-wrongkey`, secret: `not-${channel.secret}` }
        : { ...channel, code: `${channel.code}-short`, timeouts: { connectMs: 1_000, responseMs: 300 } };
    const app = await createTestApp({
      adapter,
      channels: [channel, sibling],
      payouts: kind === 'quiet' ? { publicBaseUrl: 'http://gateway-cannot-reach.invalid' } : {},
    });
    const simulator = sandbox.simulators[gateway.code];
    const writer = gateway.callbacks(channel);
    holder.ctx = {
      channel: channel.code,
      simulator,
      app,
      validRequest: (merchantReference, name) => sandboxRequest(channel.code, merchantReference, name),
      gatewayAmount: gateway.gatewayAmount,
      callbackBody: (tradeNo, outcome) =>
        writer.body(tradeNo, outcome, simulator.ledger.order(tradeNo) ?? { providerReference: `REF${tradeNo}`, amount: gateway.gatewayAmount }),
      signCallback: (body, key) => writer.sign(body, key),
      forgeries: writer.forgeries,
      ack: gateway.ack,
      codes: gateway.codes,
      cancel: gateway.cancel,
      feeOnSuccess: gateway.feeOnSuccess,
      fieldShift: gateway.fieldShift,
      ...(kind === 'live' ? { wrongSecretChannel: sibling.code } : { shortTimeoutChannel: sibling.code }),
    };
  });
  afterAll(async () => {
    // The simulator first: it drops its keep-alive callback sockets into the app.
    await sandbox?.close();
    await holder.ctx?.app.close();
  });
  return holder;
}

describe.each(GATEWAYS)('provider contract: $code on express', (gateway) => {
  const env = contractApp(gateway, 'live', 'express');

  it('accepts a create: 201 PROCESSING with the gateway reference, one order placed', () => contract.createIsAccepted(env.ctx));
  it('completes through the gateway’s own callbacks, success and failure with its code', () => contract.completesThroughTheGatewaysCallbacks(env.ctx));
  it('refuses forged, and applies duplicate and stale, gateway callbacks correctly', () => contract.survivesForgedDuplicateAndStaleCallbacks(env.ctx));
  it('fails a payout the gateway definitely refused, keeping the gateway’s code', () => contract.refusedCreateFailsWithTheGatewaysCode(env.ctx));
  it('ends REVERSED when the gateway returns a paid order and calls back', () => contract.lateReturnArrivesByCallback(env.ctx));
  it('applies a verified callback and answers exactly the gateway’s acknowledgement', () => contract.verifiedCallbackIsApplied(env.ctx));
  it('refuses forged callbacks with 401 and changes nothing', () => contract.forgedCallbackIsRefused(env.ctx));
  it('does not believe a signed failure callback that the gateway’s ledger contradicts', () => contract.contradictedFailureCallbackIsNotBelieved(env.ctx));
  it('acknowledges a verified callback for an order that is not ours and changes nothing', () => contract.callbackForAnotherOrderIsAcknowledged(env.ctx));
  it('refuses with 400 a signed callback whose trade number is not of our format', () => contract.callbackWithATradeNumberNotOursIsRejected(env.ctx));
  it('applies a callback delivered three times, one after another or at once, once', () => contract.duplicateCallbackIsAppliedOnce(env.ctx));
  it('refuses with 400 a validly signed callback whose fields were shifted, then applies the real one', () => contract.fieldShiftedCallbackIsRejected(env.ctx));
  it('never believes the signed FAIL callbacks the gateway’s ledger contradicts', () => contract.contradictingCallbacksAreNotBelieved(env.ctx));
});

describe.each(GATEWAYS)('provider contract: $code on express, learning only by queries', (gateway) => {
  const env = contractApp(gateway, 'quiet', 'express');

  it('keeps a create that timed out after the gateway took it UNKNOWN; the poller settles it without a second order', () =>
    contract.unknownCreateIsSettledByThePoller(env.ctx, 'timeoutAfterAccept', 'success'));
  it('keeps a create answered 5xx after the gateway took it UNKNOWN, never FAILED; the poller settles it at the gateway’s failure', () =>
    contract.unknownCreateIsSettledByThePoller(env.ctx, 'serverErrorAfterAccept', 'failure'));
  it('keeps a create answered with the ambiguous system error after the gateway took it UNKNOWN, never FAILED; the poller settles it', () =>
    contract.unknownCreateIsSettledByThePoller(env.ctx, 'ambiguousAfterAccept', 'success'));
  it('keeps a create whose connection died before the gateway took it UNKNOWN; the poller resends it under the same trade number once the gateway says it does not know it', () =>
    contract.lostCreateIsResentUnderTheSameTradeNumber(env.ctx));
  it('keeps a create answered with the ambiguous system error before the gateway took it UNKNOWN; the poller resends it under the same trade number', () =>
    contract.lostCreateIsResentUnderTheSameTradeNumber(env.ctx, 'ambiguousBeforeAccept'));
  it('keeps a payout UNKNOWN, not flagged, when a resend after a lagging query is answered "duplicate"; the next query settles it', () =>
    contract.duplicateAnswerKeepsThePayoutUnknown(env.ctx));
  it('refresh: an order the gateway holds stays PROCESSING', () => contract.refreshReportsProcessing(env.ctx));
  it('refresh: SUCCEEDED', () => contract.refreshReportsSuccess(env.ctx));
  it('refresh: FAILED with the gateway’s code', () => contract.refreshReportsFailure(env.ctx));
  it(`refresh: a cancellation at the gateway ends ${gateway.cancel.status}`, () => contract.refreshReportsCancellation(env.ctx));
  it('refresh: REVERSED after a late return', () => contract.lateReturnFoundByRefresh(env.ctx));
});

describe.each(GATEWAYS)('provider contract: $code callbacks on fastify', (gateway) => {
  const env = contractApp(gateway, 'live', 'fastify');

  it('completes through the gateway’s own callbacks, success and failure with its code', () => contract.completesThroughTheGatewaysCallbacks(env.ctx));
  it('applies a verified callback and answers exactly the gateway’s acknowledgement', () => contract.verifiedCallbackIsApplied(env.ctx));
  it('refuses forged callbacks with 401 and changes nothing', () => contract.forgedCallbackIsRefused(env.ctx));
  it('does not believe a signed failure callback that the gateway’s ledger contradicts', () => contract.contradictedFailureCallbackIsNotBelieved(env.ctx));
  it('acknowledges a verified callback for an order that is not ours and changes nothing', () => contract.callbackForAnotherOrderIsAcknowledged(env.ctx));
  it('applies a callback delivered three times, one after another or at once, once', () => contract.duplicateCallbackIsAppliedOnce(env.ctx));
  it('ends REVERSED when the gateway returns a paid order and calls back', () => contract.lateReturnArrivesByCallback(env.ctx));
});
