/**
 * The one message protocol between content script, background and popup.
 * Every message is `{ type, ...payload }`; every reply is a `Reply`, so an
 * error in the receiver reaches the sender as an error, never as `undefined`.
 *
 * MessageMap says what each message carries; PROTOCOL, below it, who may
 * send it and the check its payload passes before any handler sees it. The
 * shapes of the lookup and the page report are in lookup.ts and report.ts
 * beside this file; the browser API type in web-extension.ts.
 */
import type { Browser } from 'wxt/browser';
import { isArticleId } from '../archive/ids';
import type { ArchivedArticle, ArchivedTweet } from '../archive/schema';
import { isTweetId } from '../embeds/tweet-url';
import type { LibraryPage, LibraryQuery } from '../library/types';
import { sanitizeSettings, type Settings } from '../sites/stored-settings';
import { checkLibraryQuery } from './library-query';
import {
  checkEmbeds,
  checkPage,
  MAX_EMBEDS_PER_LOOKUP,
  type EmbedMatch,
  type EmbedQuery,
  type LookupAnswer,
  type PageQuery,
} from './lookup';
import { checkReportSummary, type PageReport, type ReportSummary } from './report';
import type { WebExtension } from './web-extension';

/** A tweet as a page's embed code gives it (src/learning/): its sources are the background's to say. */
export type LearnedTweet = Omit<ArchivedTweet, 'sources' | 'appearsIn'>;

type Runtime = Pick<WebExtension['runtime'], 'id' | 'getURL'>;

export interface MessageMap {
  /**
   * content → background: match the page's broken embeds against the archive: the packaged
   * copy, plus the user's own archive only where the user chose "use my archive on this site"
   * (decided by the background from the sender's URL). Elsewhere an embed the packaged copy
   * cannot repair is answered "ask the user" while the user has an archive of their own.
   */
  lookup: { request: { page: PageQuery; embeds: EmbedQuery[] }; response: LookupAnswer[] };
  /**
   * content → background, only after the user activated a card with a trusted click or key
   * press (event.isTrusted, checked by the content script, which alone sees the event): match
   * one embed against the packaged copy and the user's own archive together.
   */
  'ask-user-archive': { request: { page: PageQuery; embed: EmbedQuery }; response: EmbedMatch | null };
  /**
   * content or popup → background: one archived article, whole. To a content script, from the
   * packaged copy only, unless the site uses the user's archive or `activated` says the card
   * showing it was activated by the user (as for ask-user-archive).
   */
  'get-article': { request: { articleId: string; activated?: boolean }; response: ArchivedArticle | null };
  /** reader → background: browse or search everything archived (the library). */
  'search-library': { request: LibraryQuery; response: LibraryPage };
  /** popup or reader → background: archived tweets by id (the ones the archive has). */
  'get-tweets': { request: { ids: string[] }; response: ArchivedTweet[] };
  /**
   * content (the first stage) → background: this page may hold a tweet embed; bring in the
   * engine (src/content/first-stage.ts). `document` is a random value the first stage draws
   * once per document, so that the background injects at most once per document in a frame
   * where the browser names no document (Firefox). `off`: the site is switched off, nothing
   * was injected; `started`: the engine was injected, now or before, into this document.
   */
  'start-engine': { request: { document: string }; response: 'started' | 'off' };
  /**
   * content (the engine) → background: a card is about to be mounted; inject the cards' code into
   * this frame (src/content/cards-on-demand.ts). `true` once it has run there.
   */
  'load-cards': { request: Record<never, never>; response: true };
  /**
   * popup or background → background: inject the engine into a tab's top frame when no engine
   * answers there (a page without embeds, or a site switched off), so that the popup and the
   * shortcut can read the page's report and switch the site.
   */
  'inject-engine': { request: { tabId: number }; response: boolean };
  /**
   * content → background: a tweet the page's own embed code holds (src/learning/), to keep in the
   * user's archive. The background decides from the sender (its URL, whether its tab is private)
   * and the stored settings whether to learn it, and checks the record; true when it was kept.
   */
  'learn-tweet': { request: { tweet: LearnedTweet }; response: boolean };
  /** content → background: the tab's counts changed (for the toolbar badge). */
  'report-changed': { request: { summary: ReportSummary }; response: null };
  /** popup → content: the page report of this tab. */
  'get-report': { request: Record<never, never>; response: PageReport };
  /** popup → content: look at the whole page again ("check again"). */
  rescan: { request: Record<never, never>; response: PageReport };
  /** popup → content: scroll to one embed and highlight it briefly ("show on page"). */
  'reveal-embed': { request: { key: number }; response: boolean };
  /**
   * popup, options or reader → background: a settings change, from the value the page read
   * (`base`) to the one it wants (`next`), for the background to merge and store (sites/settings.ts).
   */
  'update-settings': { request: { base: Settings; next: Settings }; response: Settings };
}

export type MessageType = keyof MessageMap;

/**
 * content → background: a long-lived port the content script holds while its
 * cards stand; nothing is sent on it. Chrome disconnects it when the
 * extension goes, which tells an orphaned copy to give the page its nodes
 * back (src/content/lifetime.ts).
 */
export const LIFETIME_PORT = 'lifetime';
export type Message<K extends MessageType = MessageType> = {
  [P in K]: { type: P } & MessageMap[P]['request'];
}[K];
export type Response<K extends MessageType> = MessageMap[K]['response'];
export type Reply<K extends MessageType = MessageType> =
  { ok: true; value: Response<K> } | { ok: false; error: string };

type From = 'content' | 'extension-page';

type Table<K extends MessageType> = {
  readonly [P in K]: {
    readonly from: readonly From[];
    readonly check: (payload: Record<string, unknown>) => MessageMap[P]['request'];
  };
};

/** The messages the content script's engine answers (src/content/start.ts): the popup's. */
export type ContentMessageType = 'get-report' | 'rescan' | 'reveal-embed';

/**
 * The rows of PROTOCOL for the messages the content script answers, apart so that the engine,
 * loaded into pages, holds these three and not the background's checks (docs/performance.md, "Size").
 */
const TO_CONTENT: Table<ContentMessageType> = {
  'get-report': { from: ['extension-page'], check: () => ({}) },
  rescan: { from: ['extension-page'], check: () => ({}) },
  'reveal-embed': {
    from: ['extension-page'],
    check: ({ key }) => {
      if (!Number.isSafeInteger(key)) throw new Error('bad embed key');
      return { key: key as number };
    },
  },
};

/**
 * Each message: who may send it (checked by the receiver against the runtime
 * sender), and the check its payload passes before the handler runs. A check
 * keeps only the fields it knows, each as the handler may trust it, and
 * throws (the sender gets the error) on what it cannot make sound: every
 * sender may be confused or compromised, a content script most of all
 * (docs/security.md, "Hostile page: the user's archive").
 */
export const PROTOCOL: Table<MessageType> = {
  lookup: {
    from: ['content'],
    check: ({ page, embeds }) => ({ page: checkPage(page), embeds: checkEmbeds(embeds) }),
  },
  'ask-user-archive': {
    from: ['content'],
    check: ({ page, embed }) => ({ page: checkPage(page), embed: checkEmbeds([embed])[0]! }),
  },
  'get-article': {
    from: ['content', 'extension-page'],
    check: ({ articleId, activated }) => {
      if (!isArticleId(articleId)) throw new Error('bad article id');
      return activated === true ? { articleId, activated } : { articleId };
    },
  },
  'get-tweets': {
    from: ['extension-page'],
    check: ({ ids }) => {
      if (!Array.isArray(ids) || ids.length > MAX_EMBEDS_PER_LOOKUP) throw new Error('bad tweet ids');
      return { ids: ids.filter(isTweetId) };
    },
  },
  'search-library': { from: ['extension-page'], check: checkLibraryQuery },
  'report-changed': { from: ['content'], check: ({ summary }) => ({ summary: checkReportSummary(summary) }) },
  'start-engine': {
    from: ['content'],
    check: ({ document }) => {
      // The first stage's random token (the background prefers Chrome's documentId where it has one).
      if (typeof document !== 'string' || !document || document.length > 64) throw new Error('bad document');
      return { document };
    },
  },
  // As for start-engine: the extension's own content scripts only, never a page or an extension page.
  'load-cards': { from: ['content'], check: () => ({}) },
  'inject-engine': {
    from: ['extension-page'],
    check: ({ tabId }) => {
      if (!Number.isSafeInteger(tabId) || (tabId as number) < 0) throw new Error('bad tab id');
      return { tabId: tabId as number };
    },
  },
  'learn-tweet': {
    from: ['content'],
    // Checked by the learner, which rebuilds the record field by field, with limits, validates it
    // and answers false for anything no embed could give (src/learning/learn-tweet.ts).
    check: ({ tweet }) => ({ tweet: tweet as LearnedTweet }),
  },
  'update-settings': {
    from: ['extension-page'],
    check: ({ base, next }) => ({ base: sanitizeSettings(base), next: sanitizeSettings(next) }),
  },
  ...TO_CONTENT,
};

export function isMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    Object.hasOwn(PROTOCOL, (value as { type: string }).type)
  );
}

type Sender = Browser.runtime.MessageSender;

/** Where a message comes from: this extension's content script, one of its pages, or neither. */
export function classifySender(sender: Sender, runtime: Runtime): From | null {
  if (sender.id !== runtime.id) return null;
  const origin = runtime.getURL('/');
  if (sender.url?.startsWith(origin)) return 'extension-page';
  if (sender.tab?.id !== undefined && sender.tab.id >= 0 && sender.url && /^(https?|file):/.test(sender.url))
    return 'content';
  return null;
}

export type Handlers<K extends MessageType> = {
  [P in K]: (message: Message<P>, sender: Sender) => Promise<Response<P>> | Response<P>;
};

/**
 * Answers one incoming message: checks the type, the sender and the payload
 * (PROTOCOL), runs the handler on the checked message, and always returns a
 * Reply (unknown messages get an error).
 */
export function answerMessage<K extends MessageType>(
  handlers: Handlers<K>,
  message: unknown,
  sender: Sender,
  runtime: Runtime,
): Promise<Reply> {
  return answerWith(PROTOCOL, handlers, message, sender, runtime);
}

/** answerMessage for the content script's engine, which answers only the popup's messages (TO_CONTENT). */
export function answerContentMessage(
  handlers: Handlers<ContentMessageType>,
  message: unknown,
  sender: Sender,
  runtime: Runtime,
): Promise<Reply> {
  return answerWith(TO_CONTENT, handlers, message, sender, runtime);
}

async function answerWith<K extends MessageType>(
  table: Partial<Table<MessageType>>,
  handlers: Handlers<K>,
  message: unknown,
  sender: Sender,
  runtime: Runtime,
): Promise<Reply> {
  const type = (message as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(table, type) || !Object.hasOwn(handlers, type)) {
    return { ok: false, error: `unknown message: ${describe(message)}` };
  }
  const from = classifySender(sender, runtime);
  const entry = table[type as MessageType]!;
  if (!from || !entry.from.includes(from)) {
    return { ok: false, error: `message "${type}" refused from this sender` };
  }
  try {
    const checked = { type, ...entry.check(message as Record<string, unknown>) } as Message;
    const handler = handlers[type as K] as (m: Message, s: Sender) => Promise<unknown> | unknown;
    return { ok: true, value: (await handler(checked, sender)) as Response<K> };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Listens for runtime messages and answers each with what `answer` resolves to, through
 * `sendResponse` (and `true`, which keeps the channel open until then). The background and the
 * pages go through WXT's polyfill, which turns a promise their listener returns into the reply;
 * the content script uses the browser's own API object (docs/performance.md, "Two stages"), and
 * Chrome's `runtime.onMessage` does not take a promise for a reply there:
 * https://developer.chrome.com/docs/extensions/develop/concepts/messaging#simple. Firefox takes
 * both: https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/runtime/onMessage
 * Returns the unlisten.
 */
export function listenForMessages(
  runtime: Pick<WebExtension['runtime'], 'onMessage'>,
  answer: (message: unknown, sender: Sender) => Promise<unknown>,
): () => void {
  const listener = (message: unknown, sender: Sender, sendResponse: (reply: unknown) => void) => {
    void answer(message, sender).then((reply) => {
      try {
        sendResponse(reply);
      } catch {
        // The asking page went (the popup closed): no one to answer.
      }
    });
    return true as const;
  };
  runtime.onMessage.addListener(listener);
  return () => runtime.onMessage.removeListener(listener);
}

function describe(message: unknown): string {
  const type = (message as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : typeof message;
}

function unwrap<K extends MessageType>(reply: unknown, type: K): Response<K> {
  const r = reply as Reply<K> | undefined;
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') throw new Error(`no reply to "${type}"`);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export async function sendToBackground<K extends MessageType>(
  browser: Pick<WebExtension, 'runtime'>,
  message: Message<K>,
): Promise<Response<K>> {
  return unwrap(await browser.runtime.sendMessage(message), message.type);
}

export async function sendToTab<K extends MessageType>(
  browser: Pick<WebExtension, 'tabs'>,
  tabId: number,
  message: Message<K>,
): Promise<Response<K>> {
  return unwrap(await browser.tabs.sendMessage(tabId, message), message.type);
}
