/**
 * One record per id, whatever the number of sources: the merge rule.
 *
 * Tweets. Candidates are ordered by source rank, then by capture date (the
 * latest first: it has the freshest status and counts), then by file and
 * pointer, so that the result never depends on the order of the inputs.
 * Rank (assets/archive/README.md#merge-rule): syndication > X export > API v1.1 >
 * oEmbed / embed blockquote > learned (an embed blockquote seen while reading,
 * which no person chose to keep) > like.js / Thread Reader.
 *  - text, rawText, displayTextRange, entities, truncated: together, from the
 *    first candidate with a text that is not cut short, else the first with
 *    any text (indices only make sense with their own text);
 *  - createdAt (with createdAtFrom, createdAtRaw): a time any source states
 *    beats one decoded from the id;
 *  - status: evidence that the tweet is gone wins (deleted > withheld >
 *    protected > available > unknown), whatever its rank: a capture of a
 *    tweet that was later deleted is still the text of a deleted tweet;
 *  - author: the first with a handle; its missing name and id are filled from
 *    others with the same handle;
 *  - media: from the first with media; a medium's local file and alt text are
 *    filled from other sources of the same medium (same id or t.co link);
 *  - every other field: the first candidate that has it;
 *  - sources: all of them, in candidate order.
 *
 * Articles. Captures of one article (same id, so same original URL) are
 * ordered by rank: a text or Markdown copy (chosen and checked by a person)
 * > WARC (the bytes as served) > SingleFile (the page as the reader saw it)
 * > Wayback (rewritten playback) > other saved HTML; then the earliest
 * capture first (closest to the article as published), file, pointer. The
 * first gives the title, paragraphs and embeds; an embed whose tweet id it
 * lacks gets it from another capture with the same paragraphs; URLs are
 * united; other fields come from the first capture that has them.
 */
import { canonicalTweetUrl } from '../embeds/tweet-url';
import type {
  ArchiveRecords,
  ArchivedArticle,
  ArchivedTweet,
  Provenance,
  SourceFormat,
  TweetMedia,
  TweetStatus,
} from './schema';
import { compareText } from '../util/compare-text';

const TWEET_RANK: Partial<Record<SourceFormat, number>> = {
  syndication: 0,
  'x-archive': 1,
  'api-v1.1': 2,
  oembed: 3,
  'embed-html': 3,
  // The same markup as embed-html, but read from any page the user passed by: below every source a
  // person chose to import, so that a learned record never overwrites a better one.
  learned: 3.5,
  'x-archive-like': 4,
  threadreader: 4,
};
const ARTICLE_RANK: Partial<Record<SourceFormat, number>> = {
  text: 0,
  markdown: 0,
  warc: 1,
  singlefile: 2,
  wayback: 3,
  html: 4,
};
const STATUS_STRENGTH: Record<TweetStatus, number> = {
  deleted: 4,
  withheld: 3,
  protected: 2,
  available: 1,
  unknown: 0,
};

function bestRank(sources: Provenance[], ranks: Partial<Record<SourceFormat, number>>): number {
  return Math.min(...sources.map((s) => ranks[s.format] ?? 9));
}

/** Deterministic candidate order: rank, capture date, file, pointer, then content. */
function order<T extends { sources: Provenance[] }>(
  records: T[],
  ranks: Partial<Record<SourceFormat, number>>,
  latestFirst: boolean,
): T[] {
  const keyed = records.map((record) => {
    const first = record.sources[0];
    return {
      record,
      rank: bestRank(record.sources, ranks),
      date: first?.capturedAt ?? null,
      file: first?.file ?? '',
      pointer: first?.pointer ?? '',
      json: JSON.stringify(record),
    };
  });
  keyed.sort((a, b) => {
    if (a.rank !== b.rank) return a.rank - b.rank;
    if (a.date !== b.date) {
      if (a.date === null) return 1;
      if (b.date === null) return -1;
      return latestFirst ? compareText(b.date, a.date) : compareText(a.date, b.date);
    }
    return compareText(a.file, b.file) || compareText(a.pointer, b.pointer) || compareText(a.json, b.json);
  });
  return keyed.map((k) => k.record);
}

function uniqueSources(records: { sources: Provenance[] }[]): Provenance[] {
  const seen = new Set<string>();
  const out: Provenance[] = [];
  for (const source of records.flatMap((r) => r.sources)) {
    const key = JSON.stringify(source);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(source);
    }
  }
  return out;
}

const firstOf = <T, V>(items: T[], pick: (item: T) => V | null | undefined): V | null => {
  for (const item of items) {
    const value = pick(item);
    if (value !== null && value !== undefined) return value;
  }
  return null;
};

const sameMedium = (a: TweetMedia, b: TweetMedia) =>
  (a.id !== null && a.id === b.id) || (a.tco !== null && a.tco === b.tco);

/** Merges records of one tweet by the rule above. */
export function mergeTweets(records: ArchivedTweet[]): ArchivedTweet {
  if (records.length === 0) throw new Error('mergeTweets: no records');
  if (records.length === 1) return records[0] as ArchivedTweet;
  const candidates = order(records, TWEET_RANK, true);
  const id = (candidates[0] as ArchivedTweet).id;
  if (candidates.some((c) => c.id !== id)) throw new Error('mergeTweets: records of different tweets');

  const withText = candidates.filter((c) => c.text !== null);
  const textSource = withText.find((c) => !c.truncated) ?? withText[0] ?? (candidates[0] as ArchivedTweet);
  const timeSource =
    candidates.find((c) => c.createdAtFrom === 'source') ??
    candidates.find((c) => c.createdAtFrom === 'snowflake') ??
    (candidates[0] as ArchivedTweet);

  const handled = candidates.find((c) => c.author?.handle);
  let author = handled?.author ?? firstOf(candidates, (c) => c.author);
  if (author?.handle) {
    const same = candidates.filter((c) => c.author?.handle?.toLowerCase() === author!.handle!.toLowerCase());
    author = {
      handle: author.handle,
      name: author.name ?? firstOf(same, (c) => c.author?.name),
      id: author.id ?? firstOf(same, (c) => c.author?.id),
    };
  }

  const mediaSource = candidates.find((c) => c.media.length > 0);
  const media = (mediaSource?.media ?? []).map((medium) => {
    const others = candidates.flatMap((c) => c.media).filter((m) => sameMedium(m, medium));
    return {
      ...medium,
      file: medium.file ?? firstOf(others, (m) => m.file),
      altText: medium.altText ?? firstOf(others, (m) => m.altText),
    };
  });

  const status = candidates
    .map((c) => c.status)
    .reduce((a, b) => (STATUS_STRENGTH[b] > STATUS_STRENGTH[a] ? b : a), 'unknown' as TweetStatus);
  const appearsIn = [
    ...new Map(candidates.flatMap((c) => c.appearsIn).map((a) => [`${a.articleId}#${a.embedIndex}`, a])).values(),
  ].sort((a, b) => compareText(a.articleId, b.articleId) || a.embedIndex - b.embedIndex);

  return {
    v: 1,
    id,
    url: canonicalTweetUrl(id, author?.handle ?? null),
    status,
    createdAt: timeSource.createdAt,
    createdAtFrom: timeSource.createdAtFrom,
    createdAtRaw: timeSource.createdAtRaw,
    deletedAt: firstOf(candidates, (c) => c.deletedAt),
    author,
    lang: firstOf(candidates, (c) => c.lang),
    text: textSource.text,
    rawText: textSource.rawText,
    displayTextRange: textSource.displayTextRange,
    truncated: textSource.truncated,
    entities: textSource.entities,
    media,
    inReplyTo: firstOf(candidates, (c) => c.inReplyTo),
    quoted: firstOf(candidates, (c) => c.quoted),
    retweetOf: firstOf(candidates, (c) => c.retweetOf),
    conversationRootId: firstOf(candidates, (c) => c.conversationRootId),
    metrics: firstOf(candidates, (c) => c.metrics),
    appearsIn,
    sources: uniqueSources(candidates),
  };
}

/** Merges captures of one article by the rule above. */
export function mergeArticles(records: ArchivedArticle[]): ArchivedArticle {
  if (records.length === 0) throw new Error('mergeArticles: no records');
  if (records.length === 1) return records[0] as ArchivedArticle;
  const candidates = order(records, ARTICLE_RANK, false);
  const primary = candidates[0] as ArchivedArticle;
  const sameText = candidates.filter(
    (c) =>
      c.paragraphs.length === primary.paragraphs.length && c.paragraphs.every((p, i) => p === primary.paragraphs[i]),
  );
  const embeds = primary.embeds.map((embed, index) => {
    if (embed.tweetId !== null) return embed;
    const other = sameText
      .map((c) => c.embeds[index])
      .find((e) => e && e.position === embed.position && e.tweetId !== null);
    return other ? { ...embed, tweetId: other.tweetId } : embed;
  });
  const merged: ArchivedArticle = {
    v: 1,
    id: primary.id,
    title: primary.title,
    urls: [...new Set(candidates.flatMap((c) => c.urls))],
    siteName: firstOf(candidates, (c) => c.siteName),
    byline: firstOf(candidates, (c) => c.byline),
    lang: firstOf(candidates, (c) => c.lang),
    publishedAt: firstOf(candidates, (c) => c.publishedAt),
    paragraphs: primary.paragraphs,
    embeds,
    ...(primary.tweetLinks ? { tweetLinks: primary.tweetLinks } : {}),
    sources: uniqueSources(candidates),
  };
  return merged;
}

/** Every record once per id, merged by the rule above, sorted by id. */
export function mergeRecords(records: ArchiveRecords): ArchiveRecords {
  const group = <T extends { id: string }>(items: T[]) => {
    const byId = new Map<string, T[]>();
    for (const item of items) {
      const list = byId.get(item.id);
      if (list) list.push(item);
      else byId.set(item.id, [item]);
    }
    return [...byId.entries()].sort(([a], [b]) => compareText(a, b)).map(([, list]) => list);
  };
  return {
    articles: group(records.articles).map(mergeArticles),
    tweets: group(records.tweets).map(mergeTweets),
  };
}
