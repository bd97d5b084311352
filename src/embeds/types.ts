import type { TweetRef } from './tweet-url';

/** Every embed form a detector recognises (docs/detection.md). */
export type EmbedKind = 'widgets-blockquote' | 'rendered-widget' | 'site-fallback';

/**
 * - `rendered`: a live embed is showing: leave it alone.
 * - `pending`: could still render; becomes `broken` (with the same reason) if it
 *   is still in this state once the grace period has passed.
 * - `broken`: will not render by itself.
 * - `unavailable`: the platform says the tweet is gone.
 */
export type DetectedStatus = 'rendered' | 'pending' | 'broken' | 'unavailable';

export type BrokenReason =
  | 'script-blocked' // widgets.js never turned the blockquote into a tweet
  | 'widget-error' // widgets.js ran and marked the embed twitter-tweet-error
  | 'fallback-shown'; // the site shows its own "tweet not loading" block

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
}

export interface Detector {
  readonly kind: EmbedKind;
  /** Elements this detector inspects; all selectors are combined into one query per scan. */
  readonly selector: string;
  detect(candidate: Element, context: DetectContext): Detection | null;
}
