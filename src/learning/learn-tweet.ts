/**
 * In the background: keeps a tweet a content script read from a page's own
 * embed code (learn-from-page.ts) in the user's archive (issue 14, "Learn as
 * you read"). Everything that decides is the background's own: whether the
 * user turned learning on and Tweet Mender is on for the site (the stored
 * settings, read now), whether the tab is private (the runtime's sender), the
 * page (the sender's URL) and the time (the background's clock). The content
 * script only says what the markup held, and that is checked field by field:
 * what the record keeps is rebuilt here from the fields an embed blockquote
 * can give (src/embeds/extract/blockquote.ts), each bounded, and the result
 * must pass the archive's own validator (src/archive/schema.ts).
 */
import type { UserArchive } from '../archive/user-archive';
import { MAX_LEARNED_FIELD } from '../archive/user-archive-db';
import { validateTweet, type ArchivedTweet, type Provenance, type TweetEntities } from '../archive/schema';
import { tweetRecord } from '../embeds/extract/tweet-record';
import { isTweetId } from '../embeds/tweet-url';
import { hostOf } from '../util/host-of';
import { learnsOn, type LearningSettings } from '../sites/stored-settings';

/** A learned tweet's text is at most this long (a long post is 25,000 characters; its embed holds less). */
const MAX_TEXT = 30_000;
/** Any other string of the record: what an export's learned entry may hold (importers/records.ts). */
const MAX_FIELD = MAX_LEARNED_FIELD;
/** Links, mentions, hashtags, symbols or media: at most this many of each. */
const MAX_ITEMS = 100;

export interface Learner {
  /**
   * Learns `tweet` for the page at senderUrl; false (nothing stored) when
   * learning is off, the site is switched off, the tab is private or the
   * record is not one an embed could give.
   */
  learn(senderUrl: string, incognito: boolean, tweet: unknown): Promise<boolean>;
}

export interface LearnerOptions {
  archive: Pick<UserArchive, 'learn'>;
  readSettings: () => Promise<LearningSettings>;
  now?: () => Date;
}

export function createLearner({ archive, readSettings, now = () => new Date() }: LearnerOptions): Learner {
  return {
    async learn(senderUrl, incognito, tweet) {
      // Nothing is learned in private windows, whatever the settings say.
      if (incognito || !senderUrl) return false;
      if (!learnsOn(await readSettings(), senderUrl)) return false;
      const seenAt = now().toISOString();
      const record = checkLearnedTweet(tweet, learnedSource(senderUrl, seenAt));
      if (!record) return false;
      await archive.learn(record, { pageUrl: senderUrl, site: siteOf(senderUrl), seenAt });
      return true;
    },
  };
}

/** Where a learned record came from: "seen on <page URL> at <time>". */
export function learnedSource(pageUrl: string, seenAt: string): Provenance {
  const web = /^https?:\/\//i.test(pageUrl) && pageUrl.length <= MAX_FIELD;
  return {
    format: 'learned',
    file: pageUrl.slice(0, MAX_FIELD),
    capturedAt: seenAt,
    sourceUrl: web ? pageUrl : null,
    note: `seen on ${pageUrl.slice(0, MAX_FIELD)} at ${seenAt}`,
  };
}

/** The host name of a page ("" for a local file): the site a learned tweet is forgotten with. */
export function siteOf(url: string): string {
  return hostOf(url) ?? '';
}

const str = (value: unknown, max = MAX_FIELD): string | null =>
  typeof value === 'string' && value.length <= max ? value : null;
const list = <T>(value: unknown, read: (item: Record<string, unknown>) => T | null): T[] =>
  Array.isArray(value)
    ? value
        .slice(0, MAX_ITEMS)
        .map((item) => (item && typeof item === 'object' ? read(item as Record<string, unknown>) : null))
        .filter((item): item is T => item !== null)
    : [];

/**
 * The record to keep of what a content script sent: only the fields an
 * embed's markup gives, each checked and bounded, with `source` as its only
 * source; null when the id is not a tweet id, there is no text, or the
 * result fails the archive's validator.
 */
export function checkLearnedTweet(value: unknown, source: Provenance): ArchivedTweet | null {
  if (!value || typeof value !== 'object') return null;
  const t = value as Record<string, unknown>;
  if (!isTweetId(t.id)) return null;
  const text = str(t.text, MAX_TEXT);
  if (text === null) return null;
  const author = (t.author && typeof t.author === 'object' ? t.author : {}) as Record<string, unknown>;
  const handle = str(author.handle, 15);
  const entities = (t.entities && typeof t.entities === 'object' ? t.entities : {}) as Record<string, unknown>;
  const record = tweetRecord({
    id: t.id,
    status: 'unknown',
    // A time the markup stated (a date label before snowflake ids); otherwise the id's own, decoded again here.
    createdAt: t.createdAtFrom === 'source' ? str(t.createdAt, 40) : null,
    createdAtRaw: str(t.createdAtRaw, 100),
    author: handle || str(author.name) ? { handle: handle || null, name: str(author.name), id: null } : null,
    lang: str(t.lang, 35),
    text,
    rawText: str(t.rawText, MAX_TEXT),
    entities: {
      urls: list<TweetEntities['urls'][number]>(entities.urls, (u) =>
        str(u.tco)
          ? { tco: str(u.tco)!, expandedUrl: str(u.expandedUrl), displayUrl: str(u.displayUrl), indices: null }
          : null,
      ),
      mentions: list(entities.mentions, (m) =>
        str(m.handle, 15) ? { handle: str(m.handle, 15)!, id: null, name: null, indices: null } : null,
      ),
      hashtags: list(entities.hashtags, (h) => (str(h.tag) ? { tag: str(h.tag)!, indices: null } : null)),
      symbols: list(entities.symbols, (s) => (str(s.symbol) ? { symbol: str(s.symbol)!, indices: null } : null)),
    },
    media: list(t.media, (m) => ({
      kind: 'unknown' as const,
      id: null,
      tco: str(m.tco),
      remoteUrl: null,
      file: null,
      width: null,
      height: null,
      altText: str(m.altText, MAX_TEXT),
      durationMs: null,
      variants: [],
    })),
    sources: [source],
  });
  return validateTweet(record).length === 0 ? record : null;
}
