/**
 * The shortcuts that make a scan cheap must never change what it finds
 * (docs/performance.md, "Detection"): the marker-word test in front of the
 * placeholder wording, and the reading of everyday tweet URLs without the URL
 * parser. Properties over generated inputs, against the slow path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPlaceholderText, mayBePlaceholderText } from '../../src/embeds/fallback-text';
import { parseTweetUrl, tweetRefFromId } from '../../src/embeds/tweet-url';

describe('mayBePlaceholderText', () => {
  const pieces = [
    'Loading Tweet ...',
    'Tweet not loading?',
    'See it directly on Twitter',
    'View it on X',
    'This Post is unavailable.',
    'Hmm...this page doesn’t exist.',
    'Sorry, you are not authorized to see this status.',
    'The embedded tweet could not be found…',
    'post',
    'embed',
    '@someone',
    'https://twitter.com/a/status/123',
    'the council workers strike',
    'as she wrote',
    '\u2026',
    '\u00a0',
    '\n',
  ];
  const text = fc
    .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 12 })), { maxLength: 8 })
    .map((parts) => parts.join(' '));

  it('accepts every text the wording classifier accepts', () => {
    fc.assert(
      fc.property(text, (t) => {
        if (classifyPlaceholderText(t) !== null) expect(mayBePlaceholderText(t)).toBe(true);
      }),
      { numRuns: 2000 },
    );
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
