import type { TweetRef } from './tweet-url';

/**
 * Every embed form a detector recognises, one per publishing route
 * (docs/detection.md has the table; docs/embed-forms.md the markup and states of each).
 */
export const EMBED_KINDS = [
  'widgets-blockquote', // the standard embed code, pasted or emitted raw (Hugo, Jetpack, userscripts)
  'rendered-widget', // what widgets.js leaves once it ran: an iframe or the legacy <twitter-widget>
  'amp-twitter', // AMP <amp-twitter>
  'wordpress-embed', // WordPress Embed block (any class order), resolved or not
  'ghost-card', // Ghost kg-embed-card
  'medium-export', // Medium export: link-only blockquote in figure.graf--iframe
  'medium-frame', // Medium live page: the tweet sits in a same-site or embed.ly frame
  'drupal-oembed', // Drupal Media oEmbed iframe
  'substack-card', // Substack's own tweet cards (static div.tweet, Twitter2ToDOM)
  'jekyll-twitter', // jekyll-twitter-plugin wrapper, with its baked-in error texts
  'discourse-embed', // Discourse twitter-native-embed component (links, oneboxes, stalled)
  'react-tweet', // Vercel react-tweet (rendered, or <TweetNotFound>)
  'embed-service', // an embed service's wrapper (Iframely, Embedly) naming the tweet, its frame not there
  'id-placeholder', // a publisher's empty placeholder naming the tweet only in a data attribute
  'static-card', // a publisher's own tweet card rendered server-side (text, author, date, status link)
  'site-fallback', // a site's own "Loading Tweet … / Tweet not loading? See it on Twitter" block
  'tombstone', // a site's own "This Post is unavailable." block
] as const;
export type EmbedKind = (typeof EMBED_KINDS)[number];

/**
 * - `rendered`: a live embed is showing: leave it alone.
 * - `pending`: could still render; becomes `broken` (with the same reason) if it
 *   is still in this state once the grace period has passed.
 * - `broken`: will not render by itself.
 * - `unavailable`: the platform (or the page, in its words) says the tweet is gone.
 */
export const DETECTED_STATUSES = ['rendered', 'pending', 'broken', 'unavailable'] as const;
export type DetectedStatus = (typeof DETECTED_STATUSES)[number];

export const BROKEN_REASONS = [
  'script-blocked', // widgets.js (or the AMP/Substack runtime, a publisher's or an embed service's script) never turned the markup into a tweet
  'widget-stalled', // widgets.js took the blockquote but never showed a tweet for it
  'widget-error', // widgets.js ran and marked the embed twitter-tweet-error
  'fallback-shown', // the site shows its own "tweet not loading" block, or gave up and shows the link
  'url-only', // the CMS wrapper holds only the tweet's URL or a plain link (oEmbed never resolved)
  'build-error', // the static-site generator baked its fetch error into the page
  'collapsed', // a rendered tweet frame that stays hidden or zero-height (flagged, never replaced)
] as const;
export type BrokenReason = (typeof BROKEN_REASONS)[number];

export interface Detection {
  kind: EmbedKind;
  /**
   * The elements the embed occupies on the page: one element, or consecutive
   * siblings (a fallback text split over two blocks). A repair replaces the
   * whole range, text nodes in between included, and gives it back on undo.
   */
  nodes: [Element, ...Element[]];
  tweet: TweetRef | null;
  status: DetectedStatus;
  reason?: BrokenReason;
}

/** A detection as the scanner reports it: with the element the detector recognised. */
export interface FoundEmbed extends Detection {
  /** The candidate the detector was given (the status link of a fallback, the blockquote…). */
  source: Element;
}

export interface DetectContext {
  document: Document;
  /**
   * Facts about a document that several detectors ask for during one scan
   * (is widgets.js on the page), worked out once. The scanner supplies them
   * from its own query; a detector called alone works them out itself.
   */
  facts?: DocumentFacts;
  /**
   * Judges a same-origin frame from inside: the embeds the scanner finds in
   * its document, or null when it cannot be read (cross-origin, not loaded).
   * Given by the scanner to detectors of frames that hold one embed.
   */
  scanFrame?: (frame: Element) => FoundEmbed[] | null;
}

/** Page-wide facts, computed at most once per document while the facts object lasts (markup.ts). */
export interface DocumentFacts {
  /** Whether the document carries widgets.js in any form (docs/embed-forms.md#broken). */
  hasWidgetsScript(document: Document): boolean;
  /**
   * A scan saw these scripts of a document (its query holds scripts); `all`:
   * they are every script the document has. Facts that outlive one scan (the
   * content script's, across batches of page changes) learn from them.
   */
  noteScripts?(document: Document, scripts: readonly Element[], all: boolean): void;
}

export interface Detector {
  readonly kind: EmbedKind;
  /**
   * Other forms this detector reports, when they are found from the same
   * element (a site's tombstone block and its "not loading" block are both
   * found from their status link, which is looked at once).
   */
  readonly alsoReports?: readonly EmbedKind[];
  /** Elements this detector inspects; all selectors are combined into one query per scan. */
  readonly selector: string;
  detect(candidate: Element, context: DetectContext): Detection | null;
}
