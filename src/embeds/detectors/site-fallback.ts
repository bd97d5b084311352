import type { Detector } from '../types';
import { parseTweetUrl } from '../tweet-url';
import { isFallbackText } from '../fallback-text';

/** Markup handled by other detectors: a status link inside them is not a site fallback. */
const OTHER_EMBEDS = 'blockquote.twitter-tweet, blockquote.twitter-video, .twitter-tweet-rendered, twitter-widget';

/** How far above the status link the fallback block may start. */
const MAX_DEPTH = 4;

/**
 * A site-made placeholder such as WSWS's "Loading Tweet ... / Tweet not
 * loading? See it directly on Twitter" (embed-variants.md §2.1). Only the
 * visible texts are known from the real pages, not their tags or classes, so
 * the block is found from its status link: the largest ancestor (a few levels
 * at most) whose whole text is fallback wording. Prose that merely quotes the
 * phrase never qualifies, because its text is more than the phrase.
 */
export const siteFallbackDetector: Detector = {
  kind: 'site-fallback',
  selector: 'a[href]',
  detect(link, { document }) {
    const href = link.getAttribute('href');
    // Cheap filter first: this runs for every link on the page.
    if (!href || !href.includes('/status')) return null;
    const tweet = parseTweetUrl(href);
    if (!tweet || link.closest(OTHER_EMBEDS)) return null;

    let block: Element | null = null;
    let el: Element | null = link;
    for (let depth = 0; el && depth < MAX_DEPTH; depth++, el = el.parentElement) {
      if (el === document.body || el === document.documentElement) break;
      if (isFallbackText(el.textContent ?? '')) block = el;
      else if (block) break;
    }
    if (!block) return null;

    // "Loading Tweet ..." may sit in a sibling block of its own, without the link.
    const nodes: [Element, ...Element[]] = [block];
    for (let prev = block.previousElementSibling; prev && isLooseFallback(prev); prev = prev.previousElementSibling) {
      nodes.unshift(prev);
    }
    for (let next = block.nextElementSibling; next && isLooseFallback(next); next = next.nextElementSibling) {
      nodes.push(next);
    }
    return { kind: this.kind, nodes, tweet, status: 'pending', reason: 'fallback-shown' };
  },
};

function isLooseFallback(el: Element): boolean {
  return !el.querySelector('a[href]') && isFallbackText(el.textContent ?? '');
}
