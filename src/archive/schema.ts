/**
 * The normalised archive records and the packaged copy's layout, with a
 * validator that names the record and field of every problem (used by
 * `tweet-mender archive validate`, the builder and the tests).
 *
 * Longer than 400 lines on purpose: every field of a record and its check
 * are in this one file, so that a field added or changed is checked in the
 * same change, by whoever reads its type.
 *
 * Layout of a packaged copy (assets/archive/packaged/, shipped as /archive/):
 *   manifest.json                 ArchiveManifest
 *   articles/<shard>.json         { [articleId]: ArchivedArticle }
 *   tweets/<shard>.json           { [tweetId]: ArchivedTweet }
 *   urls/<shard>.json             { [normalizedPageUrl]: articleId[] }
 *   text/<shard>.json             { [fingerprint]: [articleId, paragraphIndex][] }  (-1 = title)
 *   search/…                      the library's full-text index, named by manifest.json → search: its
 *                                 format and its check are the library's (src/library/index-format.ts);
 *                                 the archive writes and keeps its files without reading them, from the
 *                                 builder it is handed (src/archive/search-index-builder.ts)
 *
 * The tweet fields are one normalised shape for every source
 * (docs/data-formats.md says what each source can give), with this schema's
 * own names where it had one (author.handle, not screenName). Fields added
 * after schema 1 was first shipped are additive: the meaning of every earlier
 * field is unchanged, so SCHEMA_VERSION stays 1. Article and provenance
 * additions are optional and omitted when the source says nothing, so that
 * records built before them keep their exact bytes.
 */
import { isTweetId } from '../embeds/tweet-url';
import { isArticleId } from './ids';

export const ARCHIVE_FORMAT = 'tweet-mender-archive';
export const SCHEMA_VERSION = 1;

/** What kind of input a record came from (docs/data-formats.md, one section each). */
export type SourceFormat =
  /** A plain-text or Markdown article, as a reader saw it. */
  | 'text'
  | 'markdown'
  /** A saved HTML page that is neither SingleFile nor Wayback. */
  | 'html'
  | 'singlefile'
  | 'wayback'
  | 'warc'
  /**
   * tweets.js, deleted-tweets.js, deleted-tweet-headers.js of the X account export
   * (docs/data-formats.md#x-account-export).
   */
  | 'x-archive'
  /**
   * like.js of the X account export: other people's tweets, id and maybe text
   * (docs/data-formats.md#x-account-export).
   */
  | 'x-archive-like'
  | 'syndication'
  | 'oembed'
  /** An embed blockquote inside a saved page (docs/data-formats.md#saved-pages). */
  | 'embed-html'
  | 'api-v1.1'
  | 'threadreader'
  /**
   * An embed's own markup on a page the user read, kept by learning as you
   * read (src/learning/): the data of an embed blockquote, with the page (file,
   * sourceUrl) and the time it was seen (capturedAt).
   */
  | 'learned';

export const SOURCE_FORMATS: readonly SourceFormat[] = [
  'text',
  'markdown',
  'html',
  'singlefile',
  'wayback',
  'warc',
  'x-archive',
  'x-archive-like',
  'syndication',
  'oembed',
  'embed-html',
  'api-v1.1',
  'threadreader',
  'learned',
];

/** Where a record came from: the file, the capture, and when it was captured. */
export interface Provenance {
  format: SourceFormat;
  /** Path of the source file, relative to the archive's sources folder (a zip member after the zip's path). */
  file: string;
  /** ISO 8601 capture date, or null when the source does not say. */
  capturedAt: string | null;
  /** The page the source was taken from, when known. */
  sourceUrl: string | null;
  /** What the source is, in words, for people. */
  note: string | null;
  /** Where in the file: "[3].tweet", "parent", a WARC-Record-ID. Absent for one-record files. */
  pointer?: string;
  /** The capture date exactly as the source wrote it, when it was not already ISO 8601. */
  capturedAtRaw?: string;
  /** The address of the capture itself (a Wayback Machine URL), when it differs from sourceUrl. */
  archiveUrl?: string;
}

/** Where an embed stood in an article. */
export interface ArchivedEmbed {
  /** Number of article paragraphs before the embed (0 = before the first). */
  position: number;
  /** The embedded tweet, when the source names it; never guessed. */
  tweetId: string | null;
  /** The visible fallback texts the source showed instead of the tweet, kept verbatim. */
  fallbackText: string[];
  /** How the embed was written in a saved page (absent for text sources). */
  kind?: 'blockquote' | 'rendered-iframe' | 'amp-twitter' | 'fallback-text';
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
  /** Tweets the article links to in its running text (not embeds), by paragraph. */
  tweetLinks?: { tweetId: string; paragraph: number }[];
  sources: Provenance[];
}

export type TweetStatus = 'available' | 'deleted' | 'protected' | 'withheld' | 'unknown';
export const TWEET_STATUSES: readonly TweetStatus[] = ['available', 'deleted', 'protected', 'withheld', 'unknown'];

/** Code-point offsets into rawText (docs/data-formats.md#indices), or null when the source gives none. */
export type Indices = [number, number] | null;

export interface TweetEntities {
  /** t.co links and what they stand for; display text has expandedUrl in their place. */
  urls: { tco: string; expandedUrl: string | null; displayUrl: string | null; indices: Indices }[];
  mentions: { handle: string; id: string | null; name: string | null; indices: Indices }[];
  hashtags: { tag: string; indices: Indices }[];
  symbols: { symbol: string; indices: Indices }[];
}

export type MediaKind = 'photo' | 'video' | 'animated_gif' | 'unknown';

export interface TweetMedia {
  kind: MediaKind;
  id: string | null;
  /** The t.co link standing for the medium in rawText. */
  tco: string | null;
  /** The image (or a video's poster) on X's servers. Recorded, never fetched. */
  remoteUrl: string | null;
  /** The export's own copy, relative to the sources folder (data/tweets_media/<tweetId>-<name>). */
  file: string | null;
  width: number | null;
  height: number | null;
  altText: string | null;
  durationMs: number | null;
  variants: { url: string; contentType: string; bitrate: number | null }[];
}

export interface ArchivedTweet {
  v: 1;
  id: string;
  /** https://x.com/<handle>/status/<id>, or https://x.com/i/web/status/<id> when the handle is unknown. */
  url: string;
  status: TweetStatus;
  /** ISO 8601, UTC, to the millisecond. */
  createdAt: string | null;
  /** Whether createdAt was stated by a source or decoded from the id (docs/data-formats.md#time-from-the-id). */
  createdAtFrom: 'source' | 'snowflake' | null;
  /** The date as the chosen source wrote it ("Tue Jun 28 11:57:27 +0000 2022", "May 14, 2023"). */
  createdAtRaw: string | null;
  /** When the author deleted it (deleted-tweet-headers.js), ISO 8601. */
  deletedAt: string | null;
  /** id is always written by the importers; optional for records made before it existed. */
  author: { handle: string | null; name: string | null; id?: string | null } | null;
  lang: string | null;
  /**
   * What the tweet says, as X shows it: sliced by displayTextRange, t.co links
   * replaced by their expanded URL, media links removed, &amp; &lt; &gt;
   * decoded exactly once (docs/data-formats.md#traps-every-format-shares).
   */
  text: string | null;
  /** The text exactly as the source has it (escaped, with t.co links); indices refer to it. */
  rawText: string | null;
  displayTextRange: Indices;
  /** True when the source's text is cut short (a retweet's "RT @x: …", a long post). */
  truncated: boolean;
  entities: TweetEntities;
  media: TweetMedia[];
  inReplyTo: { id: string; handle: string | null; userId: string | null } | null;
  quoted: { id: string; url: string | null } | null;
  retweetOf: { id: string | null; handle: string | null } | null;
  /** The first tweet of the author's thread, when a source says. */
  conversationRootId: string | null;
  /** Counts at capture time. */
  metrics: { likes: number | null; retweets: number | null; replies: number | null; capturedAt: string | null } | null;
  /** Articles that embed this tweet, and which of their embeds it is. */
  appearsIn: { articleId: string; embedIndex: number }[];
  sources: Provenance[];
}

/**
 * `Search` is what the library's index says of itself (src/library/index-format.ts,
 * LibraryManifest): the archive only carries it.
 */
export interface ArchiveManifest<Search = unknown> {
  format: typeof ARCHIVE_FORMAT;
  schemaVersion: typeof SCHEMA_VERSION;
  counts: { articles: number; tweets: number };
  /** Number of shards of each index; a key's shard is shardOf(key, count). */
  shards: { articles: number; tweets: number; urls: number; text: number };
  /** The library's full-text index (search/…); absent from copies built before it. */
  search?: Search;
}

/** Every record of an archive: what the importers give, the merge rule takes and the build writes. */
export interface ArchiveRecords {
  articles: ArchivedArticle[];
  tweets: ArchivedTweet[];
}

export interface RecordIssue {
  /** The record (article or tweet id, or its position when it has none). */
  record: string;
  /** Dotted path of the bad field. */
  field: string;
  message: string;
}

type Check = (value: unknown) => string | null;

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const isoDate: Check = (v) =>
  v === null || (typeof v === 'string' && ISO_DATE.test(v)) ? null : 'must be an ISO 8601 date or null';
const text: Check = (v) => (typeof v === 'string' && v.length > 0 ? null : 'must be a non-empty string');
const textOrNull: Check = (v) => (v === null || typeof v === 'string' ? null : 'must be a string or null');
const httpsUrl: Check = (v) => (typeof v === 'string' && /^https?:\/\/\S+$/.test(v) ? null : 'must be an http(s) URL');
const idOrNull: Check = (v) => (v === null || isTweetId(v) ? null : 'must be an id string (digits) or null');
const countOrNull: Check = (v) =>
  v === null || (Number.isInteger(v) && (v as number) >= 0) ? null : 'must be a whole number or null';
const indices: Check = (v) =>
  v === null ||
  (Array.isArray(v) &&
    v.length === 2 &&
    v.every((n) => Number.isInteger(n) && n >= 0) &&
    (v[0] as number) <= (v[1] as number))
    ? null
    : 'must be [start, end] code-point offsets or null';

function checkProvenance(p: unknown, field: string, issue: (f: string, m: string) => void): void {
  if (!p || typeof p !== 'object') return issue(field, 'must be an object');
  const o = p as Record<string, unknown>;
  if (!SOURCE_FORMATS.includes(o.format as SourceFormat)) issue(`${field}.format`, 'unknown source format');
  if (text(o.file)) issue(`${field}.file`, 'must name the source file');
  const d = isoDate(o.capturedAt);
  if (d) issue(`${field}.capturedAt`, d);
  if (o.sourceUrl !== null && httpsUrl(o.sourceUrl)) issue(`${field}.sourceUrl`, 'must be an http(s) URL or null');
  if (textOrNull(o.note)) issue(`${field}.note`, 'must be a string or null');
  for (const f of ['pointer', 'capturedAtRaw'] as const)
    if (o[f] !== undefined && text(o[f])) issue(`${field}.${f}`, 'must be a non-empty string when present');
  if (o.archiveUrl !== undefined && httpsUrl(o.archiveUrl)) issue(`${field}.archiveUrl`, 'must be an http(s) URL');
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
  if (!isArticleId(a.id)) issue('id', 'must be "a" followed by 14 hex digits');
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
      if (
        o.kind !== undefined &&
        !['blockquote', 'rendered-iframe', 'amp-twitter', 'fallback-text'].includes(o.kind as string)
      )
        issue(`embeds.${i}.kind`, 'unknown embed kind');
    });
  if (a.tweetLinks !== undefined) {
    if (!Array.isArray(a.tweetLinks)) issue('tweetLinks', 'must be an array when present');
    else
      a.tweetLinks.forEach((l: unknown, i) => {
        const o = (l ?? {}) as Record<string, unknown>;
        if (!isTweetId(o.tweetId)) issue(`tweetLinks.${i}.tweetId`, 'must be a tweet id string');
        if (!Number.isInteger(o.paragraph) || (o.paragraph as number) < 0 || (o.paragraph as number) >= count)
          issue(`tweetLinks.${i}.paragraph`, `must be an integer from 0 to ${count - 1}`);
      });
  }
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
  if (!TWEET_STATUSES.includes(t.status as TweetStatus)) issue('status', 'unknown status');
  for (const f of ['createdAt', 'deletedAt'] as const) {
    const d = isoDate(t[f]);
    if (d) issue(f, d);
  }
  if (![null, 'source', 'snowflake'].includes(t.createdAtFrom as string))
    issue('createdAtFrom', 'must be "source", "snowflake" or null');
  else if ((t.createdAtFrom === null) !== (t.createdAt === null))
    issue('createdAtFrom', 'must be null exactly when createdAt is null');
  if (t.author !== null) {
    const a = (t.author ?? {}) as Record<string, unknown>;
    if (typeof t.author !== 'object') issue('author', 'must be an object or null');
    else {
      if (textOrNull(a.handle)) issue('author.handle', 'must be a string or null');
      if (textOrNull(a.name)) issue('author.name', 'must be a string or null');
      if (a.id !== undefined && idOrNull(a.id)) issue('author.id', idOrNull(a.id) as string);
    }
  }
  for (const f of ['lang', 'text', 'rawText', 'createdAtRaw'] as const)
    if (textOrNull(t[f])) issue(f, 'must be a string or null');
  if (indices(t.displayTextRange)) issue('displayTextRange', indices(t.displayTextRange) as string);
  if (typeof t.truncated !== 'boolean') issue('truncated', 'must be true or false');
  checkEntities(t.entities, issue);
  if (!Array.isArray(t.media)) issue('media', 'must be an array');
  else t.media.forEach((m: unknown, i) => checkMedia(m, `media.${i}`, issue));
  if (t.inReplyTo !== null) {
    const r = (t.inReplyTo ?? {}) as Record<string, unknown>;
    if (!isTweetId(r.id)) issue('inReplyTo.id', 'must be a tweet id string');
    if (textOrNull(r.handle)) issue('inReplyTo.handle', 'must be a string or null');
    if (idOrNull(r.userId)) issue('inReplyTo.userId', idOrNull(r.userId) as string);
  }
  if (t.quoted !== null) {
    const q = (t.quoted ?? {}) as Record<string, unknown>;
    if (!isTweetId(q.id)) issue('quoted.id', 'must be a tweet id string');
    if (q.url !== null && httpsUrl(q.url)) issue('quoted.url', 'must be an http(s) URL or null');
  }
  if (t.retweetOf !== null) {
    const r = (t.retweetOf ?? {}) as Record<string, unknown>;
    if (idOrNull(r.id)) issue('retweetOf.id', idOrNull(r.id) as string);
    if (textOrNull(r.handle)) issue('retweetOf.handle', 'must be a string or null');
  }
  if (idOrNull(t.conversationRootId)) issue('conversationRootId', idOrNull(t.conversationRootId) as string);
  if (t.metrics !== null) {
    const m = (t.metrics ?? {}) as Record<string, unknown>;
    for (const f of ['likes', 'retweets', 'replies'] as const)
      if (countOrNull(m[f])) issue(`metrics.${f}`, countOrNull(m[f]) as string);
    if (isoDate(m.capturedAt)) issue('metrics.capturedAt', isoDate(m.capturedAt) as string);
  }
  if (!Array.isArray(t.appearsIn)) issue('appearsIn', 'must be an array');
  if (!Array.isArray(t.sources) || t.sources.length === 0) issue('sources', 'must list at least one source');
  else t.sources.forEach((p, i) => checkProvenance(p, `sources.${i}`, issue));
  return issues;
}

function checkEntities(value: unknown, issue: (f: string, m: string) => void): void {
  if (!value || typeof value !== 'object') return issue('entities', 'must be an object');
  const e = value as Record<string, unknown>;
  const each = (key: string, check: (o: Record<string, unknown>, f: string) => void) => {
    if (!Array.isArray(e[key])) return issue(`entities.${key}`, 'must be an array');
    (e[key] as unknown[]).forEach((item, i) => {
      const o = (item ?? {}) as Record<string, unknown>;
      if (indices(o.indices)) issue(`entities.${key}.${i}.indices`, indices(o.indices) as string);
      check(o, `entities.${key}.${i}`);
    });
  };
  each('urls', (o, f) => {
    if (text(o.tco)) issue(`${f}.tco`, 'must be the t.co link');
    if (o.expandedUrl !== null && text(o.expandedUrl)) issue(`${f}.expandedUrl`, 'must be a URL or null');
    if (textOrNull(o.displayUrl)) issue(`${f}.displayUrl`, 'must be a string or null');
  });
  each('mentions', (o, f) => {
    if (text(o.handle)) issue(`${f}.handle`, 'must be a non-empty string');
    if (idOrNull(o.id)) issue(`${f}.id`, idOrNull(o.id) as string);
    if (textOrNull(o.name)) issue(`${f}.name`, 'must be a string or null');
  });
  each('hashtags', (o, f) => text(o.tag) && issue(`${f}.tag`, 'must be a non-empty string'));
  each('symbols', (o, f) => text(o.symbol) && issue(`${f}.symbol`, 'must be a non-empty string'));
}

function checkMedia(value: unknown, field: string, issue: (f: string, m: string) => void): void {
  if (!value || typeof value !== 'object') return issue(field, 'must be an object');
  const m = value as Record<string, unknown>;
  if (!['photo', 'video', 'animated_gif', 'unknown'].includes(m.kind as string)) issue(`${field}.kind`, 'unknown kind');
  if (idOrNull(m.id)) issue(`${field}.id`, idOrNull(m.id) as string);
  for (const f of ['tco', 'file', 'altText'] as const)
    if (textOrNull(m[f])) issue(`${field}.${f}`, 'must be a string or null');
  if (m.remoteUrl !== null && httpsUrl(m.remoteUrl)) issue(`${field}.remoteUrl`, 'must be an http(s) URL or null');
  for (const f of ['width', 'height', 'durationMs'] as const)
    if (countOrNull(m[f])) issue(`${field}.${f}`, countOrNull(m[f]) as string);
  if (!Array.isArray(m.variants)) issue(`${field}.variants`, 'must be an array');
  else
    m.variants.forEach((v: unknown, i) => {
      const o = (v ?? {}) as Record<string, unknown>;
      if (httpsUrl(o.url)) issue(`${field}.variants.${i}.url`, 'must be an http(s) URL');
      if (text(o.contentType)) issue(`${field}.variants.${i}.contentType`, 'must be a non-empty string');
      if (countOrNull(o.bitrate)) issue(`${field}.variants.${i}.bitrate`, countOrNull(o.bitrate) as string);
    });
}

/**
 * The archive's part of manifest.json. Its `search` field is the library's,
 * checked by src/library/index-format.ts (validateManifestSearch).
 */
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
