import { parseLocalTime, parseUtcOffset } from './local-time';

describe('parseUtcOffset', () => {
  it.each([
    ['-05:00', -300],
    ['+08:00', 480],
    ['+05:30', 330],
    ['+00:00', 0],
  ])('%s -> %d minutes', (offset, minutes) => expect(parseUtcOffset(offset)).toBe(minutes));

  it.each(['-5', '05:00', '-05:60', '+15:00', 'UTC', ''])('refuses %p', (offset) => expect(parseUtcOffset(offset)).toBeUndefined());
});

describe('parseLocalTime', () => {
  it('reads Cashy wall-clock time in the channel offset', () => {
    expect(parseLocalTime('2025-01-01 08:08:08', -300)?.toISOString()).toBe('2025-01-01T13:08:08.000Z');
    expect(parseLocalTime('2025-01-01 02:00:00', 480)?.toISOString()).toBe('2024-12-31T18:00:00.000Z');
  });

  it.each([null, undefined, '', '2025-01-01T08:08:08', '2025-02-30 08:08:08', '2025-01-01 24:00:00', 1735736888000])(
    'gives nothing for %p',
    (value) => expect(parseLocalTime(value, -300)).toBeUndefined(),
  );
});
