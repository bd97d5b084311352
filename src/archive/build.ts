/**
 * Turns normalised records into the packaged copy (see schema.ts for the
 * layout): the records, the indexes lookups use, and the library's
 * full-text index, built by the builder the caller hands in
 * (search-index-builder.ts; the library's startSearchIndex). Pure and
 * deterministic: the same records give the same bytes.
 */
import {
  ARCHIVE_FORMAT,
  SCHEMA_VERSION,
  validateArticle,
  validateTweet,
  type ArchiveManifest,
  type ArchiveRecords,
  type ArchivedTweet,
  type RecordIssue,
} from './schema';
import { fingerprintText, normalizePageUrl, shardFileName, shardOf, titleFingerprints } from './keys';
import type { StartSearchIndex } from './search-index-builder';
import { compareText } from '../util/compare-text';

// What the build takes, exported here too for its callers.
export type { ArchiveRecords } from './schema';

export interface BuildOptions {
  /** Builds the library's full-text index of the records (src/library/index-build.ts, startSearchIndex). */
  searchIndex: StartSearchIndex;
}

export class InvalidArchiveError extends Error {
  constructor(readonly issues: RecordIssue[]) {
    super(`${issues.length} invalid field(s): ${issues.map((i) => `${i.record} ${i.field}: ${i.message}`).join('; ')}`);
  }
}

/** Records per shard aimed at: small enough to parse in well under a millisecond. */
const PER_SHARD = { articles: 16, tweets: 64, urls: 1024, text: 512 } as const;

export function buildPackagedArchive(records: ArchiveRecords, options: BuildOptions): Map<string, string> {
  const issues = [
    ...records.articles.flatMap((a, i) => validateArticle(a, a?.id ?? `article #${i}`)),
    ...records.tweets.flatMap((t, i) => validateTweet(t, t?.id ?? `tweet #${i}`)),
  ];
  // One record per id. Sources that describe the same article or tweet must be
  // merged before this point (a stated rule per importer), never silently dropped.
  for (const [kind, records_] of [
    ['article', records.articles],
    ['tweet', records.tweets],
  ] as const) {
    const seen = new Set<string>();
    for (const record of records_) {
      if (typeof record?.id !== 'string') continue; // already reported by the validator
      if (seen.has(record.id)) issues.push({ record: record.id, field: 'id', message: `two ${kind}s have this id` });
      seen.add(record.id);
    }
  }
  if (issues.length) throw new InvalidArchiveError(issues);

  const articles = [...records.articles].sort((a, b) => compareText(a.id, b.id));
  const tweets = new Map(records.tweets.map((t) => [t.id, { ...t, appearsIn: [] as ArchivedTweet['appearsIn'] }]));
  const urls = new Map<string, string[]>();
  const text = new Map<string, [string, number][]>();
  const add = <T>(index: Map<string, T[]>, key: string, value: T) => {
    const list = index.get(key);
    if (list) list.push(value);
    else index.set(key, [value]);
  };

  for (const article of articles) {
    for (const url of article.urls) {
      const key = normalizePageUrl(url);
      if (key && !urls.get(key)?.includes(article.id)) add(urls, key, article.id);
    }
    for (const fp of titleFingerprints(article.title)) add(text, fp, [article.id, -1]);
    article.paragraphs.forEach((p, i) => {
      const fp = fingerprintText(p);
      if (fp) add(text, fp, [article.id, i]);
    });
    article.embeds.forEach((embed, embedIndex) => {
      if (embed.tweetId) tweets.get(embed.tweetId)?.appearsIn.push({ articleId: article.id, embedIndex });
    });
  }

  const files = new Map<string, string>();
  const shards = {
    articles: writeSharded(files, 'articles', new Map(articles.map((a) => [a.id, a])), PER_SHARD.articles),
    tweets: writeSharded(files, 'tweets', tweets, PER_SHARD.tweets),
    urls: writeSharded(files, 'urls', urls, PER_SHARD.urls),
    text: writeSharded(files, 'text', text, PER_SHARD.text),
  };
  const index = options.searchIndex();
  for (const article of articles) index.addArticle(article);
  for (const tweet of tweets.values()) index.addTweet(tweet);
  const search = index.finish();
  for (const [path, content] of search.files) {
    // The index has its own folder: it may not write over a record or lookup file.
    if (files.has(path)) throw new Error(`the search index would replace ${path}`);
    files.set(path, content);
  }
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    counts: { articles: articles.length, tweets: tweets.size },
    shards,
    search: search.info,
  };
  files.set('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return new Map([...files.entries()].sort(([a], [b]) => compareText(a, b)));
}

function shardCountFor(size: number, perShard: number): number {
  let count = 1;
  while (count * perShard < size) count *= 2;
  return count;
}

/** Writes `dir/<shard>.json` files, one entry per line so that diffs stay readable. */
function writeSharded(
  files: Map<string, string>,
  dir: string,
  entries: Map<string, unknown>,
  perShard: number,
): number {
  const count = shardCountFor(entries.size, perShard);
  const buckets = Array.from({ length: count }, () => [] as [string, unknown][]);
  for (const [key, value] of entries) buckets[shardOf(key, count)]?.push([key, value]);
  buckets.forEach((bucket, index) => {
    bucket.sort(([a], [b]) => compareText(a, b));
    const lines = bucket.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
    files.set(`${dir}/${shardFileName(index, count)}`, `{\n${lines.join(',\n')}\n}\n`);
  });
  return count;
}
