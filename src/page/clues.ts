/**
 * What the content script reads from the host page to find its archived
 * entry: the page's URLs, fingerprints of its title, and fingerprints of the
 * text blocks around a broken embed. Only keys leave the page, never its text.
 */
import type { EmbedQuery, PageQuery } from '../messages/lookup';
import { fingerprintText, titleFingerprints } from '../archive/keys';
import { parseUrl } from '../util/parse-url';

/** Every element readPageQuery looks at, in one list: the tags it reads, in document order. */
const CLUE_TAGS = 'meta, link, h1, article, header';

/**
 * The page's addresses and title fingerprints. Read from one list of the few tags they can be in,
 * in one walk of the document, and tested here: a selector with an attribute or a descendant takes
 * Blink's general path, one matching of the whole selector per element, and on a page without a
 * canonical link, `og:` tags or an article heading each such query walks the whole document (five
 * walks, 17 ms of the engine on the benchmark's heavy page; docs/performance.md, "The heavy page's
 * other walks"). One tag-name list per tag (`getElementsByTagName`) is still one walk per tag: five
 * on a page without those tags: 17–19 ms in Firefox on the heavy page, measured in the page, against
 * 8 ms for this one list, which Blink walks in about the time of the five (docs/performance.md,
 * "Firefox main-thread time").
 */
export function readPageQuery(document: Document): PageQuery {
  const metas: Element[] = [];
  const links: Element[] = [];
  const holders: Element[] = [];
  let h1: Element | undefined;
  for (const el of Array.from(document.querySelectorAll(CLUE_TAGS))) {
    const tag = el.localName;
    if (tag === 'meta') metas.push(el);
    else if (tag === 'link') links.push(el);
    else if (tag === 'h1') h1 ??= el;
    else holders.push(el);
  }
  const meta = (property: string) =>
    metas.find((m) => m.getAttribute('property') === property)?.getAttribute('content');
  const canonical = links.find((link) =>
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
    h1?.textContent,
    firstHeadingIn(holders, ['article', 'header'], 'h2')?.textContent,
  ].filter((t): t is string => typeof t === 'string');
  return { urls: [...new Set(urls)], titles: [...new Set(titleTexts.flatMap(titleFingerprints))] };
}

/**
 * What `document.querySelector('article h2, header h2')` finds, given every `article` and `header`
 * of the document in document order: the first `heading` inside any of the `kinds` of holder. The
 * first holder of each kind that has one holds the first of that kind (a later holder is either
 * inside it or after it); of the kinds, the earlier wins.
 */
function firstHeadingIn(holders: readonly Element[], kinds: readonly string[], heading: string): Element | null {
  let first: Element | null = null;
  for (const kind of kinds) {
    for (const el of holders) {
      if (el.localName !== kind) continue;
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
