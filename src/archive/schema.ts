/**
 * The normalised archive records and the packaged copy's layout, with a
 * validator that names the record and field of every problem (used by
 * `tweet-mender archive validate`, the builder and the tests).
 *
 * Layout of a packaged copy (assets/archive/packaged/, shipped as /archive/):
 *   manifest.json                 ArchiveManifest
 *   articles/<shard>.json         { [articleId]: ArchivedArticle }
 *   tweets/<shard>.json           { [tweetId]: ArchivedTweet }
 *   urls/<shard>.json             { [normalizedPageUrl]: articleId[] }
 *   text/<shard>.json             { [fingerprint]: [articleId, paragraphIndex][] }  (-1 = title)
 */
import { isTweetId } from '../embeds/tweet-url';

export const ARCHIVE_FORMAT = 'tweet-mender-archive';
export const SCHEMA_VERSION = 1;

export type SourceFormat = 'text' | 'markdown';

/** Where a record came from: the file, the capture, and when it was captured. */
export interface Provenance {
  format: SourceFormat;
  /** Path of the source file, relative to the archive's sources folder. */
  file: string;
  /** ISO 8601 capture date, or null when the source does not say. */
  capturedAt: string | null;
  /** The page the source was taken from, when known. */
  sourceUrl: string | null;
  /** What the source is, in words, for people. */
  note: string | null;
}

/** Where an embed stood in an article. */
export interface ArchivedEmbed {
  /** Number of article paragraphs before the embed (0 = before the first). */
  position: number;
  /** The embedded tweet, when the source names it; never guessed. */
  tweetId: string | null;
  /** The visible fallback texts the source showed instead of the tweet, kept verbatim. */
  fallbackText: string[];
}

export interface ArchivedArticle {
  v: 1;
  id: string;
  title: string;
  /** Known addresses of the article (original first); may be empty. */
  urls: string[];
  siteName: string | null;
  byline: string | null;
  lang: string | null;
  publishedAt: string | null;
  /** Article paragraphs, exactly as the source has them. */
  paragraphs: string[];
  embeds: ArchivedEmbed[];
  sources: Provenance[];
}

export interface ArchivedTweet {
  v: 1;
  id: string;
  url: string;
  status: 'available' | 'deleted' | 'protected' | 'withheld' | 'unknown';
  createdAt: string | null;
  author: { handle: string | null; name: string | null } | null;
  lang: string | null;
  text: string | null;
  /** Articles that embed this tweet, and which of their embeds it is. */
  appearsIn: { articleId: string; embedIndex: number }[];
  sources: Provenance[];
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  schemaVersion: typeof SCHEMA_VERSION;
  counts: { articles: number; tweets: number };
  /** Number of shards of each index; a key's shard is shardOf(key, count). */
  shards: { articles: number; tweets: number; urls: number; text: number };
}

export interface RecordIssue {
  /** The record (article or tweet id, or its position when it has none). */
  record: string;
  /** Dotted path of the bad field. */
  field: string;
  message: string;
}

type Check = (value: unknown) => string | null;

const isoDate: Check = (v) =>
  v === null ||
  (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(v))
    ? null
    : 'must be an ISO 8601 date or null';
const text: Check = (v) => (typeof v === 'string' && v.length > 0 ? null : 'must be a non-empty string');
const textOrNull: Check = (v) => (v === null || typeof v === 'string' ? null : 'must be a string or null');
const httpsUrl: Check = (v) => (typeof v === 'string' && /^https?:\/\/\S+$/.test(v) ? null : 'must be an http(s) URL');

function checkProvenance(p: unknown, field: string, issue: (f: string, m: string) => void): void {
  if (!p || typeof p !== 'object') return issue(field, 'must be an object');
  const o = p as Record<string, unknown>;
  if (!['text', 'markdown'].includes(o.format as string)) issue(`${field}.format`, 'unknown source format');
  if (text(o.file)) issue(`${field}.file`, 'must name the source file');
  const d = isoDate(o.capturedAt);
  if (d) issue(`${field}.capturedAt`, d);
  if (o.sourceUrl !== null && httpsUrl(o.sourceUrl)) issue(`${field}.sourceUrl`, 'must be an http(s) URL or null');
  if (textOrNull(o.note)) issue(`${field}.note`, 'must be a string or null');
}

export function validateArticle(value: unknown, recordName = '(article)'): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const issue = (field: string, message: string) => issues.push({ record: recordName, field, message });
  if (!value || typeof value !== 'object') {
    issue('', 'must be an object');
    return issues;
  }
  const a = value as Record<string, unknown>;
  if (a.v !== 1) issue('v', 'must be 1');
  if (typeof a.id !== 'string' || !/^a[0-9a-f]{14}$/.test(a.id)) issue('id', 'must be "a" followed by 14 hex digits');
  if (text(a.title)) issue('title', text(a.title) as string);
  if (!Array.isArray(a.urls)) issue('urls', 'must be an array');
  else a.urls.forEach((u, i) => httpsUrl(u) && issue(`urls.${i}`, httpsUrl(u) as string));
  for (const f of ['siteName', 'byline', 'lang'] as const) if (textOrNull(a[f])) issue(f, 'must be a string or null');
  const d = isoDate(a.publishedAt);
  if (d) issue('publishedAt', d);
  if (!Array.isArray(a.paragraphs) || a.paragraphs.length === 0) issue('paragraphs', 'must be a non-empty array');
  else a.paragraphs.forEach((p, i) => text(p) && issue(`paragraphs.${i}`, text(p) as string));
  const count = Array.isArray(a.paragraphs) ? a.paragraphs.length : 0;
  if (!Array.isArray(a.embeds)) issue('embeds', 'must be an array');
  else
    a.embeds.forEach((e: unknown, i) => {
      const o = (e ?? {}) as Record<string, unknown>;
      if (!Number.isInteger(o.position) || (o.position as number) < 0 || (o.position as number) > count)
        issue(`embeds.${i}.position`, `must be an integer from 0 to ${count}`);
      if (o.tweetId !== null && !isTweetId(o.tweetId))
        issue(`embeds.${i}.tweetId`, 'must be a tweet id string or null');
      if (!Array.isArray(o.fallbackText) || o.fallbackText.some((t) => typeof t !== 'string'))
        issue(`embeds.${i}.fallbackText`, 'must be an array of strings');
    });
  if (!Array.isArray(a.sources) || a.sources.length === 0) issue('sources', 'must list at least one source');
  else a.sources.forEach((p, i) => checkProvenance(p, `sources.${i}`, issue));
  return issues;
}

export function validateTweet(value: unknown, recordName = '(tweet)'): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const issue = (field: string, message: string) => issues.push({ record: recordName, field, message });
  if (!value || typeof value !== 'object') {
    issue('', 'must be an object');
    return issues;
  }
  const t = value as Record<string, unknown>;
  if (t.v !== 1) issue('v', 'must be 1');
  if (!isTweetId(t.id)) issue('id', 'must be a tweet id string (digits, no leading zero)');
  if (typeof t.url !== 'string' || !t.url.startsWith('https://x.com/'))
    issue('url', 'must be an https://x.com/ permalink');
  if (!['available', 'deleted', 'protected', 'withheld', 'unknown'].includes(t.status as string))
    issue('status', 'unknown status');
  const d = isoDate(t.createdAt);
  if (d) issue('createdAt', d);
  if (t.author !== null) {
    const a = (t.author ?? {}) as Record<string, unknown>;
    if (typeof t.author !== 'object') issue('author', 'must be an object or null');
    else {
      if (textOrNull(a.handle)) issue('author.handle', 'must be a string or null');
      if (textOrNull(a.name)) issue('author.name', 'must be a string or null');
    }
  }
  if (textOrNull(t.lang)) issue('lang', 'must be a string or null');
  if (textOrNull(t.text)) issue('text', 'must be a string or null');
  if (!Array.isArray(t.appearsIn)) issue('appearsIn', 'must be an array');
  if (!Array.isArray(t.sources) || t.sources.length === 0) issue('sources', 'must list at least one source');
  else t.sources.forEach((p, i) => checkProvenance(p, `sources.${i}`, issue));
  return issues;
}

export function validateManifest(value: unknown): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const m = (value ?? {}) as Record<string, unknown>;
  const issue = (field: string, message: string) => issues.push({ record: 'manifest', field, message });
  if (m.format !== ARCHIVE_FORMAT) issue('format', `must be "${ARCHIVE_FORMAT}"`);
  if (m.schemaVersion !== SCHEMA_VERSION) issue('schemaVersion', `must be ${SCHEMA_VERSION}`);
  const shards = (m.shards ?? {}) as Record<string, unknown>;
  for (const k of ['articles', 'tweets', 'urls', 'text'])
    if (!Number.isInteger(shards[k]) || (shards[k] as number) < 1) issue(`shards.${k}`, 'must be a positive integer');
  return issues;
}
