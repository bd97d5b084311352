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
import { tweetFromBlockquote } from '../embeds/extract/blockquote';
import { sendToBackground, type LearnedTweet } from '../messages/protocol';
import type { WebExtension } from '../messages/web-extension';
import { learnsOn, readStoredSettings, type LearningSettings } from '../sites/stored-settings';

/** The embed code whose markup holds the tweet (ARCHIVED_EMBED's blockquotes, src/embeds/extract/embed-record.ts). */
export const LEARNABLE = 'blockquote.twitter-tweet, blockquote.twitter-video';
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
  const record: ArchivedTweet | null = tweetFromBlockquote(blockquote, UNSAID);
  if (!record || record.text === null || record.text === '') return null;
  const tweet: Partial<ArchivedTweet> = { ...record };
  delete tweet.sources;
  delete tweet.appearsIn;
  return tweet as LearnedTweet;
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

  const collect = (roots: Iterable<Element | Document>): LearnedTweet[] => {
    const found: LearnedTweet[] = [];
    for (const root of roots) {
      const blockquotes = [
        ...(root.nodeType === 1 && (root as Element).matches(LEARNABLE) ? [root as Element] : []),
        ...root.querySelectorAll(LEARNABLE),
      ];
      for (const blockquote of blockquotes) {
        if (sent.size + found.length >= MAX_LEARNED_PER_PAGE) return found;
        const tweet = readLearnable(blockquote);
        if (tweet && !sent.has(tweet.id) && !found.some((f) => f.id === tweet.id)) found.push(tweet);
      }
    }
    return found;
  };

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
        if (!stopped && sent.size < MAX_LEARNED_PER_PAGE) void sendAll(collect(roots));
      }, BATCH_MS);
    });
    observer.observe(document, { childList: true, subtree: true });
  };

  // Read now, before widgets.js replaces the blockquotes it renders.
  let found = collect([document]);
  const start = async () => {
    // Nothing to learn at injection nor at load: no storage read, no observer (docs/performance.md#page-load).
    if (!found.length) found = collect([document]);
    if (!found.length) return;
    let settings: Awaited<ReturnType<typeof readSettings>>;
    try {
      settings = await readSettings();
    } catch {
      return;
    }
    if (stopped || !learnsOn(settings, document.location.href)) return;
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
