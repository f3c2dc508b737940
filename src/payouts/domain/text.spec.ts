import { clip } from './text';

describe(clip.name, () => {
  it('keeps text that fits, up to exactly its column', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('x'.repeat(500))).toBe('x'.repeat(500));
  });

  it('cuts longer text to the column, the last character an ellipsis', () => {
    expect(clip('abcd', 3)).toBe('ab…');
    const cut = clip('x'.repeat(501));
    expect(cut).toHaveLength(500);
    expect(cut.endsWith('x…')).toBe(true);
  });
});
