/**
 * The archive at scale: a generated archive of 100,000 tweets and 10,000
 * articles (10,000 and 1,000 with --quick), built into a temporary folder
 * and read back the way the background reads the packaged copy: a fresh
 * reader (as when the service worker has just started) reading shard files
 * with real file reads, then the same reader warm. The baseline, measured in
 * the same run, is the naive archive: one JSON file with every record,
 * loaded whole and indexed in memory before the first lookup.
 *
 * A lookup is what a page with one broken embed asks: matchEmbed with the
 * page's URL and title fingerprints and the embed's tweet id and the
 * fingerprints of three paragraphs on each side (src/archive/lookup.ts, src/messages/lookup.ts).
 *
 * The library (src/library/): searches of one word, two words and the
 * beginning of a word, as the reader page asks them (first 20 results and
 * the total), through the packaged copy's search index, cold (a fresh
 * reader) and warm, against a scan of every record (what `archive search`
 * did before the index); and the same over the user's own archive in
 * IndexedDB (fake-indexeddb), against reading and scanning all its records.
 */
// IndexedDB for the user archive's figures (its globals: idb checks instanceof IDBRequest).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildPackagedArchive, type ArchiveRecords } from '../../src/archive/build';
import { articleIdFor } from '../../src/archive/ids';
import { tweetRecord } from '../../src/embeds/extract/tweet-record';
import { fingerprintText, normalizeForFingerprint, normalizePageUrl, titleFingerprints } from '../../src/archive/keys';
import { matchEmbed } from '../../src/archive/lookup';
import type { EmbedQuery, PageQuery } from '../../src/messages/lookup';
import { openPackagedArchive, type ArchiveReader } from '../../src/archive/packaged-archive';
import type { ArchivedArticle, ArchivedTweet } from '../../src/archive/schema';
import { combineArchives } from '../../src/archive/combined-archive';
import { openUserArchive, type UserArchive } from '../../src/archive/user-archive';
import { openLibrary, type Library } from '../../src/library/library';
import { compare, interleaved, single } from './lib/stats';
import type { BenchOptions, Figure, SuiteResult } from './types';
import { createSeededRandom } from '../../tests/unit/helpers/seeded-random';
import { startSearchIndex } from '../../src/library/index-build';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const WORDS = (
  'archive article broken embed tweet page reader window policy city council budget election report ' +
  'river bridge school market energy climate museum library festival railway harbour vote minister ' +
  'strike workers union press letter statement evening morning history movement question answer'
).split(' ');

function sentence(rand: () => number, minChars: number, salt: string): string {
  const words: string[] = [salt];
  let length = salt.length;
  while (length < minChars) {
    const word = WORDS[Math.floor(rand() * WORDS.length)] as string;
    words.push(word);
    length += word.length + 1;
  }
  return `${words.join(' ')}.`;
}

export function generateArchive(tweetCount: number, articleCount: number): ArchiveRecords {
  const rand = createSeededRandom(42);
  const tweets: ArchivedTweet[] = [];
  const base = 1_500_000_000_000_000_000n;
  for (let i = 0; i < tweetCount; i++) {
    const id = (base + BigInt(i) * 4_194_304_007n).toString();
    const handle = `user${i % 5000}`;
    const tco = `https://t.co/b${i.toString(36)}`;
    const withLink = rand() < 0.3;
    const words = sentence(rand, 60 + Math.floor(rand() * 180), `t${i}`);
    const rawText = withLink ? `${words} ${tco}` : words;
    tweets.push(
      tweetRecord({
        id,
        status: 'available',
        createdAt: '2023-05-14T16:20:31.000Z',
        createdAtRaw: 'Sun May 14 16:20:31 +0000 2023',
        author: { handle, name: `User ${i % 5000}`, id: String(100000 + (i % 5000)) },
        lang: 'en',
        text: withLink ? `${words} https://example.org/${i}` : words,
        rawText,
        displayTextRange: [0, Array.from(rawText).length],
        entities: {
          urls: withLink
            ? [
                {
                  tco,
                  expandedUrl: `https://example.org/${i}`,
                  displayUrl: `example.org/${i}`,
                  indices: [words.length + 1, rawText.length],
                },
              ]
            : [],
          mentions: [],
          hashtags: [],
          symbols: [],
        },
        metrics: { likes: i % 97, retweets: i % 13, replies: null, capturedAt: '2023-07-02T07:32:42.052Z' },
        sources: [
          {
            format: 'x-archive',
            file: `x-archive/bench/data/tweets-part${i % 10}.js`,
            capturedAt: '2023-07-02T07:32:42.052Z',
            sourceUrl: null,
            note: null,
            pointer: `[${Math.floor(i / 10)}].tweet`,
          },
        ],
      }),
    );
  }
  const articles: ArchivedArticle[] = [];
  for (let k = 0; k < articleCount; k++) {
    const url = `https://news${k % 50}.example.org/2023/${k}/story-${k}`;
    const title = sentence(rand, 40, `Story ${k}`).replace(/\.$/, '');
    const paragraphs = Array.from({ length: 8 + Math.floor(rand() * 9) }, (_, p) =>
      sentence(rand, 200 + Math.floor(rand() * 300), `a${k}p${p}`),
    );
    const embeds = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
      position: 1 + Math.floor(rand() * (paragraphs.length - 1)),
      tweetId: tweets[Math.floor(rand() * tweets.length)]?.id ?? null,
      fallbackText: ['Loading Tweet ...'],
    })).sort((a, b) => a.position - b.position);
    articles.push({
      v: 1,
      id: articleIdFor(url, title, paragraphs[0] as string),
      title,
      urls: [url],
      siteName: `News ${k % 50}`,
      byline: null,
      lang: 'en',
      publishedAt: '2023-06-02',
      paragraphs,
      embeds,
      sources: [
        {
          format: 'singlefile',
          file: `articles/story-${k}.html`,
          capturedAt: '2023-06-02T10:15:42.000Z',
          sourceUrl: url,
          note: null,
        },
      ],
    });
  }
  return { articles, tweets };
}

interface Query {
  page: PageQuery;
  embed: EmbedQuery;
  articleId: string;
}

/** What the content script sends for a page showing this article with its first embed broken. */
function queryFor(article: ArchivedArticle): Query {
  const embed = article.embeds[0] as ArchivedArticle['embeds'][number];
  const fp = (i: number) =>
    i >= 0 && i < article.paragraphs.length ? fingerprintText(article.paragraphs[i] as string) : null;
  const around = (from: number, step: number) =>
    [0, 1, 2].map((n) => fp(from + n * step)).filter((v): v is string => v !== null);
  return {
    page: {
      urls: [`${article.urls[0]}?utm_source=twitter`],
      titles: titleFingerprints(`${article.title} - ${article.siteName}`),
    },
    embed: { tweetId: embed.tweetId, before: around(embed.position - 1, -1), after: around(embed.position, 1) },
    articleId: article.id,
  };
}

/** The naive archive: every record in one JSON file, parsed whole and indexed before the first lookup. */
async function openNaiveArchive(path: string): Promise<ArchiveReader> {
  const { articles, tweets } = JSON.parse(await readFile(path, 'utf8')) as ArchiveRecords;
  const tweetById = new Map(tweets.map((t) => [t.id, t]));
  const articleById = new Map(articles.map((a) => [a.id, a]));
  const byUrl = new Map<string, string[]>();
  const byText = new Map<string, [string, number][]>();
  const add = <V>(map: Map<string, V[]>, key: string, value: V) => map.set(key, [...(map.get(key) ?? []), value]);
  for (const a of articles) {
    for (const u of a.urls) {
      const key = normalizePageUrl(u);
      if (key) add(byUrl, key, a.id);
    }
    for (const fp of titleFingerprints(a.title)) add(byText, fp, [a.id, -1] as [string, number]);
    a.paragraphs.forEach((p, i) => {
      const fp = fingerprintText(p);
      if (fp) add(byText, fp, [a.id, i] as [string, number]);
    });
    a.embeds.forEach((e, embedIndex) => {
      const t = e.tweetId ? tweetById.get(e.tweetId) : undefined;
      if (t) t.appearsIn.push({ articleId: a.id, embedIndex });
    });
  }
  return {
    getTweet: async (id) => tweetById.get(id) ?? null,
    getArticle: async (id) => articleById.get(id) ?? null,
    findArticlesByUrl: async (url) => byUrl.get(normalizePageUrl(url) ?? '') ?? [],
    findText: async (fp) => byText.get(fp) ?? [],
  };
}

function openSharded(dir: string, maxShards?: number) {
  return openPackagedArchive(async (path) => JSON.parse(await readFile(join(dir, path), 'utf8')), { maxShards });
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

function heapMiB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Warm lookups: the same readers, after each query was asked once (a page's embeds asked again). */
async function measureWarm(
  shardedDir: string,
  naivePath: string,
  page: Query[],
  rounds: number,
  check: (match: Awaited<ReturnType<typeof matchEmbed>>, query: Query) => void,
): Promise<{ warm: number[]; warmNaive: number[] }> {
  const reader = openSharded(shardedDir);
  const naive = await openNaiveArchive(naivePath);
  for (const query of page) {
    check(await matchEmbed(reader, query.page, query.embed), query);
    check(await matchEmbed(naive, query.page, query.embed), query);
  }
  const warm: number[] = [];
  const warmNaive: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const query = page[i % page.length] as Query;
    for (const variant of interleaved(i, reader, naive)) {
      const start = performance.now();
      await matchEmbed(variant, query.page, query.embed);
      (variant === reader ? warm : warmNaive).push((performance.now() - start) * 1000);
    }
  }
  return { warm, warmNaive };
}

// Each heap measurement runs in its own function, so that nothing it allocated
// outlives it in a suspended async frame and weighs on the next measurement.

async function heapHeldBySharded(dir: string, queries: Query[]): Promise<{ mib: number; shards: number }> {
  const before = heapMiB();
  const reader = openSharded(dir);
  for (const query of queries) await matchEmbed(reader, query.page, query.embed);
  const mib = heapMiB() - before;
  return { mib, shards: reader.heldShards().length };
}

async function heapHeldByNaive(path: string): Promise<number> {
  const before = heapMiB();
  const reader = await openNaiveArchive(path);
  const mib = heapMiB() - before;
  await reader.getTweet('1');
  return mib;
}

// ---------------------------------------------------------------- the library

/** What a person types into the library: whole words, two words, the beginning of a word (search as you type). */
const LIBRARY_QUERIES = {
  '1 word': ['council', 'harbour', 'museum', 'election', 'railway', 'minister', 'festival', 'question'],
  '2 words': [
    'city council',
    'budget vote',
    'river bridge',
    'climate report',
    'press statement',
    'union strike',
    'school library',
    'energy market',
  ],
  prefix: ['coun', 'harb', 'muse', 'elec', 'railw', 'minis', 'fest', 'quest'],
} as const;
type QueryKind = keyof typeof LIBRARY_QUERIES;
const QUERY_KINDS = Object.keys(LIBRARY_QUERIES) as QueryKind[];
/** Results asked for: a page of the reader's list. */
const PAGE = 20;

interface ScanDocument {
  kind: 'tweet' | 'article';
  id: string;
  /** Everything searchable, normalised like archive search's words. */
  normal: string;
}

function scanDocument(record: ArchivedTweet | ArchivedArticle): ScanDocument {
  return 'paragraphs' in record
    ? {
        kind: 'article',
        id: record.id,
        normal: normalizeForFingerprint([record.title, ...record.paragraphs].join(' ')),
      }
    : {
        kind: 'tweet',
        id: record.id,
        normal: normalizeForFingerprint(
          `${record.author?.handle ?? ''} ${record.author?.name ?? ''} ${record.text ?? ''}`,
        ),
      };
}

/** The scan: every document holding every word (as a substring), counted, the first PAGE kept. */
function scanFor(documents: Iterable<ScanDocument>, query: string): { total: number; ids: string[] } {
  const words = normalizeForFingerprint(query).split(' ').filter(Boolean);
  let total = 0;
  const ids: string[] = [];
  for (const doc of documents) {
    if (!words.every((w) => doc.normal.includes(w))) continue;
    total++;
    if (ids.length < PAGE) ids.push(doc.id);
  }
  return { total, ids };
}

/** The baseline, cold: what `archive search` did before the index, reading every record file from disk. */
async function scanFiles(dir: string, query: string): Promise<{ total: number; ids: string[] }> {
  const documents: ScanDocument[] = [];
  for (const kind of ['tweets', 'articles']) {
    for (const file of (await readdir(join(dir, kind))).sort()) {
      const shard = JSON.parse(await readFile(join(dir, kind, file), 'utf8')) as Record<string, ArchivedTweet>;
      for (const record of Object.values(shard)) documents.push(scanDocument(record));
    }
  }
  return scanFor(documents, query);
}

function openLibraryOn(dir: string): Library {
  const reader = openSharded(dir);
  return openLibrary({ packaged: reader, records: reader });
}

interface LibraryTimes {
  cold: Record<QueryKind, number[]>;
  coldScan: Record<QueryKind, number[]>;
  warm: Record<QueryKind, number[]>;
  warmScan: Record<QueryKind, number[]>;
}

const byKind = (): Record<QueryKind, number[]> => ({ '1 word': [], '2 words': [], prefix: [] });

/** Library searches against the scan, cold and warm, each query kind in turn. */
async function measureLibrary(
  dir: string,
  records: ArchiveRecords,
  rounds: { cold: number; coldScan: number; warm: number; warmScan: number },
): Promise<LibraryTimes> {
  const times: LibraryTimes = { cold: byKind(), coldScan: byKind(), warm: byKind(), warmScan: byKind() };
  // Both must find the same records (the words of the generated archive are never inside other words).
  const check = (query: string, found: { total: number }, expected: { total: number }) => {
    if (found.total !== expected.total)
      throw new Error(`library: "${query}" found ${found.total}, the scan ${expected.total}`);
  };

  for (let round = 0; round < rounds.cold; round++) {
    for (const kind of QUERY_KINDS) {
      const queries = LIBRARY_QUERIES[kind];
      const query = queries[round % queries.length] as string;
      const [ms, page] = await timed(() => openLibraryOn(dir).search({ query, offset: 0, limit: PAGE }));
      times.cold[kind].push(ms);
      if (page.items.length !== Math.min(PAGE, page.total)) throw new Error(`library: "${query}" gave a short page`);
      if (round < rounds.coldScan) {
        const [scanMs, scanned] = await timed(() => scanFiles(dir, query));
        times.coldScan[kind].push(scanMs);
        check(query, page, scanned);
      }
    }
  }

  // Warm: the same library, each query asked once before (a reader page that stays open).
  const library = openLibraryOn(dir);
  const inMemory = [...records.tweets, ...records.articles].map(scanDocument);
  for (const kind of QUERY_KINDS)
    for (const query of LIBRARY_QUERIES[kind])
      check(query, await library.search({ query, offset: 0, limit: PAGE }), scanFor(inMemory, query));
  const scanEvery = Math.max(1, Math.floor(rounds.warm / rounds.warmScan));
  for (let round = 0; round < rounds.warm; round++) {
    for (const kind of QUERY_KINDS) {
      const queries = LIBRARY_QUERIES[kind];
      const query = queries[round % queries.length] as string;
      const start = performance.now();
      await library.search({ query, offset: 0, limit: PAGE });
      times.warm[kind].push(performance.now() - start);
      if (round % scanEvery === 0) {
        const scanStart = performance.now();
        scanFor(inMemory, query);
        times.warmScan[kind].push(performance.now() - scanStart);
      }
    }
  }
  return times;
}

interface UserArchiveTimes {
  importMs: number;
  /** The first search (browsing) of a fresh background with both archives, and with the packaged copy alone. */
  bothFirst: number[];
  packagedFirst: number[];
  cold: number[];
  coldScan: number[];
  warm: number[];
  warmScan: number[];
}

/**
 * The user's own archive: their X export's tweets in IndexedDB (fake-indexeddb
 * in Node), searched through the index it keeps, against reading every record
 * and scanning it. Cold: a new connection and library (the service worker
 * has just started).
 */
async function measureUserArchive(
  tweets: ArchivedTweet[],
  packagedDir: string,
  rounds: { cold: number; coldScan: number; warm: number; both: number },
): Promise<UserArchiveTimes> {
  const factory = new IDBFactory();
  const opened: UserArchive[] = [];
  const open = () => {
    const archive = openUserArchive({ indexedDB: factory, searchIndex: startSearchIndex });
    opened.push(archive);
    return archive;
  };
  try {
    const [importMs] = await timed(() => open().addRecords({ articles: [], tweets }, 'tweets.js'));
    const times: UserArchiveTimes = {
      importMs,
      bothFirst: [],
      packagedFirst: [],
      cold: [],
      coldScan: [],
      warm: [],
      warmScan: [],
    };
    // Beside the packaged copy, the first search also finds the records both hold (these tweets
    // are the packaged copy's first ones: all of them), reading every id shard of both indexes.
    for (let round = 0; round < rounds.both; round++) {
      for (const variant of interleaved(round, 'both', 'packaged')) {
        const packaged = openSharded(packagedDir);
        const user = variant === 'both' ? open() : null;
        const records = user ? combineArchives(user, packaged) : packaged;
        const [ms, page] = await timed(() =>
          openLibrary({ packaged, user, records }).search({ query: '', offset: 0, limit: PAGE }),
        );
        (variant === 'both' ? times.bothFirst : times.packagedFirst).push(ms);
        if (page.items.length !== PAGE) throw new Error('library: short first page');
      }
    }
    const queries = [...LIBRARY_QUERIES['1 word'], ...LIBRARY_QUERIES['2 words'], ...LIBRARY_QUERIES.prefix];
    for (let round = 0; round < rounds.cold; round++) {
      const query = queries[round % queries.length] as string;
      const user = open();
      const [ms, page] = await timed(() =>
        openLibrary({ packaged: null, user, records: user }).search({ query, offset: 0, limit: PAGE }),
      );
      times.cold.push(ms);
      if (round < rounds.coldScan) {
        const scanning = open();
        const [scanMs, scanned] = await timed(async () =>
          scanFor((await scanning.exportAll()).tweets.map(scanDocument), query),
        );
        times.coldScan.push(scanMs);
        if (scanned.total !== page.total)
          throw new Error(`user archive: "${query}" found ${page.total}, the scan ${scanned.total}`);
      }
    }
    const user = open();
    const library = openLibrary({ packaged: null, user, records: user });
    const inMemory = (await user.exportAll()).tweets.map(scanDocument);
    for (const query of queries) await library.search({ query, offset: 0, limit: PAGE });
    for (let round = 0; round < rounds.warm; round++) {
      const query = queries[round % queries.length] as string;
      const start = performance.now();
      await library.search({ query, offset: 0, limit: PAGE });
      times.warm.push(performance.now() - start);
      const scanStart = performance.now();
      scanFor(inMemory, query);
      times.warmScan.push(performance.now() - scanStart);
    }
    return times;
  } finally {
    for (const archive of opened) archive.close();
  }
}

export async function runArchiveSuite(options: BenchOptions): Promise<SuiteResult> {
  const [tweetCount, articleCount] = options.quick ? [10_000, 1_000] : [100_000, 10_000];
  const rounds = options.quick
    ? { build: 1, cold: 8, coldNaive: 2, warm: 200, memory: 1 }
    : { build: 3, cold: 40, coldNaive: 5, warm: 2000, memory: 3 };
  const libraryRounds = options.quick
    ? { cold: 4, coldScan: 1, warm: 24, warmScan: 2 }
    : { cold: 24, coldScan: 3, warm: 400, warmScan: 8 };
  const userTweets = options.quick ? 1_000 : 10_000;
  const userRounds = options.quick
    ? { cold: 4, coldScan: 1, warm: 24, both: 2 }
    : { cold: 24, coldScan: 4, warm: 200, both: 12 };
  const dir = mkdtempSync(join(tmpdir(), 'tweet-mender-bench-archive-'));
  try {
    const records = generateArchive(tweetCount, articleCount);
    const shardedDir = join(dir, 'packaged');
    const naivePath = join(dir, 'archive.json');

    // Build: records → files on disk, for the packaged copy and the naive single file, interleaved.
    const buildTimes: number[] = [];
    const naiveTimes: number[] = [];
    let files = new Map<string, string>();
    let naiveJson = '';
    for (let round = 0; round < rounds.build; round++) {
      for (const variant of interleaved(round, 'sharded', 'naive')) {
        if (variant === 'sharded') {
          rmSync(shardedDir, { recursive: true, force: true });
          const start = performance.now();
          files = buildPackagedArchive(records, { searchIndex: startSearchIndex });
          for (const [path, content] of files) {
            mkdirSync(dirname(join(shardedDir, path)), { recursive: true });
            writeFileSync(join(shardedDir, path), content);
          }
          buildTimes.push(performance.now() - start);
        } else {
          const start = performance.now();
          naiveJson = JSON.stringify({ articles: records.articles, tweets: records.tweets });
          writeFileSync(naivePath, naiveJson);
          naiveTimes.push(performance.now() - start);
        }
      }
    }
    const bytes = [...files.values()].reduce((n, text) => n + Buffer.byteLength(text), 0);
    const naiveBytes = Buffer.byteLength(naiveJson);
    const largestShard = Math.max(...[...files.values()].map((text) => Buffer.byteLength(text)));
    const sizeOf = (prefix: string) =>
      [...files].filter(([path]) => path.startsWith(prefix)).reduce((n, [, text]) => n + Buffer.byteLength(text), 0);
    const index = { all: sizeOf('search/'), terms: sizeOf('search/terms/'), catalog: sizeOf('search/catalog/') };
    const largestTerms = Math.max(
      ...[...files].filter(([path]) => path.startsWith('search/terms/')).map(([, text]) => Buffer.byteLength(text)),
    );
    naiveJson = '';

    // The pages to look up: one per article picked at random (fixed seed).
    const rand = createSeededRandom(7);
    const queries = Array.from({ length: 64 }, () =>
      queryFor(records.articles[Math.floor(rand() * records.articles.length)] as ArchivedArticle),
    );
    const check = (match: Awaited<ReturnType<typeof matchEmbed>>, query: Query) => {
      if (match?.article?.id !== query.articleId) throw new Error(`lookup missed ${query.articleId}`);
    };

    // Cold: a fresh reader for every lookup (the service worker has just started).
    const cold: number[] = [];
    const coldNaive: number[] = [];
    for (let round = 0; round < rounds.cold; round++) {
      const query = queries[round % queries.length] as Query;
      const [ms, match] = await timed(async () => matchEmbed(openSharded(shardedDir), query.page, query.embed));
      check(match, query);
      cold.push(ms);
      if (round < rounds.coldNaive) {
        const [naiveMs, naiveMatch] = await timed(async () =>
          matchEmbed(await openNaiveArchive(naivePath), query.page, query.embed),
        );
        check(naiveMatch, query);
        coldNaive.push(naiveMs);
      }
    }

    const page = queries.slice(0, 8);
    const { warm, warmNaive } = await measureWarm(shardedDir, naivePath, page, rounds.warm, check);

    // Memory: what a reader holds after 20 lookups, against the whole archive loaded.
    const held: number[] = [];
    const heldNaive: number[] = [];
    let shardsHeld = 0;
    for (let round = 0; round < rounds.memory; round++) {
      for (const variant of interleaved(round, 'sharded', 'naive')) {
        if (variant === 'sharded') {
          const result = await heapHeldBySharded(shardedDir, queries.slice(0, 20));
          held.push(result.mib);
          shardsHeld = result.shards;
        } else heldNaive.push(await heapHeldByNaive(naivePath));
      }
    }

    const library = await measureLibrary(shardedDir, records, libraryRounds);
    const user = await measureUserArchive(records.tweets.slice(0, userTweets), shardedDir, userRounds);

    const naiveName = 'one JSON file, loaded whole';
    const figures: Figure[] = [
      compare({
        name: `build ${tweetCount.toLocaleString('en-US')} tweets + ${articleCount.toLocaleString('en-US')} articles, files written`,
        unit: 'ms',
        measured: buildTimes,
        baseline: { name: 'JSON.stringify of everything, one file', samples: naiveTimes },
        note: `${files.size} files`,
      }),
      single({
        name: 'packaged size',
        unit: 'MiB',
        value: bytes / 2 ** 20,
        baseline: { name: 'one JSON file of the records', value: naiveBytes / 2 ** 20 },
        goal: { text: '≤ 1.5× the records alone (indexes included)', maxRatio: 1.5 },
        note: `largest shard ${(largestShard / 1024).toFixed(0)} KiB; of which the library's search index ${(index.all / 2 ** 20).toFixed(1)} MiB`,
      }),
      compare({
        name: 'cold lookup (fresh reader: manifest and shards read from disk)',
        unit: 'ms',
        measured: cold,
        baseline: { name: naiveName, samples: coldNaive },
        goal: { text: 'a few tens of ms (≤ 50 ms)', maxValue: 50 },
      }),
      compare({
        name: 'warm lookup (same reader)',
        unit: 'µs',
        measured: warm,
        baseline: { name: 'the whole archive in memory', samples: warmNaive },
        goal: { text: 'well under a millisecond (≤ 200 µs)', maxValue: 200 },
      }),
      compare({
        name: 'heap held after 20 lookups',
        unit: 'MiB',
        measured: held,
        baseline: { name: 'heap held by the whole archive loaded', samples: heldNaive },
        goal: { text: '≤ 0.1× the whole archive', maxRatio: 0.1 },
        note: `${shardsHeld} shards held (at most 256 kept)`,
      }),
      single({
        name: 'library search index (search/), all files',
        unit: 'MiB',
        value: index.all / 2 ** 20,
        baseline: { name: 'one JSON file of the records', value: naiveBytes / 2 ** 20 },
        note:
          `terms ${(index.terms / 2 ** 20).toFixed(1)} MiB (largest shard ${(largestTerms / 1024).toFixed(0)} KiB), ` +
          `catalog ${(index.catalog / 2 ** 20).toFixed(1)} MiB, ids and dates ${((index.all - index.terms - index.catalog) / 2 ** 20).toFixed(1)} MiB`,
      }),
      ...QUERY_KINDS.map((kind) =>
        compare({
          name: `library search, cold, ${kind} (fresh reader; first ${PAGE} and the total)`,
          unit: 'ms',
          measured: library.cold[kind],
          baseline: {
            name: 'scan of every record file (archive search before the index)',
            samples: library.coldScan[kind],
          },
          goal: { text: 'under ~100 ms', maxValue: 100 },
        }),
      ),
      ...QUERY_KINDS.map((kind) =>
        compare({
          name: `library search, warm, ${kind} (same reader)`,
          unit: 'ms',
          measured: library.warm[kind],
          baseline: {
            name: 'scan of every record in memory, text normalised beforehand',
            samples: library.warmScan[kind],
          },
          goal: { text: 'well under 10 ms', maxValue: 10 },
        }),
      ),
      single({
        name: `your archive: import of ${userTweets.toLocaleString('en-US')} tweets into IndexedDB, search index included`,
        unit: 'ms',
        value: user.importMs,
      }),
      compare({
        name: `your archive (${userTweets.toLocaleString('en-US')} tweets, IndexedDB): search, cold`,
        unit: 'ms',
        measured: user.cold,
        baseline: { name: 'every record read from IndexedDB and scanned', samples: user.coldScan },
        goal: { text: 'under ~100 ms', maxValue: 100 },
      }),
      compare({
        name: `library, first page of a fresh background beside your archive of ${userTweets.toLocaleString('en-US')} tweets`,
        unit: 'ms',
        measured: user.bothFirst,
        baseline: { name: 'the packaged copy alone', samples: user.packagedFirst },
        goal: { text: 'under ~100 ms', maxValue: 100 },
        note: 'includes finding the records both archives hold (once per change of your archive)',
      }),
      compare({
        name: `your archive (${userTweets.toLocaleString('en-US')} tweets, IndexedDB): search, warm`,
        unit: 'ms',
        measured: user.warm,
        baseline: { name: 'the records in memory, scanned', samples: user.warmScan },
        goal: { text: 'well under 10 ms', maxValue: 10 },
      }),
    ];
    return {
      suite: 'archive',
      title: 'Archive: build, size and lookups at scale',
      method:
        `A generated archive of ${tweetCount.toLocaleString('en-US')} tweets and ${articleCount.toLocaleString('en-US')} articles ` +
        '(8–16 paragraphs each, 1–3 embeds naming archived tweets) is built into a temporary folder with ' +
        'buildPackagedArchive, as `archive build` does. Lookups run matchEmbed for a page with one broken embed ' +
        '(its URL, title, tweet id and three paragraph fingerprints on each side) against the packaged-copy reader ' +
        'of the background (src/archive/packaged-archive.ts) reading shard files from disk. Cold: a new reader for ' +
        'every lookup, as after the service worker starts. Warm: the same reader, after each query was asked once. ' +
        'Heap: V8 heap used after garbage collection, before and after. Baseline: the same records as one JSON ' +
        'file, read whole, parsed and indexed in memory before its first lookup, measured in the same run. ' +
        'This is the reader module in Node; a cold start of the real service worker in Chromium is measured by ' +
        "the page suites. Library: the reader page's search (src/library/library.ts, first " +
        `${PAGE} results with their snippets, and the total) for one word, two words and the beginning of a word ` +
        '(8 queries of each, in turns), through the search index the build writes (search/), from a fresh reader ' +
        '(cold: the manifest, the terms shards, catalog pages and records read from disk) and from the same reader ' +
        'after each query was asked once (warm); the baseline scans every record for the words, as `archive search` ' +
        'did before the index, counting every match (from the files, cold; from memory with its text normalised ' +
        'beforehand, warm). Both must find the same number of records. Your archive: the first ' +
        `${userTweets.toLocaleString('en-US')} generated tweets imported into IndexedDB (fake-indexeddb in Node, ` +
        "not a browser's), searched through the index it keeps, against reading every record and scanning it; " +
        "and the first page a fresh background lists with both archives (the user's tweets are also in the " +
        'packaged copy, so every one is a record both hold), against the packaged copy alone.',
      figures,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default runArchiveSuite;
