/**
 * Commands that read a packaged copy from disk: validate, show, stats, search.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listPackagedArchiveFiles } from '../archive/packaged-files';
import { openPackagedArchive, type PackagedArchiveReader } from '../archive/packaged-archive';
import {
  validateArticle,
  validateManifest,
  validateTweet,
  type ArchiveManifest,
  type ArchivedArticle,
  type ArchivedTweet,
  type RecordIssue,
} from '../archive/schema';
import { validateManifestSearch } from '../library/index-format';
import { openLibrary } from '../library/library';
import { parseQuery } from '../library/query';
import { findSnippet } from '../library/snippet';
import type { Output } from './output';
import { startProgress } from './progress';
import { compareText } from '../util/compare-text';

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function formatIssue(file: string, issue: RecordIssue): string {
  return `${file}: ${issue.record}: ${issue.field || '(record)'}: ${issue.message}`;
}

/** A reader over a packaged copy on disk, reading shard files as the background does. */
export function openPackagedDir(dir: string): PackagedArchiveReader {
  return openPackagedArchive(async (path) => readJson(join(dir, path)));
}

/** Every problem of a packaged copy, one line each: file, record, field and what is wrong. */
export function validatePackaged(dir: string, err: Output): { issues: string[]; records: number } {
  const issues: string[] = [];
  let records = 0;
  const files = listPackagedArchiveFiles(dir);
  const progress = startProgress(err, files.length, 'validate');
  for (const file of files) {
    progress.tick(file);
    let value: unknown;
    try {
      value = readJson(join(dir, file));
    } catch (error) {
      issues.push(`${file}: not JSON (${(error as Error).message})`);
      continue;
    }
    const found: RecordIssue[] = [];
    // The archive's fields, then the library's index (its `search` field).
    if (file === 'manifest.json') found.push(...validateManifest(value), ...validateManifestSearch(value));
    else if (file.startsWith('articles/') || file.startsWith('tweets/')) {
      const check = file.startsWith('articles/') ? validateArticle : validateTweet;
      for (const [key, record] of Object.entries(value as Record<string, unknown>)) {
        records++;
        found.push(...check(record, key));
        if ((record as { id?: unknown })?.id !== key)
          found.push({ record: key, field: 'id', message: 'differs from its key' });
      }
    }
    issues.push(...found.map((issue) => formatIssue(file, issue)));
  }
  progress.stop();
  return { issues, records };
}

/** Every record of one kind, shard by shard. */
export function* eachRecord<T>(dir: string, kind: 'tweets' | 'articles'): Generator<T> {
  for (const file of listPackagedArchiveFiles(dir).filter((f) => f.startsWith(`${kind}/`))) {
    yield* Object.values(readJson(join(dir, file)) as Record<string, T>);
  }
}

export interface ArchiveStats {
  dir: string;
  counts: ArchiveManifest['counts'];
  shards: ArchiveManifest['shards'];
  files: number;
  bytes: number;
  tweets: { byStatus: Record<string, number>; bySource: Record<string, number>; withText: number };
  articles: { bySource: Record<string, number>; paragraphs: number; embeds: number; embedsWithTweet: number };
}

const bump = (map: Record<string, number>, key: string) => (map[key] = (map[key] ?? 0) + 1);
const sorted = (map: Record<string, number>) =>
  Object.fromEntries(Object.entries(map).sort(([a], [b]) => compareText(a, b)));

export function computeStats(dir: string): ArchiveStats {
  const manifest = readJson(join(dir, 'manifest.json')) as ArchiveManifest;
  const files = listPackagedArchiveFiles(dir);
  const stats: ArchiveStats = {
    dir,
    counts: manifest.counts,
    shards: manifest.shards,
    files: files.length,
    bytes: files.reduce((n, f) => n + statSync(join(dir, f)).size, 0),
    tweets: { byStatus: {}, bySource: {}, withText: 0 },
    articles: { bySource: {}, paragraphs: 0, embeds: 0, embedsWithTweet: 0 },
  };
  for (const tweet of eachRecord<ArchivedTweet>(dir, 'tweets')) {
    bump(stats.tweets.byStatus, tweet.status);
    for (const format of new Set(tweet.sources.map((s) => s.format))) bump(stats.tweets.bySource, format);
    if (tweet.text) stats.tweets.withText++;
  }
  for (const article of eachRecord<ArchivedArticle>(dir, 'articles')) {
    for (const format of new Set(article.sources.map((s) => s.format))) bump(stats.articles.bySource, format);
    stats.articles.paragraphs += article.paragraphs.length;
    stats.articles.embeds += article.embeds.length;
    stats.articles.embedsWithTweet += article.embeds.filter((e) => e.tweetId).length;
  }
  stats.tweets.byStatus = sorted(stats.tweets.byStatus);
  stats.tweets.bySource = sorted(stats.tweets.bySource);
  stats.articles.bySource = sorted(stats.articles.bySource);
  return stats;
}

export function describeStats(s: ArchiveStats): string[] {
  const list = (map: Record<string, number>) =>
    Object.entries(map)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  return [
    `Packaged archive at ${s.dir}`,
    `  ${s.counts.articles} articles: ${s.articles.paragraphs} paragraphs, ${s.articles.embeds} embeds (${s.articles.embedsWithTweet} naming their tweet); sources: ${list(s.articles.bySource)}`,
    `  ${s.counts.tweets} tweets (${s.tweets.withText} with text); status: ${list(s.tweets.byStatus)}; sources: ${list(s.tweets.bySource)}`,
    `  ${s.files} files, ${s.bytes} bytes; shards: articles ${s.shards.articles}, tweets ${s.shards.tweets}, urls ${s.shards.urls}, text ${s.shards.text}`,
  ];
}

export interface SearchHit {
  kind: 'tweet' | 'article';
  id: string;
  /** The paragraph of an article hit the text is from (-1 = the title: no paragraph holds the words). */
  paragraph?: number;
  /** The passage around the match (about 160 characters), or the title. */
  text: string;
  title: string;
  date: string | null;
}

/**
 * The records holding every word, best first, through the packaged copy's
 * search index (src/library/), as the extension's library searches: words in
 * any case and punctuation, the last one also as the beginning of a word,
 * tweet ids and @handles too.
 */
export async function searchPackaged(
  dir: string,
  words: string[],
  limit: number,
): Promise<{ hits: SearchHit[]; total: number }> {
  const manifest = readJson(join(dir, 'manifest.json')) as ArchiveManifest;
  if (!manifest.search) throw new Error(`${dir} has no search index: run "tweet-mender archive build"`);
  const reader = openPackagedDir(dir);
  const query = words.join(' ');
  const page = await openLibrary({ packaged: reader, records: reader }).search({ query, offset: 0, limit });
  const parsed = parseQuery(query);
  const hits = await Promise.all(
    page.items.map(async (item): Promise<SearchHit> => {
      const base = { kind: item.kind, id: item.id, title: item.title, date: item.date };
      if (item.kind === 'tweet') return { ...base, text: item.snippet };
      const paragraphs = (await reader.getArticle(item.id))?.paragraphs ?? [];
      const snippet = findSnippet(paragraphs, parsed);
      return snippet
        ? { ...base, paragraph: snippet.segment, text: snippet.text }
        : { ...base, paragraph: -1, text: item.title };
    }),
  );
  return { hits, total: page.total };
}
