/**
 * The page's own clues (src/page/clues.ts, readPageQuery): read from one list of the tags they can
 * be in, for speed (docs/performance.md, "The heavy page's other walks" and "Firefox main-thread
 * time"), they must be what the selectors they replace find, on any page. The oracle is the DOM's own selector engine, on generated pages that put
 * canonical links, `og:` tags and headings anywhere, in any order, with look-alikes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { titleFingerprints } from '../../src/archive/keys';
import { readPageQuery } from '../../src/page/clues';
import { parseUrl } from '../../src/util/parse-url';

/** What readPageQuery read before, with selectors. */
function readWithSelectors(document: Document) {
  const urls = [
    document.querySelector('link[rel~="canonical"]')?.getAttribute('href'),
    document.querySelector('meta[property="og:url"]')?.getAttribute('content'),
    document.location?.href,
  ]
    .filter((u): u is string => typeof u === 'string' && u.length > 0)
    .map((u) => parseUrl(u, document.baseURI)?.href ?? null)
    .filter((u): u is string => u !== null);
  const titles = [
    document.title,
    document.querySelector('meta[property="og:title"]')?.getAttribute('content'),
    document.querySelector('h1')?.textContent,
    document.querySelector('article h2, header h2')?.textContent,
  ].filter((t): t is string => typeof t === 'string');
  return { urls: [...new Set(urls)], titles: [...new Set(titles.flatMap(titleFingerprints))] };
}

const piece = fc.constantFrom(
  '<link rel="canonical" href="https://example.com/story/1">',
  '<link rel="alternate canonical" href="https://example.com/story/2">',
  '<link rel="alternate" href="https://example.com/feed.xml">',
  '<link rel="canonical-ish" href="https://example.com/story/3">',
  '<meta property="og:url" content="https://example.com/og/4">',
  '<meta property="og:title" content="Council workers strike over the budget">',
  '<meta name="og:title" content="Not a property">',
  '<meta property="og:urlx" content="https://example.com/og/5">',
  '<h1>Ministers face the union</h1>',
  '<h1>A second top heading further down</h1>',
  '<header><h1>The site name as a heading</h1></header>',
  '<article><h1>A story heading</h1><h2>Its subheading in the article</h2></article>',
  '<h2>A heading outside any article</h2>',
  '<article><p>Words</p><h2>The first story of the day</h2></article>',
  '<article><p>No heading here</p></article>',
  '<header><nav>Menu</nav></header>',
  '<header><h2>A site header heading</h2></header>',
  '<article><header><h2>Nested in both</h2></header></article>',
  '<section><article><div><h2>Deep in an article</h2></div></article></section>',
  '<p>Plain prose between the parts.</p>',
);

describe('readPageQuery', () => {
  it('finds what the selectors found: the canonical link, og: tags, h1 and the first article or header h2', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), fc.array(piece, { maxLength: 4 }), (body, head) => {
        const doc = document.implementation.createHTMLDocument('Bench title');
        // Head pieces that are not metadata content end up in the body, as a parser would put them.
        for (const html of head) doc.head.insertAdjacentHTML('beforeend', html);
        for (const html of body) doc.body.insertAdjacentHTML('beforeend', html);
        expect(readPageQuery(doc)).toEqual(readWithSelectors(doc));
      }),
      { numRuns: 300 },
    );
  });

  it('reads the real thing: a canonical link and og: tags in the head, a heading in the article', () => {
    const doc = document.implementation.createHTMLDocument('A title');
    doc.head.insertAdjacentHTML(
      'beforeend',
      '<link rel="Canonical" href="https://example.com/a"><meta property="og:url" content="https://example.com/b">',
    );
    doc.body.insertAdjacentHTML(
      'beforeend',
      '<header><h2>Ministers face the union at dawn</h2></header><article><h2>Council workers strike over the budget</h2></article>',
    );
    const query = readPageQuery(doc);
    expect(query.urls.slice(0, 2)).toEqual(['https://example.com/a', 'https://example.com/b']);
    const header = titleFingerprints('Ministers face the union at dawn');
    const story = titleFingerprints('Council workers strike over the budget');
    expect(header.length).toBeGreaterThan(0);
    expect(story.length).toBeGreaterThan(0);
    // The header's heading comes first in the page: it is the one read.
    expect(query.titles).toEqual(expect.arrayContaining(header));
    expect(query.titles).not.toEqual(expect.arrayContaining(story));
  });
});
