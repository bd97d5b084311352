/**
 * In the content script: learn as you read (issue 14). The standard embed
 * code (`blockquote.twitter-tweet`, and the same blockquote inside the
 * WordPress, Ghost, Hugo, Jekyll and Medium forms, docs/embed-forms.md) holds
 * the tweet's id, author, text and date whether or not widgets.js ever runs.
 * With learning on (off until the user turns it on, src/options/learning.ts),
 * each such tweet is read with the importers' own extractor
 * (src/embeds/extract/blockquote.ts) and sent to the background, which keeps
 * it in the user's archive (src/learning/learn-tweet.ts), so that the day the
 * embed breaks on some page its text is still there.
 *
 * A publisher's own static card (docs/embed-forms.md#static-card), recognised
 * by its detector, is read the same way when its tweet's words sit in a
 * paragraph of their own; its author's name comes from the byline or from
 * the link to the author's profile. A card without such a paragraph teaches
 * nothing: its text cannot be told apart from the card's other words.
 *
 * The markup is read as soon as this starts, before the page's widgets.js
 * has replaced the blockquote with its frame (docs/embed-forms.md#widgets-blockquote):
 * reading a few elements the page already has costs nothing measurable. The
 * settings (a storage read) wait for the load event, like the rest of the
 * content script's work (docs/performance.md#page-load), and are read only on
 * a page that holds embed code: a page without any costs two queries. Blockquotes
 * the page adds later are read from a MutationObserver that exists only on such
 * a page, while learning is on for the site. Nothing here changes the page or leaves a
 * trace a page could see: the blockquote is only read.
 */
import type { ArchivedTweet, Provenance } from '../archive/schema';
import { staticCardDetector } from '../embeds/detectors/static-card';
import { tweetFromBlockquote } from '../embeds/extract/blockquote';
import { EMBED_CONTAINERS } from '../embeds/scan';
import { sendToBackground, type LearnedTweet } from '../messages/protocol';
import type { WebExtension } from '../messages/web-extension';
import { learnsOn, readStoredSettings, type LearningSettings } from '../sites/stored-settings';

/** The embed code whose markup holds the tweet (ARCHIVED_EMBED's blockquotes, src/embeds/extract/embed-record.ts). */
export const LEARNABLE = 'blockquote.twitter-tweet, blockquote.twitter-video';
/** What a publisher's static card is (staticCardDetector's selector): read when it is not embed code. */
export const CARD = staticCardDetector.selector;
/** At most this many tweets are sent from one page: a page of planted embeds cannot flood the archive. */
export const MAX_LEARNED_PER_PAGE = 100;
/** Blockquotes the page adds are read in batches at most this often. */
const BATCH_MS = 1000;

export interface LearnFromPageOptions {
  document: Document;
  window: Window;
  /** Whether this is a private window (the background checks its sender's tab too). */
  incognito: boolean;
  readSettings: () => Promise<LearningSettings>;
  /** Sends one tweet to the background; resolves to whether it was kept. */
  send: (tweet: LearnedTweet) => Promise<boolean>;
}

/** The source tweetFromBlockquote is given: the background replaces it with the page and time it saw. */
const UNSAID: Provenance = { format: 'learned', file: 'page', capturedAt: null, sourceUrl: null, note: null };

/** What the markup of one embed says, without the fields the background sets itself. */
export function readLearnable(blockquote: Element): LearnedTweet | null {
  return withoutSourceFields(tweetFromBlockquote(blockquote, UNSAID));
}

/**
 * What a publisher's static card says (null when it is not one, or its words
 * are in no paragraph of their own): the embed code's reading of it, for the
 * tweet the card's detector found, with the author's name from the link to
 * their profile when no byline gave it.
 */
export function readStaticCard(card: Element): LearnedTweet | null {
  const found = staticCardDetector.detect(card, { document: card.ownerDocument, containers: EMBED_CONTAINERS });
  if (!found?.tweet || !card.querySelector('p')) return null;
  const record = tweetFromBlockquote(card, UNSAID);
  if (!record) return null;
  // The card's permalink is the one its detector found (a card may link other tweets before it).
  if (record.id !== found.tweet.id) return null;
  const handle = record.author?.handle ?? found.tweet.handle;
  if (record.author && !record.author.name && handle) record.author.name = profileName(card, handle);
  return withoutSourceFields(record);
}

/** The text of a link to @handle's profile that is a name, not "@handle" (the card's author line). */
function profileName(card: Element, handle: string): string | null {
  const profile = new RegExp(`^https?://(?:www\\.|mobile\\.)?(?:twitter|x)\\.com/${handle}/?$`, 'i');
  for (const a of card.querySelectorAll('a[href]')) {
    const name = (a.textContent ?? '').trim();
    if (profile.test(a.getAttribute('href') ?? '') && name && !name.startsWith('@')) return name;
  }
  return null;
}

function withoutSourceFields(record: ArchivedTweet | null): LearnedTweet | null {
  if (!record || record.text === null || record.text === '') return null;
  const tweet: Partial<ArchivedTweet> = { ...record };
  delete tweet.sources;
  delete tweet.appearsIn;
  return tweet as LearnedTweet;
}

/** What collects a page's tweets adds to, and what it leaves out. */
export interface ReadPageTweetsOptions {
  /** Tweets already collected: added to, never twice the same id. */
  found?: LearnedTweet[];
  /** At most this many in `found`. */
  limit?: number;
  /** Ids not to collect (already sent). */
  skip?: (id: string) => boolean;
}

/**
 * The tweets `selector` (LEARNABLE: the embed code; CARD: it and the static
 * cards) finds in `roots` and under them, each read once, in document order.
 */
export function readPageTweets(
  roots: Iterable<Element | Document>,
  selector: string,
  { found = [], limit = Number.POSITIVE_INFINITY, skip = () => false }: ReadPageTweetsOptions = {},
): LearnedTweet[] {
  const ids = new Set(found.map((tweet) => tweet.id));
  for (const root of roots) {
    const candidates = [
      ...(root.nodeType === 1 && (root as Element).matches(selector) ? [root as Element] : []),
      ...root.querySelectorAll(selector),
    ];
    for (const candidate of candidates) {
      if (found.length >= limit) return found;
      const tweet = candidate.matches(LEARNABLE) ? readLearnable(candidate) : readStaticCard(candidate);
      if (tweet && !skip(tweet.id) && !ids.has(tweet.id)) {
        ids.add(tweet.id);
        found.push(tweet);
      }
    }
  }
  return found;
}

export function learnFromPage({ document, window, incognito, readSettings, send }: LearnFromPageOptions): void {
  if (incognito) return;
  const sent = new Set<string>();
  let stopped = false;
  let observer: MutationObserver | null = null;
  const stop = () => {
    stopped = true;
    observer?.disconnect();
  };

  /** The tweets of the embed code (LEARNABLE), or of the embed code and the static cards (CARD), in `roots`. */
  const collect = (roots: Iterable<Element | Document>, selector: string, found: LearnedTweet[] = []) =>
    readPageTweets(roots, selector, {
      found,
      limit: MAX_LEARNED_PER_PAGE - sent.size,
      skip: (id) => sent.has(id),
    });

  const sendAll = async (tweets: LearnedTweet[]) => {
    for (const tweet of tweets) {
      if (stopped) return;
      sent.add(tweet.id);
      // Refused (learning switched off meanwhile), or no background (the extension went): stop here.
      const kept = await send(tweet).catch(() => false);
      if (!kept) stop();
    }
  };

  const watch = () => {
    let added: Element[] = [];
    let timer: number | null = null;
    observer = new (window as Window & typeof globalThis).MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes) if (node.nodeType === 1) added.push(node as Element);
      if (timer !== null || !added.length) return;
      timer = window.setTimeout(() => {
        timer = null;
        const roots = added.filter((el) => el.isConnected);
        added = [];
        if (!stopped && sent.size < MAX_LEARNED_PER_PAGE) void sendAll(collect(roots, CARD));
      }, BATCH_MS);
    });
    observer.observe(document, { childList: true, subtree: true });
  };

  // Read now, before widgets.js replaces the blockquotes it renders.
  let found = collect([document], LEARNABLE);
  const start = async () => {
    if (!found.length) found = collect([document], LEARNABLE);
    // Nothing to learn at injection nor at load: no storage read, no observer (docs/performance.md#page-load).
    if (!found.length && !document.querySelector(CARD)) return;
    let settings: Awaited<ReturnType<typeof readSettings>>;
    try {
      settings = await readSettings();
    } catch {
      return;
    }
    if (stopped || !learnsOn(settings, document.location.href)) return;
    // Static cards are read only now, with learning on: they are the server's markup, no script replaces them.
    found = collect([document], CARD, found);
    watch();
    await sendAll(found);
  };
  // The settings are read after the load event, like the rest of the content script's work.
  if (document.readyState === 'complete') void start();
  else window.addEventListener('load', () => void start(), { once: true });
}

/** The content script's one call: learnFromPage wired to the browser (the settings, the background). */
export function learnAsYouRead(browser: WebExtension, document: Document, window: Window): void {
  learnFromPage({
    document,
    window,
    incognito: browser.extension?.inIncognitoContext === true,
    readSettings: () => readStoredSettings(browser),
    send: (tweet) => sendToBackground(browser, { type: 'learn-tweet', tweet }),
  });
}
