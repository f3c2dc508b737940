import { parseLocalTime, parseUtcOffset } from './local-time';

describe('parseUtcOffset', () => {
  it.each([
    ['-05:00', -300],
    ['+08:00', 480],
    ['+05:30', 330],
    ['+00:00', 0],
    ['+14:00', 840],
    ['-00:59', -59],
  ])('%s -> %d minutes', (offset, minutes) => expect(parseUtcOffset(offset)).toBe(minutes));

  it.each(['-5', '05:00', '-05:60', '+15:00', 'UTC', ''])('refuses %p', (offset) => expect(parseUtcOffset(offset)).toBeUndefined());
});

describe('parseLocalTime', () => {
  it('reads Cashy wall-clock time in the channel offset', () => {
    expect(parseLocalTime('2025-01-01 08:08:08', -300)?.toISOString()).toBe('2025-01-01T13:08:08.000Z');
    expect(parseLocalTime('2025-01-01 02:00:00', 480)?.toISOString()).toBe('2024-12-31T18:00:00.000Z');
  });

  it('reads a value with spaces around it, and the last second of a leap day', () => {
    expect(parseLocalTime(' 2024-02-29 23:59:59 ', 0)?.toISOString()).toBe('2024-02-29T23:59:59.000Z');
  });

  it.each([
    null, undefined, '', '2025-01-01T08:08:08', '2025-02-30 08:08:08', '2025-01-01 24:00:00', 1735736888000,
    '2025-13-01 00:00:00', '2025-00-10 00:00:00', '2025-04-31 00:00:00', '2025-01-00 00:00:00', '2025-01-01 08:60:00',
    '2025-01-01 08:00:60', '2025-02-29 00:00:00', '0050-01-01 00:00:00',
  ])(
    'gives nothing for %p',
    (value) => expect(parseLocalTime(value, -300)).toBeUndefined(),
  );
});
