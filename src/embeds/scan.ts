/**
 * Runs the registered detectors over a subtree: one query for all of them,
 * each candidate element looked at once and by one detector, in document
 * order, so that a container claims the elements inside it before they are
 * looked at alone. The same query finds the page's widgets.js script (a fact
 * the blockquote verdict needs) and its frames: same-origin frames (srcdoc,
 * about:blank, same-site pages) are scanned as part of the page, a few levels
 * deep at most (docs/detection.md, "Frames").
 */
import { DETECTORS } from './registry';
import { createDocumentFacts, readFrameDocument, WIDGETS_SCRIPT } from './markup';
import type { DetectContext, Detector, FoundEmbed } from './types';

/** How many frames deep a scan looks (a frame in a frame in a frame). */
export const MAX_FRAME_DEPTH = 3;
const FRAMES = 'iframe, frame';

export interface ScanOptions {
  /**
   * Called for every same-origin frame document the scan looked into.
   * `hosted`: a detector judged the frame as one embed and reported it on the
   * frame element (Drupal, Medium); otherwise its embeds are reported inside it.
   */
  onFrame?: (frame: Element, document: Document, hosted: boolean) => void;
  /** How many frames deep this scan already is. */
  depth?: number;
}

const selectors = new WeakMap<readonly Detector[], string>();

/** The one selector a scan queries: every detector's, plus widgets.js scripts and frames. */
export function combinedSelector(detectors: readonly Detector[] = DETECTORS): string {
  let selector = selectors.get(detectors);
  if (!selector) {
    selector = [...detectors.map((d) => d.selector), WIDGETS_SCRIPT, FRAMES].join(', ');
    selectors.set(detectors, selector);
  }
  return selector;
}

/**
 * What the element is, according to the one detector it belongs to: the
 * first in the registry whose selector it matches. Null when that detector
 * does not recognise it, or none applies.
 */
export function detectElement(
  el: Element,
  context: DetectContext,
  detectors: readonly Detector[] = DETECTORS,
): FoundEmbed | null {
  for (const detector of detectors) {
    if (!el.matches(detector.selector)) continue;
    const detection = detector.detect(el, context);
    return detection ? { ...detection, source: el } : null;
  }
  return null;
}

export function scanForEmbeds(
  root: Element | Document,
  context: Partial<DetectContext> = {},
  detectors: readonly Detector[] = DETECTORS,
  options: ScanOptions = {},
): FoundEmbed[] {
  const document = root.nodeType === 9 ? (root as Document) : (root as Element).ownerDocument;
  const selector = combinedSelector(detectors);
  const candidates: Element[] = [];
  if (root.nodeType === 1 && (root as Element).matches(selector)) candidates.push(root as Element);
  candidates.push(...root.querySelectorAll(selector));

  // A scan of the whole document has seen every script: no second query to know about widgets.js.
  const whole = root === document || root === document.documentElement;
  const facts =
    context.facts ??
    createDocumentFacts(
      whole ? { document, hasWidgetsScript: candidates.some((el) => el.localName === 'script') } : undefined,
    );
  const depth = options.depth ?? 0;
  const frameDocument = (frame: Element) => (depth < MAX_FRAME_DEPTH ? readFrameDocument(frame) : null);
  const scanFrame = (doc: Document) => scanForEmbeds(doc, {}, detectors, { ...options, depth: depth + 1 });
  const detectContext: DetectContext = {
    document,
    facts,
    scanFrame: (frame) => {
      const doc = frameDocument(frame);
      return doc ? scanFrame(doc) : null;
    },
  };

  const found: FoundEmbed[] = [];
  let claimed: readonly Element[] = [];
  for (const el of candidates) {
    if (el.localName === 'script' || claimed.some((node) => node.contains(el))) continue;
    const detection = detectElement(el, detectContext, detectors);
    if (detection) {
      found.push(detection);
      claimed = detection.nodes;
    }
    if (el.localName !== 'iframe' && el.localName !== 'frame') continue;
    const doc = frameDocument(el);
    if (!doc) continue;
    const hosted = detection?.nodes.includes(el) ?? false;
    options.onFrame?.(el, doc, hosted);
    if (!hosted) found.push(...scanFrame(doc));
  }
  return mergeAdjacent(dropRenderedTwins(found));
}

/**
 * The raw blockquote (or fallback block) of a tweet that is also rendered on
 * the page is the same embed: saved legacy pages keep both, sites leave their
 * fallback hidden next to the live tweet (embed-variants.md §1.2). Only the
 * live one is reported.
 */
function dropRenderedTwins(found: FoundEmbed[]): FoundEmbed[] {
  const live = new Set(found.filter((d) => d.status === 'rendered' && d.tweet).map((d) => d.tweet?.id));
  if (!live.size) return found;
  return found.filter((d) => d.status === 'rendered' || !d.tweet || !live.has(d.tweet.id));
}

/**
 * Consecutive blocks that stand for one tweet are one embed, replaced once:
 * - a site's fallback line right after the unrendered blockquote it stands in
 *   for ("Tweet not loading? View it on Twitter", §2.1);
 * - the collapsed frame widgets.js put next to a blockquote it never finished (§2.2).
 */
export function mergeAdjacent(found: FoundEmbed[]): FoundEmbed[] {
  const out: FoundEmbed[] = [];
  for (const detection of found) {
    const previous = out[out.length - 1];
    const merged = previous ? mergePair(previous, detection) : null;
    if (merged) out[out.length - 1] = merged;
    else out.push(detection);
  }
  return out;
}

const isSiteText = (d: FoundEmbed) => d.kind === 'site-fallback' || d.kind === 'tombstone';

function mergePair(a: FoundEmbed, b: FoundEmbed): FoundEmbed | null {
  if (a.nodes[a.nodes.length - 1]?.nextElementSibling !== b.nodes[0]) return null;
  if (a.status === 'rendered' || b.status === 'rendered') return null;
  if (a.tweet && b.tweet && a.tweet.id !== b.tweet.id) return null;
  let main: FoundEmbed;
  let reason: FoundEmbed['reason'];
  if (isSiteText(a) !== isSiteText(b)) {
    main = isSiteText(a) ? b : a;
    reason = main.reason;
  } else {
    const frame = a.kind === 'rendered-widget' ? a : b;
    const blockquote = frame === a ? b : a;
    if (frame.kind !== 'rendered-widget' || blockquote.kind !== 'widgets-blockquote' || !a.tweet || !b.tweet) {
      return null;
    }
    main = blockquote;
    reason = blockquote.status === 'pending' ? 'widget-stalled' : blockquote.reason;
  }
  const statuses = [a.status, b.status];
  const status = statuses.includes('unavailable')
    ? 'unavailable'
    : statuses.includes('broken')
      ? 'broken'
      : main.status;
  const embed: FoundEmbed = {
    ...main,
    nodes: [...a.nodes, ...b.nodes] as FoundEmbed['nodes'],
    tweet: main.tweet ?? a.tweet ?? b.tweet,
    status,
  };
  if (status === 'unavailable' || !reason) delete embed.reason;
  else embed.reason = reason;
  return embed;
}
