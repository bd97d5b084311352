/**
 * Runs the registered detectors over a subtree: one query for all of them,
 * each candidate element looked at once, in document order, so that a
 * container claims the links inside it before they are looked at alone.
 */
import { DETECTORS } from './registry';
import type { DetectContext, Detector, FoundEmbed } from './types';

const selectors = new WeakMap<readonly Detector[], string>();

export function combinedSelector(detectors: readonly Detector[] = DETECTORS): string {
  let selector = selectors.get(detectors);
  if (!selector) {
    selector = detectors.map((d) => d.selector).join(', ');
    selectors.set(detectors, selector);
  }
  return selector;
}

/** The first detector that recognises this element, or null. */
export function detectElement(
  el: Element,
  context: DetectContext,
  detectors: readonly Detector[] = DETECTORS,
): FoundEmbed | null {
  for (const detector of detectors) {
    if (!el.matches(detector.selector)) continue;
    const detection = detector.detect(el, context);
    if (detection) return { ...detection, source: el };
  }
  return null;
}

export function scanForEmbeds(
  root: Element | Document,
  context: DetectContext,
  detectors: readonly Detector[] = DETECTORS,
): FoundEmbed[] {
  const selector = combinedSelector(detectors);
  const candidates: Element[] = [];
  if (root.nodeType === 1 && (root as Element).matches(selector)) candidates.push(root as Element);
  candidates.push(...root.querySelectorAll(selector));

  const found: FoundEmbed[] = [];
  let claimed: readonly Element[] = [];
  for (const el of candidates) {
    if (claimed.some((node) => node.contains(el))) continue;
    const detection = detectElement(el, context, detectors);
    if (!detection) continue;
    found.push(detection);
    claimed = detection.nodes;
  }
  return mergeAdjacent(found);
}

/**
 * A site's fallback text right after the unrendered blockquote it stands in
 * for ("Tweet not loading? View it on Twitter") is one embed: replace once.
 */
function mergeAdjacent(found: FoundEmbed[]): FoundEmbed[] {
  const out: FoundEmbed[] = [];
  for (const detection of found) {
    const previous = out[out.length - 1];
    const previousLast = previous?.nodes[previous.nodes.length - 1];
    if (
      previous &&
      previousLast?.nextElementSibling === detection.nodes[0] &&
      (previous.kind === 'site-fallback') !== (detection.kind === 'site-fallback') &&
      previous.status !== 'rendered' &&
      detection.status !== 'rendered' &&
      (!previous.tweet || !detection.tweet || previous.tweet.id === detection.tweet.id)
    ) {
      const main = previous.kind === 'site-fallback' ? detection : previous;
      out[out.length - 1] = {
        ...main,
        nodes: [...previous.nodes, ...detection.nodes] as FoundEmbed['nodes'],
        tweet: main.tweet ?? previous.tweet ?? detection.tweet,
        status: previous.status === 'broken' || detection.status === 'broken' ? 'broken' : main.status,
      };
    } else {
      out.push(detection);
    }
  }
  return out;
}
