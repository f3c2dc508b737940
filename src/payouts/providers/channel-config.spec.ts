import { ChannelConfig, currencyProblem, FUNDS_OPTION_KEYS, unknownOptions } from './channel-config';

const channel: ChannelConfig = { code: 'paypro-idn', protocol: 'paypro', currency: 'IDR' };

describe('currencyProblem', () => {
  it('names the channel and both currencies when a payout is in another than the channel’s', () => {
    expect(currencyProblem('MXN', channel)).toEqual({ field: 'currency', problem: 'channel paypro-idn pays out in IDR, not MXN' });
  });

  it.each(['ZZZ', ''])('says that %p is not a supported ISO currency', (currency) => {
    expect(currencyProblem(currency)).toEqual({ field: 'currency', problem: `"${currency}" is not a supported ISO currency` });
  });

  it('finds nothing wrong with a supported currency, alone or the channel’s', () => {
    expect(currencyProblem('IDR')).toBeUndefined();
    expect(currencyProblem('IDR', channel)).toBeUndefined();
  });
});

describe('unknownOptions', () => {
  it('names each option the protocol does not read, with the protocol and every option it knows', () => {
    const problems = unknownOptions({ ...channel, options: { paths: {}, holdWhenShort: true, utcOfset: '+07:00', notFoundCode: [] } }, ['paths', 'utcOffset']);
    const known = 'paths, utcOffset, holdWhenShort, lowBalanceBelow, insufficientFundsCodes';
    expect(problems).toEqual([
      { field: 'options.utcOfset', problem: `is not an option of paypro channels (known: ${known})` },
      { field: 'options.notFoundCode', problem: `is not an option of paypro channels (known: ${known})` },
    ]);
  });

  it('takes the funds options on every channel, and a channel without options', () => {
    const funds = Object.fromEntries(FUNDS_OPTION_KEYS.map((key) => [key, 1]));
    expect(unknownOptions({ ...channel, options: funds }, [])).toEqual([]);
    expect(unknownOptions(channel, [])).toEqual([]);
  });
});
