/**
 * The archive's text keys (src/archive/keys.ts, normalizeForFingerprint): the path of its own that
 * ASCII text takes, for Firefox's sake (docs/performance.md, "Firefox main-thread time"), must give
 * every key the archive was built with. The oracle is the one formula the keys were made with
 * before that path existed (NFKC, lower case, every run of what is not a Unicode letter or digit
 * to one space, trimmed), on generated text of every kind.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintText, normalizeForFingerprint } from '../../src/archive/keys';

/** The keys' formula as it stood before the ASCII path. */
const byUnicodeClasses = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

describe('normalizeForFingerprint', () => {
  it('gives what the Unicode formula gives, for ASCII text of any kind and for text beyond it', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary-ascii', maxLength: 80 }),
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc.string({ unit: 'grapheme', maxLength: 40 }),
        ),
        (text) => {
          expect(normalizeForFingerprint(text)).toBe(byUnicodeClasses(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps letters and digits, lower case, and nothing else, in both paths', () => {
    expect(normalizeForFingerprint('  Council workers STRIKE over the 2026 budget!\n\t')).toBe(
      'council workers strike over the 2026 budget',
    );
    // An em dash, curly quotes and a no-break space: beyond ASCII.
    expect(normalizeForFingerprint('“Council workers”\u00a0— strike over the 2026 budget')).toBe(
      'council workers strike over the 2026 budget',
    );
    // The same paragraph, typed two ways, has one key.
    expect(fingerprintText('Council workers — strike over the 2026 budget, again')).toBe(
      fingerprintText('council workers: strike over the 2026 budget again'),
    );
  });
});
