import { PayoutStatus } from '../../domain/payout-status';
import { payproReport } from './paypro.report';
import { describePayproCode, mapPayproStatus } from './paypro.status-map';

describe('mapPayproStatus', () => {
  it.each([
    ['0000', PayoutStatus.SUCCEEDED],
    ['0015', PayoutStatus.PROCESSING],
    ['0001', PayoutStatus.FAILED],
    ['0100019', PayoutStatus.FAILED],
    ['00029', PayoutStatus.FAILED],
    ['00032', PayoutStatus.FAILED],
    ['5000', PayoutStatus.FAILED],
    ['9999', PayoutStatus.FAILED],
    ['000', PayoutStatus.FAILED],
    ['00000', PayoutStatus.FAILED],
  ])('data.status %s → %s', (code, status) => {
    expect(mapPayproStatus(code)).toBe(status);
  });

  it('describes the documented codes', () => {
    expect(describePayproCode('0100019')).toBe('PAYEE_DAILY_CUMULATIVE_AMT_REACHED');
    expect(describePayproCode('00029')).toBe('REJECTED_TRANSACTION');
    expect(describePayproCode('00032')).toBe('UNKNOWN_ERROR');
    expect(describePayproCode('4242')).toBeUndefined();
  });
});

describe('payproReport', () => {
  const context = { tradeNo: 't1', currency: 'IDR', utcOffsetMinutes: 420 };

  it('takes the failure message from message, then desc (Mexico), then the code table', () => {
    expect(payproReport({ status: '00029', message: 'Rejected by bank' }, context)?.failure).toEqual({
      code: '00029',
      message: 'Rejected by bank',
    });
    expect(payproReport({ status: '00029', desc: 'REJECTED' }, context)?.failure).toEqual({ code: '00029', message: 'REJECTED' });
    expect(payproReport({ status: '00029' }, context)?.failure).toEqual({ code: '00029', message: 'REJECTED_TRANSACTION' });
    expect(payproReport({ status: '7777' }, context)?.failure).toEqual({ code: '7777' });
  });

  it('has no failure for success or processing', () => {
    expect(payproReport({ status: '0000', message: 'SUCCESS' }, context)?.failure).toBeUndefined();
    expect(payproReport({ status: '0015', message: 'PAYING' }, context)?.failure).toBeUndefined();
  });

  it.each([[{}], [{ status: '' }], [{ status: 0 }], [{ status: null }]])('gives no report without a string status: %j', (data) => {
    expect(payproReport(data, context)).toBeUndefined();
  });

  it('reads successTime as local time at the channel offset, only on a final status', () => {
    const done = payproReport({ status: '0000', successTime: '2024-10-12 12:59:32' }, context);
    expect(done?.completedAt?.toISOString()).toBe('2024-10-12T05:59:32.000Z');
    const mexico = payproReport({ status: '0000', successTime: '2024-10-12 12:59:32' }, { ...context, utcOffsetMinutes: -360 });
    expect(mexico?.completedAt?.toISOString()).toBe('2024-10-12T18:59:32.000Z');
    expect(payproReport({ status: '0015', successTime: '2024-10-12 12:59:32' }, context)?.completedAt).toBeUndefined();
    expect(payproReport({ status: '0000', successTime: '2024-02-30 12:00:00' }, context)?.completedAt).toBeUndefined();
  });

  it('converts the amount to minor units and keeps the platform reference', () => {
    const report = payproReport({ status: '0015', platFormTradeNo: '63mz9aepqczdw280' }, { ...context, amount: '300.00' });
    expect(report).toEqual({
      tradeNo: 't1',
      status: PayoutStatus.PROCESSING,
      rawStatus: '0015',
      providerReference: '63mz9aepqczdw280',
      amountMinor: 30000,
    });
  });
});
