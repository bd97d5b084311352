/**
 * The verdict on the standard embed code (docs/embed-forms.md#widgets-blockquote),
 * alone or inside a publishing wrapper that may hold what widgets.js made of
 * it: how widgets.js marks a blockquote it has taken, and which blockquotes
 * are another extension's stand-in.
 */
import { createDocumentFacts } from './document-facts';
import { normalizeVisibleText } from './fallback-text';
import { isCollapsedWidget, readRenderedTweet, RENDERED_WIDGET } from './rendered-widgets';
import { readPermalink } from './status-links';
import type { BrokenReason, DetectContext, DetectedStatus } from './types';
import type { Verdict } from './verdict';

/** The standard embed code (docs/embed-forms.md#widgets-blockquote). */
export const EMBED_BLOCKQUOTE = 'blockquote.twitter-tweet, blockquote.twitter-video';

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
