import { describe, expect, it } from 'vitest';
import { hostOf } from '../../../src/util/host-of';

describe('hostOf', () => {
  it('is the host name of an address, in lower case, without port or credentials', () => {
    expect(hostOf('https://www.WSWS.org/en/articles/x.html')).toBe('www.wsws.org');
    expect(hostOf('http://user:pw@example.com:8080/x')).toBe('example.com');
  });

  it('is null with no address, or one that does not parse', () => {
    expect(hostOf(null)).toBeNull();
    expect(hostOf(undefined)).toBeNull();
    expect(hostOf('')).toBeNull();
    expect(hostOf('www.example.com/no-scheme')).toBeNull();
  });
});
