import { describe, expect, it } from 'vitest';
import { compareText } from '../../../src/util/compare-text';

describe('compareText', () => {
  it('orders by UTF-16 code units: capitals before small letters, accents after z, nothing first', () => {
    // The order of the code units, read off the Unicode charts: "" < "B" (42) < "a" (61) < "aa" < "b" < "z" (7A) < "é" (E9).
    expect(['é', 'b', 'aa', 'z', '', 'a', 'B'].sort(compareText)).toEqual(['', 'B', 'a', 'aa', 'b', 'z', 'é']);
  });

  it('puts a character outside the BMP (a surrogate pair, D83D DE00) before U+FFFF, where code points would not', () => {
    expect(compareText('\u{1F600}', '\uFFFF')).toBe(-1);
    expect(compareText('\uFFFF', '\u{1F600}')).toBe(1);
  });

  it('is 0 for equal strings only, and the same in every locale (unlike localeCompare)', () => {
    expect(compareText('abc', 'abc')).toBe(0);
    expect(compareText('a', 'A')).toBe(1);
    expect('a'.localeCompare('A', 'en')).toBe(-1);
  });
});
