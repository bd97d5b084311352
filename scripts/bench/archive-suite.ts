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
 * fingerprints of three paragraphs on each side (src/archive/lookup.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildPackagedArchive, type ArchiveRecords } from '../../src/archive/build';
import { articleIdFor } from '../../src/archive/ids';
import { tweetRecord } from '../../src/archive/importers/record';
import { fingerprintText, normalizePageUrl, titleFingerprints } from '../../src/archive/keys';
import { matchEmbed, type EmbedQuery, type PageQuery } from '../../src/archive/lookup';
import { openPackagedArchive, type ArchiveReader } from '../../src/archive/packaged-archive';
import type { ArchivedArticle, ArchivedTweet } from '../../src/archive/schema';
import { compare, interleaved, single } from './lib/stats';
import type { BenchOptions, Figure, SuiteResult } from './types';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** mulberry32: the same archive on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  const rand = random(42);
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

export async function runArchiveSuite(options: BenchOptions): Promise<SuiteResult> {
  const [tweetCount, articleCount] = options.quick ? [10_000, 1_000] : [100_000, 10_000];
  const rounds = options.quick
    ? { build: 1, cold: 8, coldNaive: 2, warm: 200, memory: 1 }
    : { build: 3, cold: 40, coldNaive: 5, warm: 2000, memory: 3 };
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
          files = buildPackagedArchive(records);
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
    naiveJson = '';

    // The pages to look up: one per article picked at random (fixed seed).
    const rand = random(7);
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
        note: `largest shard ${(largestShard / 1024).toFixed(0)} KiB`,
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
        'the page suites.',
      figures,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default runArchiveSuite;
