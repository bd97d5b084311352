/**
 * A verdict on some tweet markup, before a detector reports it as its own
 * form: the shared judgements (blockquote-verdict.ts, frames.ts) give one,
 * and the detector turns it into a detection of its kind.
 */
import type { TweetRef } from './tweet-url';
import type { BrokenReason, DetectedStatus, Detection, EmbedKind } from './types';

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

/** Whether an element shows any text at all (link-only blockquotes and empty cards show none). */
export function hasVisibleText(el: Element): boolean {
  // What normalizeVisibleText would leave non-empty: anything but white space.
  return /\S/.test(el.textContent ?? '');
}
