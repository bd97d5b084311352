/**
 * `tweet-mender archive stats`: what a packaged copy holds, counted.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listPackagedArchiveFiles } from '../../archive/packaged-files';
import type { ArchiveManifest, ArchivedArticle, ArchivedTweet } from '../../archive/schema';
import { noPositionals, parse, type Command, type CommandContext } from '../command';
import { eachRecord, readJson } from '../packaged-dir';
import { compareText } from '../../util/compare-text';

export const statsCommand: Command = {
  name: 'stats',
  usage: 'stats',
  summary: 'Count what the packaged archive holds',
  help: `Usage: tweet-mender archive stats [--archive <dir>] [--json]

Counts the packaged archive's articles, tweets (by status and by source),
files, bytes and shards.`,
  run: stats,
};

function stats(args: string[], { print, defaultPackaged }: CommandContext): number {
  const { values, positionals } = parse(args, { archive: { type: 'string' }, json: { type: 'boolean' } });
  noPositionals('stats', positionals);
  const result = computeStats(resolve((values.archive as string | undefined) ?? defaultPackaged));
  print(values.json ? JSON.stringify(result, null, 2) : describeStats(result).join('\n'));
  return 0;
}

interface ArchiveStats {
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

function computeStats(dir: string): ArchiveStats {
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

function describeStats(s: ArchiveStats): string[] {
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
