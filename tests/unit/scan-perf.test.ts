/**
 * The shortcuts that make a scan cheap must never change what it finds
 * (docs/performance.md, "Detection"): the marker-word test in front of the
 * placeholder wording, and the reading of everyday tweet URLs without the URL
 * parser, the merge of the hooks queried one by one. Properties over generated inputs, against the slow path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPlaceholderText, classifyWording, mayBePlaceholderText } from '../../src/embeds/fallback-text';
import { mergeInDocumentOrder } from '../../src/embeds/document-order';
import { parseTweetUrl, tweetRefFromId } from '../../src/embeds/tweet-url';

describe('mayBePlaceholderText', () => {
  /**
   * Real placeholder wordings (tests/fixtures/embeds and docs/embed-forms.md,
   * "Placeholder wording", as in fallback-text.test.ts), the pieces that go with them,
   * and pieces that do not: texts made of these are placeholders often enough
   * for the property below to be about placeholders, not about prose.
   */
  const wordings = [
    'Loading Tweet ...',
    'Loading Tweet\u2026',
    'Tweet not loading? See it directly on Twitter',
    'Post not loading? View it on X',
    'Post failed to load. View this post on X',
    'Loading post\u2026 Open it on X',
    'Unable to load this tweet. Click here to view it on Twitter.',
    "Can't see the tweet? View it on X.com",
    "If the tweet doesn't load, view it here",
    'Having trouble viewing this post? See it on X (formerly Twitter)',
    'Tweet not loading? View it on Twitter (This tweet includes an image)',
    'This Post is unavailable.',
    'This Tweet is unavailable.',
    'This Post was deleted by the Post author. Learn more',
    'This Post is from a suspended account. Learn more',
    'Hmm...this page doesn\u2019t exist. Try searching for something else.',
    'Sorry, that page does not exist.',
    'Sorry, you are not authorized to see this status.',
    'Tweet not found The embedded tweet could not be found\u2026',
    'Tweet not found for ID: 1501707808009506816',
  ];
  const companions = [
    'See it directly on Twitter',
    'View it on X',
    'Learn more',
    'https://twitter.com/a/status/1501707808009506816',
    'twitter.com/WSWS_Updates/status/1501707808009506816',
    '@someone',
    'by @WSWS_Updates',
    '\u2014',
    '...',
    '(',
    ')',
  ];
  const others = ['the council workers strike', 'as she wrote', 'Loading Tweet ID 123', 'embed', 'post'];
  const cases: ((s: string) => string)[] = [(s) => s, (s) => s.toUpperCase(), (s) => s.toLowerCase()];
  const text = fc
    .tuple(
      fc.array(
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...wordings) },
          { weight: 3, arbitrary: fc.constantFrom(...companions) },
          { weight: 1, arbitrary: fc.constantFrom(...others) },
          { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
        ),
        { minLength: 1, maxLength: 4 },
      ),
      fc.constantFrom(' ', '\n', '\u00a0', '\n  ', ''),
      fc.constantFrom(...cases),
    )
    .map(([parts, separator, letterCase]) => letterCase(parts.join(separator)));

  it('never turns away a text the full classifier (without the shortcut) accepts', () => {
    const accepted = { loading: 0, unavailable: 0 };
    const runs = 3000;
    fc.assert(
      fc.property(text, (t) => {
        const full = classifyWording(t);
        // What the scan uses (shortcut, memo and all) says what the full classifier says.
        expect(classifyPlaceholderText(t), t).toBe(full);
        if (full !== null) {
          accepted[full]++;
          expect(mayBePlaceholderText(t), t).toBe(true);
        }
      }),
      { numRuns: runs },
    );
    // The property is about placeholders: most generated texts are one, of both families.
    expect(accepted.loading).toBeGreaterThan(runs / 10);
    expect(accepted.unavailable).toBeGreaterThan(runs / 10);
  });

  it('turns away running prose that names no tweet', () => {
    expect(mayBePlaceholderText('The council voted on the budget, as she wrote on Tuesday.')).toBe(false);
    expect(classifyPlaceholderText('The council voted on the budget, as she wrote on Tuesday.')).toBeNull();
  });
});

/** The URL parser's reading of a tweet URL: what parseTweetUrl did for every input before its shortcut. */
function parseWithUrlParser(input: string): { id: string; handle: string | null } | null {
  let raw = input.trim();
  if (raw.length === 0 || raw.length > 2048) return null;
  raw = raw.replace(/^(?:https?:)?\/\/web\.archive\.org\/web\/\d{1,14}(?:[a-z]{2}_)?\//i, '');
  if (raw.startsWith('//')) raw = `https:${raw}`;
  if (!/^https?:\/\//i.test(raw)) {
    if (!/^(?:www\.|mobile\.|m\.)?(?:twitter|x)\.com\//i.test(raw)) return null;
    raw = `https://${raw}`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password || url.port) return null;
  if (!/^(?:(?:www|mobile|m)\.)?(?:twitter|x)\.com$/.test(url.hostname)) return null;
  const path =
    url.pathname === '/' && url.hash.startsWith('#!/') ? url.hash.slice(2).replace(/[?#].*$/, '') : url.pathname;
  // X's status routes (yt-dlp's TwitterIE grammar: any segment before /status/, /i/web/status/, /statuses/);
  // the segment is a handle only when X could name an account so (1-15 word characters).
  const match = /^\/(?:(?:i\/web|([^/\s]+))\/status(?:es)?|statuses)\/([1-9][0-9]{0,19})(?:\/.*)?$/i.exec(path);
  if (!match) return null;
  const ref = tweetRefFromId(match[2]);
  if (!ref) return null;
  const segment = match[1];
  return {
    id: ref.id,
    handle: segment && segment.toLowerCase() !== 'i' && /^[A-Za-z0-9_]{1,15}$/.test(segment) ? segment : null,
  };
}

describe('parseTweetUrl reads everyday tweet URLs without the URL parser, with the same result', () => {
  const url = fc
    .tuple(
      fc.constantFrom('https://', 'http://', 'HTTPS://', 'https:/', 'https:\\\\'),
      fc.constantFrom(
        'twitter.com',
        'x.com',
        'www.twitter.com',
        'mobile.x.com',
        'M.Twitter.COM',
        'twitter.co',
        'xx.com',
      ),
      fc.constantFrom('', ':443', ':8080'),
      // Handles X could give, longer ones it redirects anyway, and segments that are not names at all.
      fc.oneof(
        fc.stringMatching(/^[A-Za-z0-9_.%-]{0,17}$/),
        fc.stringMatching(/^[A-Za-z0-9_.%~!$'()*+,;=:@-]{14,30}$/),
      ),
      fc.constantFrom('status', 'statuses', 'STATUS', 'Status', 'stat us', 'status\t'),
      fc.oneof(fc.stringMatching(/^[0-9]{1,22}$/), fc.constantFrom('0123', '18446744073709551616', '1a')),
      fc.constantFrom('', '/', '/photo/1', '/video/1/', '/..', '/%2e%2e', '//x', '/a b'),
      fc.constantFrom('', '?ref_src=twsrc%5Etfw', '?s=20&t=abc#frag', '#!/x', '?a\\b', '? x', '?a\tb'),
    )
    .map(([scheme, host, port, handle, status, id, tail, query]) =>
      [scheme, host, port, '/', handle, '/', status, '/', id, tail, query].join(''),
    );

  it('for generated URLs of every shape near the everyday one', () => {
    fc.assert(
      fc.property(url, (u) => {
        const ref = parseTweetUrl(u);
        expect(ref ? { id: ref.id, handle: ref.handle } : null).toEqual(parseWithUrlParser(u));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('mergeInDocumentOrder', () => {
  /**
   * A scan of a whole document queries each hook alone and merges the lists (src/embeds/scan.ts,
   * queryHooks): the merge must give what one query of all the hooks gives, the union in document
   * order without repeats. Generated trees, generated selectors, against querySelectorAll of the list.
   */
  const tags = ['div', 'p', 'blockquote', 'a', 'figure', 'span'] as const;
  /** A tree as a list: each element goes into the body or into an element made before it (any shape, no recursion). */
  const tree = fc.array(fc.record({ parent: fc.nat(), tag: fc.constantFrom(...tags), hook: fc.boolean() }), {
    maxLength: 80, // enough siblings for a parent to be numbered (after a few comparisons) as well as compared directly
  });
  const build = (doc: Document, nodes: { parent: number; tag: string; hook: boolean }[]) => {
    const made: Element[] = [];
    for (const { parent, tag, hook } of nodes) {
      const el = doc.createElement(tag);
      if (hook) el.className = 'hook';
      (parent % (made.length + 1) === 0 ? doc.body : made[(parent % (made.length + 1)) - 1]!).append(el);
      made.push(el);
    }
  };
  const selectors = ['div', 'p', 'blockquote', 'a', 'figure', 'span', '.hook', 'p.hook', 'div > p'];

  it('gives the union of the lists in document order, each element once', () => {
    fc.assert(
      fc.property(tree, fc.subarray(selectors), (nodes, chosen) => {
        const doc = document.implementation.createHTMLDocument('');
        build(doc, nodes);
        const merged = mergeInDocumentOrder(chosen.map((s) => doc.querySelectorAll(s)));
        const expected = chosen.length ? [...doc.querySelectorAll(chosen.join(', '))] : [];
        expect(merged).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
