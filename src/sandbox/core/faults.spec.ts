import { FaultDice, checkFaultSettings } from './faults';
import { mulberry32 } from './prng';

describe(FaultDice.name, () => {
  it('uses per-trade-number knobs over global ones', () => {
    const dice = new FaultDice(mulberry32(1), { resetAfterAccept: 0, holdMs: 10, byTradeNo: { T1: { resetAfterAccept: 1, holdMs: 99 } } });
    expect(dice.roll('resetAfterAccept', 'T1')).toBe(true);
    expect(dice.roll('resetAfterAccept', 'T2')).toBe(false);
    expect(dice.amount('holdMs', 'T1')).toBe(99);
    expect(dice.amount('holdMs', 'T2')).toBe(10);
    expect(dice.amount('lateReturnAfterMs')).toBe(1_000);
    expect(dice.amount('lateAcceptMs')).toBe(5_000);
  });

  it('turns latency on when an amount is set, unless its probability says otherwise', () => {
    expect(new FaultDice(mulberry32(1), { latencyMs: 30 }).latency()).toBe(30);
    expect(new FaultDice(mulberry32(1), { latencyMs: 30, latency: 0 }).latency()).toBe(0);
    const jittered = new FaultDice(mulberry32(1), { latencyMs: 30, latencyJitterMs: 10 }).latency();
    expect(jittered).toBeGreaterThanOrEqual(30);
    expect(jittered).toBeLessThan(40);
  });

  it('rolls a probability reproducibly for a seed', () => {
    const rolls = (seed: number) => {
      const dice = new FaultDice(mulberry32(seed), { duplicateCallbacks: 0.3 });
      return Array.from({ length: 200 }, () => dice.roll('duplicateCallbacks'));
    };
    expect(rolls(7)).toEqual(rolls(7));
    expect(rolls(7)).not.toEqual(rolls(8));
    const hits = rolls(7).filter(Boolean).length;
    expect(hits).toBeGreaterThan(40);
    expect(hits).toBeLessThan(80);
  });
});

describe('FaultDice query lag', () => {
  it('turns queryLag on when queryLagMs is set, unless its probability says otherwise', () => {
    expect(new FaultDice(mulberry32(1), { queryLagMs: 100 }).roll('queryLag')).toBe(true);
    expect(new FaultDice(mulberry32(1), { queryLagMs: 100, queryLag: 0 }).roll('queryLag')).toBe(false);
    expect(new FaultDice(mulberry32(1), {}).amount('queryLagMs')).toBe(0);
    expect(new FaultDice(mulberry32(1), {}).amount('queryLatencyMs')).toBe(0);
  });
});

describe(checkFaultSettings.name, () => {
  it('knows the issue 11 knobs', () => {
    expect(
      checkFaultSettings({
        ambiguousBeforeAccept: 1,
        ambiguousAfterAccept: 0.5,
        queryLatencyMs: 500,
        queryLag: 1,
        queryLagMs: 2_000,
        fieldShiftedCallbacks: 1,
        contradictingCallbacks: 1,
      }),
    ).toEqual([]);
    expect(checkFaultSettings({ queryLagMs: -1, fieldShiftedCallbacks: 2 })).toEqual([
      'queryLagMs must be a number >= 0',
      'fieldShiftedCallbacks must be a probability in [0, 1]',
    ]);
  });

  it('names every unknown knob and out-of-range value', () => {
    expect(checkFaultSettings({ latencyMs: 5, byTradeNo: { T: { lateReturn: 1 } } })).toEqual([]);
    expect(checkFaultSettings({ timeout: 1, lateReturn: 1.5, holdMs: -1, byTradeNo: { T: { byTradeNo: {} } } })).toEqual([
      'timeout is not a fault knob',
      'lateReturn must be a probability in [0, 1]',
      'holdMs must be a number >= 0',
      'byTradeNo.T.byTradeNo is not a fault knob',
    ]);
    expect(checkFaultSettings([])).toEqual(['faults must be a JSON object']);
  });
});
