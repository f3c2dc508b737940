import { planFromName } from './order-engine';

describe(planFromName.name, () => {
  it.each([
    ['Juan Perez', 'success'],
    ['FAIL Juan', 'failure'],
    ['Juan CANCEL', 'cancel'],
    ['HOLD', 'hold'],
    ['FAIL and CANCEL', 'failure'],
    ['fail in lower case', 'success'],
  ])('%s -> %s', (name, outcome) => {
    expect(planFromName(name).outcome).toBe(outcome);
  });
});
