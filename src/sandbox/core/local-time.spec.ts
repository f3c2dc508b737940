import { formatLocalTime, parseUtcOffset } from './local-time';

describe(formatLocalTime.name, () => {
  it('writes yyyy-MM-dd HH:mm:ss at a fixed offset', () => {
    const instant = Date.UTC(2025, 0, 1, 3, 4, 5);
    expect(formatLocalTime(instant, -300)).toBe('2024-12-31 22:04:05');
    expect(formatLocalTime(instant, 420)).toBe('2025-01-01 10:04:05');
  });
});

describe(parseUtcOffset.name, () => {
  it.each([
    ['+07:00', 420],
    ['-05:00', -300],
    ['+05:30', 330],
    ['07:00', undefined],
    ['+07:60', undefined],
    ['+15:00', undefined],
  ])('%s -> %s', (text, minutes) => {
    expect(parseUtcOffset(text)).toBe(minutes);
  });
});
