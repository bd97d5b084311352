/**
 * What the content script reads from the host page to find its archived
 * entry: the page's URLs, fingerprints of its title, and fingerprints of the
 * text blocks around a broken embed. Only keys leave the page, never its text.
 */
import type { EmbedQuery, PageQuery } from '../messages/lookup';
import { fingerprintText, titleFingerprints } from '../archive/keys';
import { parseUrl } from '../util/parse-url';

export function readPageQuery(document: Document): PageQuery {
  const urls = [
    document.querySelector('link[rel~="canonical"]')?.getAttribute('href'),
    document.querySelector('meta[property="og:url"]')?.getAttribute('content'),
    document.location?.href,
  ]
    .filter((u): u is string => typeof u === 'string' && u.length > 0)
    .map((u) => absolutize(u, document.baseURI))
    .filter((u): u is string => u !== null);
  const titleTexts = [
    document.title,
    document.querySelector('meta[property="og:title"]')?.getAttribute('content'),
    document.querySelector('h1')?.textContent,
    document.querySelector('article h2, header h2')?.textContent,
  ].filter((t): t is string => typeof t === 'string');
  return { urls: [...new Set(urls)], titles: [...new Set(titleTexts.flatMap(titleFingerprints))] };
}

function absolutize(url: string, base: string): string | null {
  return parseUrl(url, base)?.href ?? null;
}

/** How many text blocks to read on each side of the embed. */
const CONTEXT_BLOCKS = 3;
/** How many elements to look at on each side before giving up (bounded work). */
const MAX_STEPS = 40;

const TEXT_BLOCK = 'p, li, blockquote, h1, h2, h3, h4, h5, h6, pre, figcaption, dd, dt, td';

/**
 * Fingerprints of the nearest text blocks before and after the embed, walking
 * siblings and then the parents' siblings, so that wrappers around the embed
 * (a figure, a div) do not hide its neighbours. An embed inside a frame that
 * holds little else (a srcdoc or about:blank frame made for it) takes the rest
 * of its context from around the frame, in the page that holds it: `frames`
 * are the frame elements around the embed, innermost first.
 */
export function readEmbedQuery(
  nodes: readonly Element[],
  tweetId: string | null,
  frames: readonly Element[] = [],
): EmbedQuery {
  const first = nodes[0] as Element;
  const last = nodes[nodes.length - 1] as Element;
  return {
    tweetId,
    before: collect([first, ...frames], 'previousElementSibling'),
    after: collect([last, ...frames], 'nextElementSibling'),
  };
}

function collect(starts: readonly Element[], step: 'previousElementSibling' | 'nextElementSibling'): string[] {
  const found: string[] = [];
  let steps = 0;
  for (const start of starts) {
    let el: Element | null = start;
    while (el && found.length < CONTEXT_BLOCKS && steps < MAX_STEPS) {
      let sibling: Element | null = el[step];
      while (sibling && found.length < CONTEXT_BLOCKS && steps++ < MAX_STEPS) {
        const blocks = sibling.matches(TEXT_BLOCK) ? [sibling] : [...sibling.querySelectorAll(TEXT_BLOCK)];
        if (step === 'previousElementSibling') blocks.reverse();
        for (const block of blocks.length ? blocks : [sibling]) {
          const fp = fingerprintText(block.textContent ?? '');
          if (fp) found.push(fp);
          if (found.length >= CONTEXT_BLOCKS) break;
        }
        sibling = sibling[step];
      }
      el = el.parentElement;
      if (!el || el.tagName === 'BODY') break;
    }
    if (found.length >= CONTEXT_BLOCKS || steps >= MAX_STEPS) break;
  }
  return found;
}
