/**
 * The seed article as the end-to-end tests expect to see it, read from the
 * fixture (tests/fixtures/seed/article.txt, the seed byte for byte) by a
 * split written here, not by the importer under test. Its note
 * (assets/archive/sources/articles/wsws-russian-socialist-opponent.txt.source.txt)
 * says how it reads: the title on the first line, then 16 paragraphs
 * separated by blank lines, and after the third paragraph two lines that are
 * the broken embed's fallback block, not article text.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const TEXT = readFileSync(resolve(import.meta.dirname, '../../fixtures/seed/article.txt'), 'utf8');
const FALLBACK_BLOCK = 'Loading Tweet ...\nTweet not loading? See it directly on Twitter';
const [TITLE = '', ...BLOCKS] = TEXT.split(/\n[ \t]*\n/).map((block) => block.trim());

export const SEED = {
  title: TITLE,
  paragraphs: BLOCKS.filter((block) => block !== '' && block !== FALLBACK_BLOCK),
};

// The note's own counts: a fixture that no longer reads this way is the fixture's problem, said here.
if (SEED.paragraphs.length !== 16 || BLOCKS.indexOf(FALLBACK_BLOCK) !== 3) {
  throw new Error('tests/fixtures/seed/article.txt no longer reads as its note says (16 paragraphs, fallback after 3)');
}
