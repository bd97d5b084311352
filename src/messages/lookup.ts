/**
 * What a content script asks the background about a page's broken embeds,
 * and what it is told (the `lookup` and `ask-user-archive` messages of
 * protocol.ts), with the checks the background puts a request through: a
 * content script runs beside a hostile page, so what it sends is read as
 * untrusted (docs/security.md, "Hostile page: the user's archive").
 *
 * The archive answers with these shapes (src/archive/lookup.ts); the content
 * script and the card read them; all three need nothing else of each other.
 */
import type { ArchivedEmbed, ArchivedTweet } from '../archive/schema';
import { isTweetId } from '../embeds/tweet-url';

/** What the content script knows about the page (keys only, never page text). */
export interface PageQuery {
  /** Canonical link, og:url and location, as found. */
  urls: string[];
  /** Fingerprints of the page's title candidates. */
  titles: string[];
}

/** One broken embed to match. */
export interface EmbedQuery {
  tweetId: string | null;
  /** Fingerprints of the text blocks before the embed (nearest first) and after it. */
  before: string[];
  after: string[];
}

export interface ArticleSummary {
  id: string;
  title: string;
  siteName: string | null;
  lang: string | null;
  url: string | null;
  paragraphCount: number;
  /** How the copy was made, for the card's provenance line. */
  sourceNote: string | null;
  capturedAt: string | null;
}

export interface EmbedMatch {
  by: 'tweet' | 'url' | 'text';
  tweet: ArchivedTweet | null;
  article: ArticleSummary | null;
  /** Paragraphs before the embed, after it, and its place in the article. */
  passage: { position: number; before: string[]; after: string[]; embed: ArchivedEmbed | null } | null;
}

/**
 * What a content script is told about one embed: the match; ASK_THE_USER, when
 * only the user's own archive might hold it and the user has not said to use it
 * on this site (the card asks them: docs/security.md, "Hostile page: the user's
 * archive"); or null, nothing to show.
 */
export const ASK_THE_USER = 'ask-the-user';
export type LookupAnswer = EmbedMatch | typeof ASK_THE_USER | null;

/** At most this many embeds in one lookup: the background refuses more, the content script sends chunks. */
export const MAX_EMBEDS_PER_LOOKUP = 500;

/** Upper bounds on what one lookup may ask (MAX_EMBEDS_PER_LOOKUP too), so a confused sender cannot make the background churn. */
const MAX_KEYS = 16;

const isKey = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 2048;
const keys = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isKey).slice(0, MAX_KEYS) : []);

/** The page's keys as the background uses them: strings of sane length, a few of each; anything else dropped. */
export function checkPage(page: unknown): PageQuery {
  const p = (page ?? {}) as Partial<PageQuery>;
  return { urls: keys(p.urls), titles: keys(p.titles) };
}

/** The embeds of a lookup, each as checkPage keeps a page; throws on a list that is not one or is too long. */
export function checkEmbeds(embeds: unknown): EmbedQuery[] {
  if (!Array.isArray(embeds) || embeds.length > MAX_EMBEDS_PER_LOOKUP) throw new Error('bad lookup');
  return embeds.map((e: Partial<EmbedQuery> | null) => ({
    tweetId: isTweetId(e?.tweetId) ? e.tweetId : null,
    before: keys(e?.before),
    after: keys(e?.after),
  }));
}
