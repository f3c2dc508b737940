import {
  BatchConflictError, BatchNotFoundError, ChannelConfigError, PayoutConflictError, PayoutNotFoundError, PayoutsError, PayoutValidationError, UnknownChannelError,
} from './errors';

describe('the module’s errors', () => {
  it('lists every field problem of an invalid request in its message', () => {
    const error = new PayoutValidationError([{ field: 'amount', problem: 'must be positive' }, { field: 'currency', problem: 'must be IDR' }]);
    expect(error.message).toBe('Invalid payout request: amount must be positive; currency must be IDR');
    expect(error.details).toHaveLength(2);
    expect(error).toBeInstanceOf(PayoutsError);
    expect(error.name).toBe('PayoutValidationError');
  });

  it('says what to do on a reused merchant reference', () => {
    expect(new PayoutConflictError('inv-1', 'p-1').message).toBe(
      'merchantReference "inv-1" is already used by payout p-1 with a different request; use a new merchantReference for a new payout',
    );
    expect(new BatchConflictError('b-1', 'id-1').message).toBe(
      'batchReference "b-1" is already used by batch id-1 with other content; use a new batchReference for a new batch',
    );
  });

  it('names what was not found, and the channels there are', () => {
    expect(new PayoutNotFoundError('p-1').message).toBe('Payout p-1 does not exist');
    expect(new BatchNotFoundError('b-1').message).toBe('Payout batch b-1 does not exist');
    expect(new UnknownChannelError('x', ['paypro-idn', 'cashy-per']).message).toBe('Unknown payout channel "x"; configured channels: paypro-idn, cashy-per');
    expect(new UnknownChannelError('x', []).message).toBe('Unknown payout channel "x"; configured channels: (none)');
  });

  it('names the channel and field of a configuration problem', () => {
    const error = new ChannelConfigError('paypro-idn', 'secret', 'is missing');
    expect(error.message).toBe('Payout channel "paypro-idn": secret is missing');
    expect(error.name).toBe('ChannelConfigError');
  });
});
