/**
 * Shared test helpers: the seed article as the reference text, and packaged
 * archives built in memory.
 */
import { readFileSync } from 'node:fs';
import { buildPackagedArchive, type ArchiveRecords } from '../../../src/archive/build';
import { articleIdFor } from '../../../src/archive/ids';
import { openPackagedArchive, type PackagedArchiveReader } from '../../../src/archive/packaged-archive';
import type { ArchivedArticle, ArchivedTweet } from '../../../src/archive/schema';
import { readSources } from '../../../src/cli/sources';
import { startSearchIndex } from '../../../src/library/index-build';

/** The seed article, byte for byte (tests/fixtures/seed/article.txt, the text the project started from). */
export const SEED_TEXT = readFileSync('tests/fixtures/seed/article.txt', 'utf8');
export const SEED_TITLE = SEED_TEXT.split('\n')[0] as string;
export const SEED_FALLBACK_LINES = ['Loading Tweet ...', 'Tweet not loading? See it directly on Twitter'];
/** The article's paragraphs, read from the file independently of the importer. */
export const SEED_PARAGRAPHS = SEED_TEXT.split(/\n[ \t]*\n/)
  .slice(1)
  .filter((block) => block !== SEED_FALLBACK_LINES.join('\n'));
export const SOURCES_DIR = 'assets/archive/sources';
export const PACKAGED_DIR = 'assets/archive/packaged';

const SEED_RECORDS = await readSources(SOURCES_DIR);

export function seedRecords(): ArchiveRecords {
  return structuredClone(SEED_RECORDS);
}

export interface MemoryArchive {
  files: Map<string, string>;
  reader: PackagedArchiveReader;
  /** Every path read, in order. */
  reads: string[];
}

export function memoryArchive(files: Map<string, string>): MemoryArchive {
  const reads: string[] = [];
  const reader = openPackagedArchive(async (path) => {
    reads.push(path);
    const text = files.get(path);
    if (text === undefined) throw new Error(`no file ${path}`);
    return JSON.parse(text) as unknown;
  });
  return { files, reader, reads };
}

export function buildMemoryArchive(records: ArchiveRecords): MemoryArchive {
  return memoryArchive(buildPackagedArchive(records, { searchIndex: startSearchIndex }));
}

export function makeArticle(n: number, overrides: Partial<ArchivedArticle> = {}, paragraphCount = 3): ArchivedArticle {
  const url = overrides.urls?.[0] ?? `https://news.example.org/${n}/story`;
  const title = overrides.title ?? `Synthetic article number ${n} about the archive`;
  const paragraphs =
    overrides.paragraphs ??
    Array.from(
      { length: paragraphCount },
      (_, i) => `Paragraph ${i} of synthetic article ${n}: enough words here to be fingerprinted.`,
    );
  return {
    v: 1,
    id: articleIdFor(url, title, paragraphs[0] ?? ''),
    title,
    urls: [url],
    siteName: 'Example News',
    byline: null,
    lang: 'en',
    publishedAt: '2022-03-09',
    paragraphs,
    embeds: [],
    sources: [
      { format: 'text', file: `articles/${n}.txt`, capturedAt: null, sourceUrl: url, note: 'synthetic test record' },
    ],
    ...overrides,
  };
}

export function makeTweet(id: string, overrides: Partial<ArchivedTweet> = {}): ArchivedTweet {
  return {
    v: 1,
    id,
    url: `https://x.com/someone/status/${id}`,
    status: 'available',
    createdAt: '2022-03-09T12:00:00Z',
    createdAtFrom: 'source',
    createdAtRaw: null,
    deletedAt: null,
    author: { handle: 'someone', name: 'Some One', id: null },
    lang: 'en',
    text: 'The archived text of the tweet.',
    rawText: 'The archived text of the tweet.',
    displayTextRange: null,
    truncated: false,
    entities: { urls: [], mentions: [], hashtags: [], symbols: [] },
    media: [],
    inReplyTo: null,
    quoted: null,
    retweetOf: null,
    conversationRootId: null,
    metrics: null,
    appearsIn: [],
    sources: [{ format: 'text', file: 'tweets/t.txt', capturedAt: null, sourceUrl: null, note: null }],
    ...overrides,
  };
}
