/**
 * Test helpers for the library: a small archive written by hand, whose
 * ranking the tests state in advance, a generated one large enough to have
 * many index shards, and a library over packaged files held in memory that
 * records every file it reads.
 */
import { buildPackagedArchive, type ArchiveRecords } from '../../../src/archive/build';
import { openPackagedArchive, type PackagedArchiveReader } from '../../../src/archive/packaged-archive';
import type { ArchivedArticle, ArchivedTweet } from '../../../src/archive/schema';
import { openLibrary, type Library, type LibraryOptions } from '../../../src/library/library';
import { makeArticle, makeTweet } from './archive';
import { createSeededRandom } from './seeded-random';
import { startSearchIndex } from '../../../src/library/index-build';

export interface MemoryLibrary {
  library: Library;
  reader: PackagedArchiveReader;
  /** Every path read, in order. */
  reads: string[];
}

export function libraryOver(files: Map<string, string>, options: Partial<LibraryOptions> = {}): MemoryLibrary {
  const reads: string[] = [];
  const reader = openPackagedArchive(async (path) => {
    reads.push(path);
    const text = files.get(path);
    if (text === undefined) throw new Error(`no file ${path}`);
    return JSON.parse(text) as unknown;
  });
  return { library: openLibrary({ packaged: reader, records: reader, ...options }), reader, reads };
}

export const T1 = '1501707808009506816';
export const T2 = '1501707808009506817';
export const T3 = '1501707808009506818';
export const T4 = '1501707808009506819';
export const T5 = '1501707808009506820';
/** Embedded in no article and archived nowhere: only A2 links to it. */
export const T_LINKED = '1601707808009506999';

const tweet = (id: string, handle: string, name: string, text: string, createdAt: string, extra = {}) =>
  makeTweet(id, {
    url: `https://x.com/${handle}/status/${id}`,
    author: { handle, name, id: null },
    text,
    rawText: text,
    createdAt,
    ...extra,
  });

/**
 * The library the ranking tests search (tests/unit/library-search.test.ts
 * states the orders). Dates, newest first: T5, T2, A2, T1, A1, T3, A5, A3,
 * T4, and A4 undated. "city council": A1 has both words in its title, T1
 * and A3 the phrase, A2 and T5 both words apart (A2 says "council" twice).
 */
export function fixtureRecords(): ArchiveRecords & { byName: Record<string, ArchivedArticle | ArchivedTweet> } {
  const A1 = makeArticle(1, {
    title: 'City council approves the harbour budget',
    publishedAt: '2023-03-01',
    paragraphs: [
      'The city council voted on Tuesday to approve the harbour budget after a long debate.',
      'Critics said the council ignored the workers.',
    ],
    embeds: [{ position: 1, tweetId: T1, fallbackText: ['Loading Tweet ...'] }],
  });
  const A2 = makeArticle(2, {
    title: 'Railway strike ends',
    publishedAt: '2023-04-01',
    paragraphs: ['The council of the city met the union. The council agreed at noon.', 'Trains run again.'],
    tweetLinks: [{ tweetId: T_LINKED, paragraph: 1 }],
  });
  const A3 = makeArticle(3, {
    title: 'Morning news',
    publishedAt: '2022-01-01',
    paragraphs: ['Yesterday the city council met again, as it does every week.'],
  });
  const A4 = makeArticle(4, {
    title: 'Archive notes',
    publishedAt: null,
    paragraphs: ['Notes kept without a date, about nothing in particular.'],
  });
  const A5 = makeArticle(5, {
    title: 'Путин и война',
    lang: 'ru',
    publishedAt: '2022-03-01',
    paragraphs: ['Ёлка стояла в городе. Война продолжалась.'],
  });
  const T1_ = tweet(
    T1,
    'example_press',
    'Example Press',
    'Breaking: the city council approves the budget',
    '2023-03-01T10:00:00.000Z',
  );
  const T2_ = tweet(
    T2,
    'someone',
    'Some One',
    'Thanks @example_press for the council coverage',
    '2023-05-01T00:00:00.000Z',
  );
  const T3_ = tweet(T3, 'traveller', 'Traveller', '東京タワーに行きました', '2023-02-01T00:00:00.000Z');
  const T4_ = tweet(
    T4,
    'someone',
    'Some One',
    'An article about councils and their habits',
    '2021-01-01T00:00:00.000Z',
  );
  const T5_ = tweet(T5, 'someone', 'Some One', 'The city is quiet. Council news tomorrow.', '2023-06-01T00:00:00.000Z');
  const byName = { A1, A2, A3, A4, A5, T1: T1_, T2: T2_, T3: T3_, T4: T4_, T5: T5_ };
  return { articles: [A1, A2, A3, A4, A5], tweets: [T1_, T2_, T3_, T4_, T5_], byName };
}

export function fixtureFiles(): Map<string, string> {
  const { articles, tweets } = fixtureRecords();
  return buildPackagedArchive({ articles, tweets }, { searchIndex: startSearchIndex });
}

const SYLLABLES = 'ba ce di fo gu ha ki lo mu na pe ri so tu va we xi yo zu'.split(' ');

/** Tweets of random made-up words over many first letters: an index of several terms shards. */
export function generatedRecords(count: number): ArchiveRecords {
  const rand = createSeededRandom(11);
  const word = () =>
    Array.from({ length: 2 + Math.floor(rand() * 3) }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join('');
  const vocabulary = Array.from({ length: 600 }, word);
  const base = 1_600_000_000_000_000_000n;
  const tweets = Array.from({ length: count }, (_, i) => {
    const words = Array.from({ length: 20 }, () => vocabulary[Math.floor(rand() * vocabulary.length)]);
    const id = (base + BigInt(i) * 4_194_304_007n).toString();
    const day = String(1 + (i % 28)).padStart(2, '0');
    return tweet(id, `user${i % 50}`, `User ${i % 50}`, words.join(' '), `2022-02-${day}T12:00:00.000Z`);
  });
  return { articles: [], tweets };
}
