/**
 * What the content script reads from the host page to find its archived
 * entry: the page's URLs, fingerprints of its title, and fingerprints of the
 * text blocks around a broken embed. Only keys leave the page, never its text.
 */
import type { EmbedQuery, PageQuery } from '../messages/lookup';
import { fingerprintText, titleFingerprints } from '../archive/keys';
import { parseUrl } from '../util/parse-url';

/**
 * The page's addresses and title fingerprints. Read through tag-name lists rather than attribute
 * selectors: a selector with an attribute or a descendant takes Blink's general path, one
 * matching of the whole selector per element, and on a page without a canonical link, `og:`
 * tags or an article heading each such query walks the whole document (five walks, 17 ms of the
 * engine on the benchmark's heavy page; docs/performance.md, "The heavy page's other walks"). A
 * tag-name list is walked on Blink's fast path, and the few elements it holds are tested here.
 */
export function readPageQuery(document: Document): PageQuery {
  const metas = Array.from(document.getElementsByTagName('meta'));
  const meta = (property: string) =>
    metas.find((m) => m.getAttribute('property') === property)?.getAttribute('content');
  const canonical = Array.from(document.getElementsByTagName('link')).find((link) =>
    (link.getAttribute('rel') ?? '')
      // Link types are ASCII case-insensitive (HTML, "Link types"), as Blink's `[rel~=…]` matches them.
      .toLowerCase()
      .split(/[\t\n\f\r ]+/)
      .includes('canonical'),
  );
  const urls = [canonical?.getAttribute('href'), meta('og:url'), document.location?.href]
    .filter((u): u is string => typeof u === 'string' && u.length > 0)
    .map((u) => absolutize(u, document.baseURI))
    .filter((u): u is string => u !== null);
  const titleTexts = [
    document.title,
    meta('og:title'),
    document.querySelector('h1')?.textContent,
    firstHeadingIn(document, ['article', 'header'], 'h2')?.textContent,
  ].filter((t): t is string => typeof t === 'string');
  return { urls: [...new Set(urls)], titles: [...new Set(titleTexts.flatMap(titleFingerprints))] };
}

/**
 * What `document.querySelector('article h2, header h2')` finds: the first `heading` in document
 * order inside any of the `holders`. The first holder of each kind that has one holds the first of
 * that kind (a later holder is either inside it or after it); of the kinds, the earlier wins.
 */
function firstHeadingIn(document: Document, holders: readonly string[], heading: string): Element | null {
  let first: Element | null = null;
  for (const holder of holders) {
    for (const el of document.getElementsByTagName(holder)) {
      const found = el.getElementsByTagName(heading)[0];
      if (!found) continue;
      // 2: Node.DOCUMENT_POSITION_PRECEDING (found comes before first).
      if (!first || first.compareDocumentPosition(found) & 2) first = found;
      break;
    }
  }
  return first;
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
