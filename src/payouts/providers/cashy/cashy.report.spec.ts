import { PayoutStatus } from '../../domain/payout-status';
import { cashyReport } from './cashy.report';

const PERU = -300;
const order = (fields: Record<string, unknown>) => ({
  mchOrderNo: 'PE1',
  orderNo: 'PAYOUT1',
  amount: '10.00',
  fee: 0,
  completionTime: '2025-01-01 08:08:08',
  ...fields,
});

describe('cashyReport', () => {
  // The docs: fee and completionTime only have a value once the order is paid.
  it.each(['PROCESSING', 'WAITING', 'PAYING', 'SOMETHING_NEW'])('reports no fee and no completion time on %s', (orderStatus) => {
    const report = cashyReport(order({ orderStatus, fee: '0.50' }), 'PE1', 'PEN', PERU);
    expect(report).toEqual({ tradeNo: 'PE1', status: PayoutStatus.PROCESSING, rawStatus: orderStatus, providerReference: 'PAYOUT1', amountMinor: 1000 });
  });

  it.each<[string, string | undefined, PayoutStatus]>([
    ['SUCCESS', 'SUCCESS', PayoutStatus.SUCCEEDED],
    ['FAIL', 'INVALID_CCI', PayoutStatus.FAILED],
    ['CANCEL', undefined, PayoutStatus.CANCELLED],
    ['FAIL', 'PAYMENT_OFFSET', PayoutStatus.REVERSED],
  ])('reports the fee and completion time of a final %s (%s)', (orderStatus, resultDesc, status) => {
    const report = cashyReport(order({ orderStatus, resultDesc, fee: '0.50' }), 'PE1', 'PEN', PERU);
    expect(report).toMatchObject({ status, feeMinor: 50, completedAt: new Date('2025-01-01T13:08:08Z') });
  });

  it('reports a final fee of 0 as 0', () => {
    expect(cashyReport(order({ orderStatus: 'SUCCESS', fee: 0 }), 'PE1', 'PEN', PERU)).toMatchObject({ feeMinor: 0 });
  });

  it('leaves out an amount or fee the answer does not give', () => {
    const report = cashyReport(order({ orderStatus: 'SUCCESS', amount: null, fee: undefined }), 'PE1', 'PEN', PERU);
    expect(report).not.toHaveProperty('amountMinor');
    expect(report).not.toHaveProperty('feeMinor');
  });

  it.each<[string, Record<string, unknown>]>([
    ['an exponent fee', { fee: '1e400' }],
    ['a fee beyond a double', { fee: JSON.parse('1e400') }],
    ['an unsafe fee', { fee: '99999999999999999999.00' }],
    ['a negative fee', { fee: '-5.00' }],
    ['a negative amount', { amount: -10 }],
    ['an unsafe amount', { amount: 1e20 }],
    ['an amount with too many decimals', { amount: '10.001' }],
    ['a malformed fee on an order still processing', { orderStatus: 'PROCESSING', fee: '-5.00' }],
  ])('says why there is no report on %s', (_name, fields) => {
    expect(cashyReport(order({ orderStatus: 'SUCCESS', ...fields }), 'PE1', 'PEN', PERU)).toEqual(expect.stringMatching(/^malformed (amount|fee): /));
  });

  it('gives only what the order says: no reference, failure nor completion time it does not have, and an empty raw status for a missing one', () => {
    expect(cashyReport({ mchOrderNo: 'PE1', amount: '10.00' }, 'PE1', 'PEN', PERU)).toStrictEqual({
      tradeNo: 'PE1',
      status: PayoutStatus.PROCESSING,
      rawStatus: '',
      amountMinor: 1000,
    });
    expect(cashyReport({ mchOrderNo: 'PE1', orderStatus: 'SUCCESS', resultDesc: 'SUCCESS', fee: '0.50' }, 'PE1', 'PEN', PERU)).toStrictEqual({
      tradeNo: 'PE1',
      status: PayoutStatus.SUCCEEDED,
      rawStatus: 'SUCCESS',
      feeMinor: 50,
    });
  });
});
