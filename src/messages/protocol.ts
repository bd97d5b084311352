/**
 * The one message protocol between content script, background and popup.
 * Every message is `{ type, ...payload }`; every reply is a `Reply`, so an
 * error in the receiver reaches the sender as an error, never as `undefined`.
 */
import type { Browser, browser } from 'wxt/browser';
import type { EmbedMatch, EmbedQuery, LookupAnswer, PageQuery } from '../archive/lookup';
import type { ArchivedArticle, ArchivedTweet } from '../archive/schema';
import type { LibraryPage, LibraryQuery } from '../library/types';
import type { PageReport, ReportSummary } from '../content/report';
import type { Settings } from '../sites/stored-settings';

/** A tweet as a page's embed code gives it (src/learning/): its sources are the background's to say. */
export type LearnedTweet = Omit<ArchivedTweet, 'sources' | 'appearsIn'>;

/** The extension API object (WXT's `browser`, or the fake one in tests). */
export type WebExtension = typeof browser;
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

/** At most this many embeds in one lookup: the background refuses more, the content script sends chunks. */
export const MAX_EMBEDS_PER_LOOKUP = 500;

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

/** Who may send each message (checked by the receiver against the runtime sender). */
export const SENDERS: { readonly [K in MessageType]: readonly ('content' | 'extension-page')[] } = {
  lookup: ['content'],
  'ask-user-archive': ['content'],
  'get-article': ['content', 'extension-page'],
  'get-tweets': ['extension-page'],
  'search-library': ['extension-page'],
  'report-changed': ['content'],
  'learn-tweet': ['content'],
  'get-report': ['extension-page'],
  rescan: ['extension-page'],
  'reveal-embed': ['extension-page'],
  'update-settings': ['extension-page'],
};

export function isMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    Object.hasOwn(SENDERS, (value as { type: string }).type)
  );
}

type Sender = Browser.runtime.MessageSender;

/** Where a message comes from: this extension's content script, one of its pages, or neither. */
export function classifySender(sender: Sender, runtime: Runtime): 'content' | 'extension-page' | null {
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
 * Answers one incoming message: checks the type and the sender, runs the
 * handler, and always returns a Reply (unknown messages get an error).
 */
export async function answerMessage<K extends MessageType>(
  handlers: Handlers<K>,
  message: unknown,
  sender: Sender,
  runtime: Runtime,
): Promise<Reply> {
  if (!isMessage(message) || !Object.hasOwn(handlers, message.type)) {
    return { ok: false, error: `unknown message: ${describe(message)}` };
  }
  const from = classifySender(sender, runtime);
  if (!from || !SENDERS[message.type].includes(from)) {
    return { ok: false, error: `message "${message.type}" refused from this sender` };
  }
  try {
    const handler = handlers[message.type as K] as (m: Message, s: Sender) => Promise<unknown> | unknown;
    return { ok: true, value: (await handler(message, sender)) as Response<K> };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
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
