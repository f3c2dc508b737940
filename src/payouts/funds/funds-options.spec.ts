import { ChannelConfig } from '../providers/channel-config';
import { channelFundsSettings, fundsOptions } from './funds-options';

const channel = (protocol: string, options: Record<string, unknown> = {}): ChannelConfig => ({ code: 'c-1', protocol, currency: 'PEN', options });

describe('channel funds settings', () => {
  it('holds payouts by default where the protocol reads a balance, and not where it cannot', () => {
    expect(channelFundsSettings(channel('cashy'), true).settings.holdWhenShort).toBe(true);
    expect(channelFundsSettings(channel('fake'), false)).toEqual({ settings: { holdWhenShort: false, lowBalanceBelowMinor: null, insufficientFundsCodes: [] }, problems: [] });
    expect(channelFundsSettings(channel('cashy', { holdWhenShort: false }), true).settings.holdWhenShort).toBe(false);
  });

  it("knows Cashy's documented not-enough-balance answer, and no Paypro one", () => {
    expect(channelFundsSettings(channel('cashy'), true).settings.insufficientFundsCodes).toEqual(['MERCHANT_BALANCE_NOT_ENOUGH']);
    expect(channelFundsSettings(channel('paypro'), true).settings.insufficientFundsCodes).toEqual([]);
    expect(channelFundsSettings(channel('paypro', { insufficientFundsCodes: ['00040'] }), true).settings.insufficientFundsCodes).toEqual(['00040']);
  });

  it('reads the low-balance threshold in minor units of the channel currency', () => {
    expect(channelFundsSettings(channel('cashy', { lowBalanceBelow: '1500.50' }), true).settings.lowBalanceBelowMinor).toBe(150_050);
  });

  it('names every option a channel cannot honour', () => {
    const { problems } = channelFundsSettings(channel('fake', { holdWhenShort: 'yes', lowBalanceBelow: 100, insufficientFundsCodes: [''] }), false);
    expect(problems.map((p) => p.field)).toEqual(['options.holdWhenShort', 'options.lowBalanceBelow', 'options.insufficientFundsCodes']);
    expect(channelFundsSettings(channel('fake', { holdWhenShort: true }), false).problems).toEqual([
      { field: 'options.holdWhenShort', problem: 'needs a balance endpoint, which fake channels do not have' },
    ]);
  });
});

describe('module funds options', () => {
  it('fills defaults: a 15 s balance interval while payouts wait, 5 min otherwise, a week in the queue', () => {
    expect(fundsOptions()).toEqual({ balanceIntervalMs: 15_000, balanceRefreshMs: 300_000, queueExpiresAfterMs: 604_800_000 });
  });

  it('refuses unknown keys and values that cannot work', () => {
    expect(() => fundsOptions({ balanceIntervalMS: 1 } as never)).toThrow(/"funds.balanceIntervalMS"/);
    expect(() => fundsOptions({ queueExpiresAfterMs: 0 })).toThrow(/funds.queueExpiresAfterMs must be a whole number/);
  });
});
