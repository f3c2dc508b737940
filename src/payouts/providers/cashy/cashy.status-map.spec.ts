import { PayoutStatus } from '../../domain/payout-status';
import { mapCashyStatus } from './cashy.status-map';

describe('mapCashyStatus', () => {
  it.each([
    ['PROCESSING', null, PayoutStatus.PROCESSING, undefined],
    ['WAITING', undefined, PayoutStatus.PROCESSING, undefined],
    ['PAYING', 'SUCCESS', PayoutStatus.PROCESSING, undefined],
    ['SUCCESS', 'SUCCESS', PayoutStatus.SUCCEEDED, undefined],
    ['FAIL', 'INVALID_CCI', PayoutStatus.FAILED, 'INVALID_CCI'],
    ['FAIL', 'MERCHANT_BALANCE_NOT_ENOUGH', PayoutStatus.FAILED, 'MERCHANT_BALANCE_NOT_ENOUGH'],
    ['FAIL', undefined, PayoutStatus.FAILED, 'FAIL'],
    ['CANCEL', 'ACCOUNT_CLOSED', PayoutStatus.CANCELLED, 'ACCOUNT_CLOSED'],
    ['CANCEL', '', PayoutStatus.CANCELLED, 'CANCEL'],
    ['FAIL', 'PAYMENT_OFFSET', PayoutStatus.REVERSED, 'PAYMENT_OFFSET'],
    ['SUCCESS', 'PAYMENT_OFFSET', PayoutStatus.REVERSED, 'PAYMENT_OFFSET'],
    ['PAYING', 'PAYMENT_OFFSET', PayoutStatus.PROCESSING, undefined],
    ['REFUNDED', 'PAYMENT_OFFSET', PayoutStatus.PROCESSING, undefined],
    ['success', 'SUCCESS', PayoutStatus.PROCESSING, undefined],
    ['SOMETHING_NEW', 'UNKNOWN_ERROR', PayoutStatus.PROCESSING, undefined],
    [undefined, undefined, PayoutStatus.PROCESSING, undefined],
    [3, 'FAIL', PayoutStatus.PROCESSING, undefined],
  ])('orderStatus %p with resultDesc %p -> %s (failure %p)', (orderStatus, resultDesc, status, failureCode) => {
    const mapped = mapCashyStatus(orderStatus, resultDesc);
    expect(mapped.status).toBe(status);
    expect(mapped.failure?.code).toBe(failureCode);
  });
});
