import { Logger } from '@nestjs/common';
import { UnknownChannelError } from '../domain/errors';
import { PayoutStatus } from '../domain/payout-status';
import { PayoutReconciler } from '../lifecycle/payout-reconciler.service';
import { ApplyResult, PayoutStateService } from '../lifecycle/payout-state.service';
import { PayoutMetrics } from '../observability/payout-metrics';
import { PayoutEntity } from '../persistence/payout.entity';
import { PayoutRepository } from '../persistence/payout.repository';
import { CallbackAck, CallbackOutcome, PayoutProvider, StatusReport } from '../providers/payout-provider';
import { PayoutProviderRegistry } from '../providers/provider-registry';
import { PayoutWebhookService } from './payout-webhook.service';
import { RejectedCallbackLimiter } from './rejected-callbacks';

const ACK: CallbackAck = { status: 200, contentType: 'text/plain', body: 'OK' };
const TRADE_NO = 'PO26120100000000001';

/** The payout the callbacks are about, at `status`. */
const payout = (status: PayoutStatus): PayoutEntity =>
  ({ id: 'p-1', channel: 'fake-idr', tradeNo: TRADE_NO, status, amount: 1_500_000, currency: 'IDR' }) as PayoutEntity;

const report = (status: StatusReport['status'], amountMinor = 1_500_000): StatusReport => ({ tradeNo: TRADE_NO, status, rawStatus: status, amountMinor });

/**
 * The webhook service between fakes: the provider's verdict on the callback, the payout stored
 * under its trade number, and what a status query would say. Records every call it sees.
 */
function setup(options: { parsed: CallbackOutcome; stored?: PayoutEntity | null; queried?: PayoutStatus }) {
  const calls = { inbox: [] as { outcome: string | null; signatureOk: number; processedAt: Date | null }[], applied: [] as StatusReport[], queries: 0, metrics: [] as string[] };
  const provider = { callbackAck: ACK, parseCallback: () => options.parsed } as unknown as PayoutProvider;
  const registry = { has: (code: string) => code === 'fake-idr', get: () => provider } as unknown as PayoutProviderRegistry;
  const repo = {
    recordWebhook: async (row: { outcome: string | null; signatureOk: number; processedAt: Date | null }) => {
      calls.inbox.push(row);
      return String(calls.inbox.length);
    },
    findByTradeNo: async () => (options.stored === undefined ? payout(PayoutStatus.PROCESSING) : options.stored),
  } as unknown as PayoutRepository;
  const state = {
    applyReport: async (p: PayoutEntity, r: StatusReport): Promise<ApplyResult> => {
      calls.applied.push(r);
      return { kind: 'applied', payout: { ...p, status: r.status } };
    },
  } as unknown as PayoutStateService;
  const reconciler = {
    confirmByQuery: async (p: PayoutEntity) => {
      calls.queries++;
      return { ...p, status: options.queried ?? p.status };
    },
  } as unknown as PayoutReconciler;
  const metrics = { callback: (_channel: string, outcome: string) => void calls.metrics.push(outcome) } as unknown as PayoutMetrics;
  const limiter = new RejectedCallbackLimiter({ maxStored: 100, windowMs: 60_000 });
  const service = new PayoutWebhookService(registry, repo, state, reconciler, metrics, limiter);
  const receive = () => service.receive('fake-idr', { 'content-type': 'application/json' }, Buffer.from('{}'));
  return { service, calls, receive };
}

describe(PayoutWebhookService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('refuses an unknown channel before it records anything', async () => {
    const { service, calls } = setup({ parsed: { kind: 'verified', report: report(PayoutStatus.SUCCEEDED), maskedBody: {} } });
    await expect(service.receive('nope', {}, Buffer.from('{}'))).rejects.toThrow(UnknownChannelError);
    expect(calls.inbox).toEqual([]);
  });

  it('answers a body that is not JSON as unsupported, without parsing it', async () => {
    const { service, calls } = setup({ parsed: { kind: 'verified', report: report(PayoutStatus.SUCCEEDED), maskedBody: {} } });
    expect(await service.receive('fake-idr', { 'content-type': 'text/plain' }, undefined)).toMatchObject({ kind: 'rejected', problem: 'unsupported_media' });
    expect(calls.inbox).toEqual([]);
  });

  it('names the fix when a JSON callback arrives without its raw bytes (the app was not created with rawBody)', async () => {
    const { service, calls } = setup({ parsed: { kind: 'verified', report: report(PayoutStatus.SUCCEEDED), maskedBody: {} } });
    await expect(service.receive('fake-idr', { 'content-type': 'application/json; charset=utf-8' }, undefined)).rejects.toThrow(
      'The raw request body is missing: create the Nest app with { rawBody: true } so callbacks can be verified',
    );
    expect([calls.inbox, calls.applied]).toEqual([[], []]);
  });

  it('answers a callback without a content type and without raw bytes as unsupported', async () => {
    const { service } = setup({ parsed: { kind: 'verified', report: report(PayoutStatus.SUCCEEDED), maskedBody: {} } });
    expect(await service.receive('fake-idr', {}, undefined)).toEqual({ kind: 'rejected', problem: 'unsupported_media', reason: 'callbacks must be application/json' });
  });

  it('records a forged callback as rejected and applies nothing', async () => {
    const { receive, calls } = setup({ parsed: { kind: 'rejected', problem: 'forged', reason: 'the sign does not match' } });
    expect(await receive()).toEqual({ kind: 'rejected', problem: 'forged', reason: 'the sign does not match' });
    expect(calls.inbox).toMatchObject([{ outcome: 'rejected', signatureOk: 0 }]);
    expect(calls.applied).toEqual([]);
    expect(calls.metrics).toEqual(['forged']);
  });

  it.each([
    ['no payout has the trade number', null],
    ['the payout is on another channel', { ...payout(PayoutStatus.PROCESSING), channel: 'cashy-per' }],
  ])('acknowledges a verified callback that is not ours (%s) and changes nothing', async (_case, stored) => {
    const { receive, calls } = setup({ parsed: { kind: 'verified', report: report(PayoutStatus.SUCCEEDED), maskedBody: {} }, stored: stored as PayoutEntity | null });
    expect(await receive()).toEqual({ kind: 'acknowledged', ack: ACK });
    expect(calls.inbox).toMatchObject([{ outcome: 'not_ours', signatureOk: 1, processedAt: expect.any(Date) }]);
    expect(calls.applied).toEqual([]);
  });

  it('applies good news through the state machine and acknowledges it', async () => {
    const { receive, calls } = setup({ parsed: { kind: 'verified', report: report(PayoutStatus.SUCCEEDED), maskedBody: {} } });
    expect(await receive()).toEqual({ kind: 'acknowledged', ack: ACK });
    expect(calls.applied.map((r) => r.status)).toEqual([PayoutStatus.SUCCEEDED]);
    expect(calls.queries).toBe(0);
    expect(calls.inbox).toMatchObject([{ outcome: 'applied', signatureOk: 1, processedAt: expect.any(Date) }]);
  });

  it('believes bad news only through a status query, never from the callback itself', async () => {
    const { receive, calls } = setup({ parsed: { kind: 'verified', report: report(PayoutStatus.FAILED), maskedBody: {} }, queried: PayoutStatus.FAILED });
    expect(await receive()).toEqual({ kind: 'acknowledged', ack: ACK });
    expect(calls.queries).toBe(1);
    expect(calls.applied).toEqual([]);
    expect(calls.inbox).toMatchObject([{ outcome: 'confirmed', signatureOk: 1, processedAt: expect.any(Date) }]);
  });

  it('acknowledges unconfirmed bad news on an open payout: it is polled, so the news is not lost', async () => {
    const { receive, calls } = setup({ parsed: { kind: 'verified', report: report(PayoutStatus.FAILED), maskedBody: {} }, queried: PayoutStatus.PROCESSING });
    expect(await receive()).toEqual({ kind: 'acknowledged', ack: ACK });
    expect(calls.inbox).toMatchObject([{ outcome: 'unconfirmed', signatureOk: 1, processedAt: expect.any(Date) }]);
  });

  it('asks for a redelivery of an unconfirmed return on a settled payout: nothing else would bring it again', async () => {
    const { receive, calls } = setup({
      parsed: { kind: 'verified', report: report(PayoutStatus.REVERSED), maskedBody: {} }, stored: payout(PayoutStatus.SUCCEEDED), queried: PayoutStatus.SUCCEEDED,
    });
    expect(await receive()).toMatchObject({ kind: 'retry_later' });
    expect(calls.applied).toEqual([]);
    expect(calls.inbox).toMatchObject([{ outcome: 'unconfirmed', signatureOk: 1, processedAt: expect.any(Date) }]);
  });

  it('hands bad news for another amount to the state machine, which flags it, without a query', async () => {
    const { receive, calls } = setup({ parsed: { kind: 'verified', report: report(PayoutStatus.FAILED, 999), maskedBody: {} } });
    await receive();
    expect(calls.queries).toBe(0);
    expect(calls.applied.map((r) => r.amountMinor)).toEqual([999]);
  });
});
