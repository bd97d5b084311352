import { describe, expect, it } from 'vitest';
import { parseUrl } from '../../../src/util/parse-url';

describe('parseUrl', () => {
  it('parses an address', () => {
    expect(parseUrl('https://www.wsws.org/en/articles/2022/03/09/x.html?x=1#p')?.hostname).toBe('www.wsws.org');
  });

  it('is null for text that is no address, where new URL throws', () => {
    for (const text of ['', 'not a url', 'http://', '//example.com/x', 'https://exa mple.com/']) {
      expect(parseUrl(text), text).toBeNull();
    }
  });

  it('resolves against a base', () => {
    expect(parseUrl('../b?c', 'https://example.com/a/d/e')?.href).toBe('https://example.com/a/b?c');
    expect(parseUrl('x', 'not a base')).toBeNull();
  });
});
