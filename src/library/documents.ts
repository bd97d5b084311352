/**
 * What the library indexes of each record: a "search document" with a
 * heading (ranked first), a body, a date and what the list shows. The
 * packaged build and the user's archive make them the same way.
 */
import type { ArchivedArticle, ArchivedTweet } from '../archive/schema';
import { compareText } from '../util/compare-text';

export interface SearchDocument {
  kind: 'article' | 'tweet';
  id: string;
  /** What a list shows as the title: the article's title, or the tweet's author line ("Name (@handle)"). */
  title: string;
  /** The heading field, whose matches rank first: an article's title and byline, a tweet's author name and @handle. */
  heading: string[];
  /** The body: an article's paragraphs; a tweet's text and the descriptions of its media. */
  body: string[];
  /** ISO 8601: an article's publication date (else its first capture), a tweet's creation date. */
  date: string | null;
  siteName: string | null;
  /** Tweet ids an article embeds or links to: searching such an id finds the article too. */
  refs: string[];
}

/** "Name (@handle)", "Name", "@handle", or "" when the source names no author. */
export function authorLine(author: ArchivedTweet['author']): string {
  const name = author?.name?.trim() ?? '';
  const handle = author?.handle ? `@${author.handle}` : '';
  return name && handle ? `${name} (${handle})` : name || handle;
}

/** `seenOn`: for a tweet learned as the user read, the site it was seen on (shown where an article shows its site). */
export function tweetDocument(tweet: ArchivedTweet, seenOn?: string): SearchDocument {
  return {
    kind: 'tweet',
    id: tweet.id,
    title: authorLine(tweet.author),
    heading: [tweet.author?.name ?? '', tweet.author?.handle ? `@${tweet.author.handle}` : ''].filter(Boolean),
    body: [tweet.text ?? '', ...tweet.media.map((m) => m.altText ?? '')].filter(Boolean),
    date: tweet.createdAt,
    siteName: seenOn || null,
    refs: [],
  };
}

export function articleDocument(article: ArchivedArticle): SearchDocument {
  const captures = article.sources
    .map((s) => s.capturedAt)
    .filter((d): d is string => d !== null)
    .sort((a, b) => timeOf(a) - timeOf(b));
  const refs = [
    ...article.embeds.map((e) => e.tweetId).filter((id): id is string => id !== null),
    ...(article.tweetLinks ?? []).map((l) => l.tweetId),
  ];
  return {
    kind: 'article',
    id: article.id,
    title: article.title,
    heading: [article.title, article.byline ?? ''].filter(Boolean),
    body: article.paragraphs,
    date: article.publishedAt ?? captures[0] ?? null,
    siteName: article.siteName,
    refs: [...new Set(refs)],
  };
}

/** Milliseconds since 1970 for an ISO 8601 date, NaN for none (or one that does not parse). */
export function timeOf(date: string | null): number {
  return date === null ? Number.NaN : Date.parse(date);
}

/**
 * The browse order, which is also the order of document numbers: newest
 * first; undated last; then by title (compared in lower case, by code units so
 * that every machine builds the same bytes), then by id.
 */
export function sortForBrowsing(docs: readonly SearchDocument[]): SearchDocument[] {
  // Keys computed once: Date.parse and toLowerCase inside the comparator would run n log n times.
  const keyed = docs.map((doc) => ({ doc, time: timeOf(doc.date), lower: doc.title.toLowerCase() }));
  keyed.sort((a, b) => {
    const da = Number.isNaN(a.time);
    const db = Number.isNaN(b.time);
    if (da !== db) return da ? 1 : -1;
    if (!da && a.time !== b.time) return b.time - a.time;
    return compareText(a.lower, b.lower) || compareText(a.doc.title, b.doc.title) || compareText(a.doc.id, b.doc.id);
  });
  return keyed.map((k) => k.doc);
}
