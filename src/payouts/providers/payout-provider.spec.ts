import { refusedBeforeSending } from './payout-provider';

describe('refusedBeforeSending', () => {
  it('refuses as INVALID_REQUEST with every problem in the message, field first, and an exchange that sent nothing', () => {
    const outcome = refusedBeforeSending([
      { field: 'beneficiary.cci', problem: 'is required for bank 5' },
      { field: 'amount', problem: 'must be at least 10.00' },
    ]);
    expect(outcome).toEqual({
      kind: 'refused',
      code: 'INVALID_REQUEST',
      message: 'beneficiary.cci is required for bank 5; amount must be at least 10.00',
      exchange: { operation: 'submit', durationMs: 0 },
    });
  });
});
