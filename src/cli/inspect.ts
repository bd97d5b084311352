/**
 * Commands that read a packaged copy from disk: validate, show, stats, search.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeForFingerprint } from '../archive/keys';
import { listPackagedArchiveFiles } from '../archive/packaged-files';
import { openPackagedArchive, type ArchiveReader } from '../archive/packaged-archive';
import {
  validateArticle,
  validateManifest,
  validateTweet,
  type ArchiveManifest,
  type ArchivedArticle,
  type ArchivedTweet,
  type RecordIssue,
} from '../archive/schema';
import type { Output } from './output';
import { startProgress } from './progress';

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function formatIssue(file: string, issue: RecordIssue): string {
  return `${file}: ${issue.record}: ${issue.field || '(record)'}: ${issue.message}`;
}

/** A reader over a packaged copy on disk, reading shard files as the background does. */
export function openPackagedDir(dir: string): ArchiveReader {
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
    if (file === 'manifest.json') found.push(...validateManifest(value));
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
  Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : 1)));

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
  /** The paragraph of an article hit (-1 = the title). */
  paragraph?: number;
  text: string;
}

/** Records whose text holds every word (compared as the fingerprints compare text: letters and digits, any case). */
export function searchPackaged(dir: string, words: string[], limit: number, err: Output): SearchHit[] {
  const wanted = words.map(normalizeForFingerprint).filter(Boolean);
  const matches = (text: string) => {
    const normal = normalizeForFingerprint(text);
    return wanted.every((w) => normal.includes(w));
  };
  const hits: SearchHit[] = [];
  const files = listPackagedArchiveFiles(dir).filter((f) => f.startsWith('tweets/') || f.startsWith('articles/'));
  const progress = startProgress(err, files.length, 'search');
  for (const file of files) {
    progress.tick(file);
    if (hits.length >= limit) continue;
    for (const record of Object.values(readJson(join(dir, file)) as Record<string, ArchivedTweet | ArchivedArticle>)) {
      if (hits.length >= limit) break;
      if ('paragraphs' in record) {
        const texts = [record.title, ...record.paragraphs];
        const index = texts.findIndex(matches);
        // Words spread over several paragraphs still find the article.
        if (index >= 0 || matches(texts.join(' ')))
          hits.push({
            kind: 'article',
            id: record.id,
            paragraph: index - 1,
            text: texts[Math.max(index, 0)] as string,
          });
      } else if (record.text && matches(`${record.author?.handle ?? ''} ${record.author?.name ?? ''} ${record.text}`)) {
        hits.push({ kind: 'tweet', id: record.id, text: record.text });
      }
    }
  }
  progress.stop();
  return hits.sort((a, b) => (a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
