import { describe, expect, it } from 'vitest';
import { articleIdFor, isArticleId } from '../../src/archive/ids';

describe('isArticleId', () => {
  it('accepts "a" and 14 lower-case hex digits, as articleIdFor makes them', () => {
    expect(isArticleId('a0123456789abcd')).toBe(true);
    expect(isArticleId(articleIdFor('https://example.com/story', 'Title', 'First paragraph'))).toBe(true);
    expect(isArticleId(articleIdFor(null, 'Title', 'First paragraph'))).toBe(true);
  });

  it('refuses anything else', () => {
    for (const value of [
      'a0123456789abc',
      'a0123456789abcde',
      'A0123456789abcd',
      'a0123456789ABCD',
      'b0123456789abcd',
    ]) {
      expect(isArticleId(value), value).toBe(false);
    }
    for (const value of [null, undefined, 1, ['a0123456789abcd'], 'a0123456789abcd\n']) {
      expect(isArticleId(value), String(value)).toBe(false);
    }
  });
});
