/**
 * What the detectors share about tweet markup: where the permalink is, what a
 * rendered widget looks like and when it is collapsed, how widgets.js marks a
 * blockquote it has taken, and how a site's placeholder block is found from
 * its status link. The markup and states cited are described in docs/embed-forms.md.
 */
import {
  classifyPlaceholderText,
  mayBePlaceholderText,
  normalizeVisibleText,
  type PlaceholderWording,
} from './fallback-text';
import { parseTweetUrl, tweetRefFromId, type TweetRef } from './tweet-url';
import type { BrokenReason, DetectContext, DetectedStatus, Detection, DocumentFacts, EmbedKind } from './types';

/**
 * Links that can be tweet permalinks: every status URL shape has "/status" in its path
 * (docs/embed-forms.md#status-urls).
 */
export const STATUS_LINK = 'a[href*="/status" i]';

/** The standard embed code (docs/embed-forms.md#widgets-blockquote). */
export const EMBED_BLOCKQUOTE = 'blockquote.twitter-tweet, blockquote.twitter-video';

/** What widgets.js leaves once it ran (docs/embed-forms.md#rendered-widget): the frame, or the legacy element. */
export const RENDERED_WIDGET = [
  '.twitter-tweet-rendered',
  'twitter-widget[data-tweet-id]',
  'iframe[data-tweet-id]',
  'iframe[src*="platform.twitter.com/embed/Tweet.html"]',
  'iframe[src*="platform.x.com/embed/Tweet.html"]',
].join(', ');

/**
 * widgets.js in any form a page carries it: a plain script, delayed-script
 * plugins that park the URL in a data attribute (WP Rocket, lazy loaders,
 * consent managers), or the classic inline loader once it has run.
 */
export const WIDGETS_SCRIPT = [
  'script[src*="widgets.js"]',
  'script[data-src*="widgets.js"]',
  'script[data-rocket-src*="widgets.js"]',
  'script[data-lazy-src*="widgets.js"]',
  'script#twitter-wjs',
].join(', ');

/** The elements of every form that a status link inside must not be judged alone. */
export const EMBED_CONTAINERS = [
  EMBED_BLOCKQUOTE,
  '.twitter-tweet-rendered',
  'twitter-widget',
  'amp-twitter',
  '.wp-block-embed',
  '.kg-embed-card',
  '.jekyll-twitter-plugin',
  'div.tweet',
  '[data-component-name="Twitter2ToDOM"]',
  '[data-x-embed]',
  '.react-tweet-theme',
].join(', ');

/** A detection before the scanner adds its kind and source. */
export interface Verdict {
  element: Element;
  tweet: TweetRef | null;
  status: DetectedStatus;
  reason?: BrokenReason;
}

/**
 * A detector's finding from a verdict: the detector's kind, on `node` (the
 * element the verdict judged, unless the detector reports its wrapper), with
 * the verdict's tweet unless the detector read it elsewhere.
 */
export function embedFromVerdict(
  kind: EmbedKind,
  verdict: Verdict,
  node: Element = verdict.element,
  tweet: TweetRef | null = verdict.tweet,
): Detection {
  return { kind, nodes: [node], tweet, status: verdict.status, reason: verdict.reason };
}

/** The tweet named by the `url` key of a JSON attribute or comment (Substack's data-attrs, WordPress's block). */
export function readJsonTweetUrl(json: string | null | undefined): TweetRef | null {
  if (!json) return null;
  try {
    const url = (JSON.parse(json) as { url?: unknown }).url;
    return typeof url === 'string' ? parseTweetUrl(url) : null;
  } catch {
    return null;
  }
}

/**
 * The permalink of an embed: its last status link; earlier links are mentions, hashtags, t.co
 * (docs/embed-forms.md#where-the-tweet-id-comes-from).
 */
export function readPermalink(container: Element): TweetRef | null {
  const links = container.matches(STATUS_LINK) ? [container] : [...container.querySelectorAll(STATUS_LINK)];
  for (let i = links.length - 1; i >= 0; i--) {
    const tweet = parseTweetUrl(links[i]?.getAttribute('href'));
    if (tweet) return tweet;
  }
  return null;
}

/**
 * The tweet a rendered widget shows: data-tweet-id, or the id= of its Tweet.html src
 * (docs/embed-forms.md#where-the-tweet-id-comes-from).
 */
export function readRenderedTweet(widget: Element): TweetRef | null {
  const frame = widget.matches('iframe, twitter-widget') ? widget : widget.querySelector('iframe, twitter-widget');
  if (!frame) return tweetRefFromId(widget.getAttribute('data-tweet-id'));
  return tweetRefFromId(frame.getAttribute('data-tweet-id') ?? readQueryParam(frame.getAttribute('src'), 'id'));
}

/** A query parameter of a (possibly relative) URL, decoded; null when absent or unparsable. */
export function readQueryParam(url: string | null | undefined, name: string): string | null {
  if (!url) return null;
  try {
    return new URL(url, 'https://example.invalid/').searchParams.get(name);
  } catch {
    return null;
  }
}

/**
 * A rendered widget that shows nothing: widgets.js keeps a frame it has not
 * rendered at `visibility: hidden` and 0 px with inline styles, and pages hide
 * frames with `display: none` or the hidden attribute. Only the widget's own
 * styles count: an embed inside a closed tab or a collapsed section is fine.
 */
export function isCollapsedWidget(widget: Element): boolean {
  const frame = widget.matches('iframe, twitter-widget') ? widget : widget.querySelector('iframe, twitter-widget');
  if (!frame) return true; // the wrapper is there, the frame is not (yet)
  for (const el of frame === widget ? [frame] : [widget, frame]) {
    if (el.hasAttribute('hidden')) return true;
    const style = (el as HTMLElement).style as CSSStyleDeclaration | undefined;
    if (style?.display === 'none') return true;
    const computed = el.ownerDocument.defaultView?.getComputedStyle(el);
    if (computed?.display === 'none') return true;
  }
  const style = (frame as HTMLElement).style as CSSStyleDeclaration | undefined;
  if (style?.visibility === 'hidden') return true;
  if (style && /^0(?:px)?$/.test(style.height)) return true;
  return frame.getAttribute('height') === '0';
}

/**
 * widgets.js marks every blockquote it takes over with data-twitter-extracted-i<digits>
 * (docs/embed-forms.md#processed-marker).
 */
export function isTakenByWidgets(el: Element): boolean {
  for (const attr of el.attributes) if (attr.name.startsWith('data-twitter-extracted-')) return true;
  return false;
}

/**
 * Privacy Badger's stand-in for widgets.js writes a blockquote reading
 * "Loading Tweet ID <id> ..." that it then swaps for its own placeholder
 * (docs/embed-forms.md#privacy-badgers-placeholders): another extension's deliberate state,
 * not a broken embed.
 */
export function isPrivacyBadgerStandIn(blockquote: Element): boolean {
  const text = blockquote.textContent ?? '';
  // Normalised text starting "loading " starts so once leading space is gone: no normalising for the others.
  return /^\s*loading\s/i.test(text) && /^loading tweet id \d+/i.test(normalizeVisibleText(text));
}

/** Whether an element shows any text at all (link-only blockquotes and empty cards show none). */
export function hasVisibleText(el: Element): boolean {
  // What normalizeVisibleText would leave non-empty: anything but white space.
  return /\S/.test(el.textContent ?? '');
}

/**
 * The verdict on a `blockquote.twitter-tweet` (docs/embed-forms.md#widgets-blockquote):
 * - twitter-tweet-error: widgets.js ran and failed → broken at once;
 * - taken by widgets.js but not rendered → pending (it is working on it);
 * - untouched, and the page has no widgets.js at all (exports, saved pages) →
 *   nothing will ever render it → broken at once;
 * - untouched → pending; broken if still so after the grace period.
 * A blockquote with no status link is not a tweet embed (widgets.js needs the permalink).
 */
export function judgeBlockquote(blockquote: Element, context: DetectContext): Verdict | null {
  if (isPrivacyBadgerStandIn(blockquote)) return null;
  const tweet = readPermalink(blockquote);
  const taken = isTakenByWidgets(blockquote);
  if (!tweet && !taken) return null;
  const verdict = (status: DetectedStatus, reason: BrokenReason): Verdict => ({
    element: blockquote,
    tweet,
    status,
    reason,
  });
  if (blockquote.classList.contains('twitter-tweet-error')) return verdict('broken', 'widget-error');
  if (taken) return verdict('pending', 'widget-stalled');
  const facts = context.facts ?? createDocumentFacts();
  if (!facts.hasWidgetsScript(blockquote.ownerDocument)) return verdict('broken', 'script-blocked');
  return verdict('pending', 'script-blocked');
}

/**
 * The verdict on whatever tweet markup a publishing wrapper holds (WordPress,
 * Ghost, jekyll-twitter-plugin…): a live widget wins, then the blockquote,
 * then a widget that stays collapsed. Null when the wrapper holds none of them.
 */
export function judgeTweetMarkup(container: Element, context: DetectContext): Verdict | null {
  const widget = container.matches(RENDERED_WIDGET) ? container : container.querySelector(RENDERED_WIDGET);
  const collapsed = widget ? isCollapsedWidget(widget) : false;
  if (widget && !collapsed) return { element: widget, tweet: readRenderedTweet(widget), status: 'rendered' };
  const blockquote = container.querySelector(EMBED_BLOCKQUOTE);
  const judged = blockquote ? judgeBlockquote(blockquote, context) : null;
  if (judged) {
    // widgets.js inserts the frame next to the blockquote before it renders: both there means it stalled.
    if (widget && judged.status === 'pending') return { ...judged, reason: 'widget-stalled' };
    return judged;
  }
  if (widget) return { element: widget, tweet: readRenderedTweet(widget), status: 'pending', reason: 'collapsed' };
  return null;
}

/** Ancestors a placeholder block may span above its status link. */
const MAX_BLOCK_DEPTH = 4;
/** A placeholder is a small block: more elements than this is a section of the page. */
const MAX_BLOCK_ELEMENTS = 12;

/** A site's own block in place of a tweet, and what its wording says. */
export interface Placeholder {
  wording: PlaceholderWording;
  nodes: [Element, ...Element[]];
}

/**
 * A site-made placeholder found from its status link (docs/embed-forms.md#site-fallback): the largest
 * ancestor, a few levels up at most, whose whole text has one wording and that
 * stands on its own (no words beside it), plus sibling blocks with that wording
 * and no link of their own ("Loading Tweet ..." on a line of its own). "Not
 * loading" wording wins over "gone" when both would qualify. Classes are never
 * used: only the visible texts of these blocks are known from real pages.
 *
 * Each level's text is read and classified once for both wordings, and not at
 * all when the largest level names no tweet (mayBePlaceholderText): a status
 * link in running prose is the common case, and reading and classifying its
 * paragraph twice was a fifth of a full scan (docs/performance.md, "Detection").
 */
export function findPlaceholder(link: Element): Placeholder | null {
  const body = link.ownerDocument.body;
  const levels: Element[] = [];
  for (let el: Element | null = link; el && levels.length < MAX_BLOCK_DEPTH; el = el.parentElement) {
    if (el === body || el === el.ownerDocument.documentElement) break;
    if (el.getElementsByTagName('*').length > MAX_BLOCK_ELEMENTS) break;
    levels.push(el);
  }
  // Each level's text is part of the next one's: no marker word in the largest, none in any.
  const largest = levels[levels.length - 1];
  if (!largest || !mayBePlaceholderText(largest.textContent ?? '')) return null;
  const wordings = levels.map((el) => classifyPlaceholderText(readBlockText(el)));
  for (const wording of ['loading', 'unavailable'] as const) {
    const nodes = placeholderNodes(levels, wordings, wording);
    if (nodes) return { wording, nodes };
  }
  return null;
}

/** The block of one wording among the levels above a link (lowest first), with its loose sibling lines. */
function placeholderNodes(
  levels: readonly Element[],
  wordings: readonly (PlaceholderWording | null)[],
  wording: PlaceholderWording,
): [Element, ...Element[]] | null {
  let block: Element | null = null;
  for (let i = 0; i < levels.length; i++) {
    if (wordings[i] === wording) block = levels[i] as Element;
    else if (block) break;
  }
  // Words next to it in the same parent make it part of a sentence, however it reads alone.
  if (!block || hasTextBeside(block)) return null;
  const isLoose = (sibling: Element) =>
    !sibling.querySelector('a[href]') &&
    sibling.getElementsByTagName('*').length <= MAX_BLOCK_ELEMENTS &&
    classifyPlaceholderText(readBlockText(sibling)) === wording;
  const nodes: [Element, ...Element[]] = [block];
  for (let prev = block.previousElementSibling; prev && isLoose(prev); prev = prev.previousElementSibling) {
    nodes.unshift(prev);
  }
  for (let next = block.nextElementSibling; next && isLoose(next); next = next.nextElementSibling) nodes.push(next);
  return nodes;
}

function hasTextBeside(el: Element): boolean {
  for (const node of el.parentNode?.childNodes ?? []) {
    if (node !== el && node.nodeType === 3 && (node.textContent ?? '').trim()) return true;
  }
  return false;
}

/**
 * A block's text with its children's texts kept apart, as they show
 * ("loading tweet<br><a>https://…</a>" reads as two words, not "tweethttps").
 * Comments do not show: only elements and text count, as in textContent.
 */
function readBlockText(el: Element): string {
  let text = '';
  for (const child of el.childNodes) {
    const type = child.nodeType;
    if (type === 1 || type === 3 || type === 4) text += ` ${child.textContent ?? ''}`;
  }
  return text;
}

/** The document behind a same-origin frame, or null (cross-origin, sandboxed, gone). */
export function readFrameDocument(frame: Element): Document | null {
  try {
    const doc = (frame as HTMLIFrameElement).contentDocument;
    return doc && doc.documentElement ? doc : null;
  } catch {
    return null;
  }
}

/**
 * Page-wide facts, each worked out at most once per document while the facts
 * object lasts (a scan, or the content script's life), and learnt from the
 * scripts scans come across. `known` answers for one document from what a
 * scan already found (its query holds the scripts).
 *
 * Whether a page has widgets.js only ever turns true: a script that ran stays
 * run. A script added later is seen by the scan of the part of the page it
 * came in with; one whose src is set after it was added is not.
 */
export function createDocumentFacts(known?: {
  document: Document;
  hasWidgetsScript: boolean | (() => boolean);
}): DocumentFacts {
  const scripts = new WeakMap<Document, boolean>();
  return {
    hasWidgetsScript(document) {
      let value = scripts.get(document);
      if (value === undefined) {
        const given = known?.document === document ? known.hasWidgetsScript : undefined;
        value = given === undefined ? findWidgetsScript(document) : typeof given === 'function' ? given() : given;
        scripts.set(document, value);
      }
      return value;
    },
    noteScripts(document, seen, all) {
      if (scripts.get(document)) return;
      if (seen.some((script) => script.matches(WIDGETS_SCRIPT))) scripts.set(document, true);
      else if (all) scripts.set(document, false);
    },
  };
}

/**
 * Whether any script of the document is widgets.js. The scripts, then a match
 * each: one pass with a single tag (Blink's fast path), where
 * querySelector(WIDGETS_SCRIPT) matches five selectors on every element.
 */
function findWidgetsScript(document: Document): boolean {
  for (const script of document.getElementsByTagName('script')) if (script.matches(WIDGETS_SCRIPT)) return true;
  return false;
}

/**
 * The verdict on a frame made to hold one embed (Drupal Media oEmbed, Medium's
 * media frames): judged from inside when the page can read the frame's
 * document (docs/embed-forms.md#drupal-oembed and
 * docs/embed-forms.md#medium-frame), so that the card can take the
 * frame's place in the article. A frame the page cannot read, or with nothing
 * recognisable in it, is a live embed as far as anyone outside can tell, like
 * any cross-origin tweet frame: rendered, left alone.
 */
export function judgeEmbedFrame(
  frame: Element,
  context: DetectContext,
  tweetFromHost: TweetRef | null,
): Verdict | null {
  const inner = context.scanFrame?.(frame) ?? null;
  const main = inner?.find((d) => d.status !== 'rendered') ?? inner?.[0];
  if (main) return { element: frame, tweet: main.tweet ?? tweetFromHost, status: main.status, reason: main.reason };
  if (!tweetFromHost) return null;
  return { element: frame, tweet: tweetFromHost, status: 'rendered' };
}
