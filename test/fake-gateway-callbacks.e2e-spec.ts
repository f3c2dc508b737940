import { FakePayoutProtocol, PayoutStatus } from '../src/payouts';
import { eventually } from './support/eventually';
import { createTestApp, FAKE_CHANNEL, TestApp } from './support/test-app';

/** The fake protocol with `callbacks: true` settles payouts by calling back, as a gateway does, with polling off. */
describe('the fake gateway calling back', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ channels: [{ ...FAKE_CHANNEL, options: { callbacks: true } }] });
  });
  afterAll(() => t.close());

  it.each([
    ['Budi Santoso', PayoutStatus.SUCCEEDED],
    ['Budi FAIL', PayoutStatus.FAILED],
  ])('settles a payout for %s as %s within moments of its creation, without a poll', async (name, final) => {
    const { payout } = await t.service.create({
      merchantReference: `fake-callback-${final}`, channel: 'fake-idr', amount: '1000', currency: 'IDR', beneficiary: { name, accountNumber: '1234567890' },
    });
    expect(payout.status).toBe(PayoutStatus.PROCESSING);
    await eventually(async () => expect((await t.service.get(payout.id)).status).toBe(final), 5_000, 50);
  });

  it('refuses a callbacks option that is not a boolean, naming the field', () => {
    expect(new FakePayoutProtocol().checkConfig({ ...FAKE_CHANNEL, options: { callbacks: 'yes' } })).toEqual([
      { field: 'options.callbacks', problem: 'must be true or false' },
    ]);
  });
});
