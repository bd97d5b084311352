import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalTweetUrl, isTweetId, parseTweetUrl, tweetRefFromId } from '../../src/embeds/tweet-url';

/**
 * Status URLs in every shape found in real markup (docs/embed-forms.md#status-urls),
 * each with the handle and id it must give, written by hand. `null` handle = the id-only forms.
 */
const TABLE: [url: string, handle: string | null, id: string][] = [
  [
    'https://twitter.com/perplexity_ai/status/1881779310840984043?ref_src=twsrc%5Etfw',
    'perplexity_ai',
    '1881779310840984043',
  ],
  [
    'https://twitter.com/FCBarcelona/status/1790000000000000000?ref_src=twsrc^tfw',
    'FCBarcelona',
    '1790000000000000000',
  ],
  ['https://x.com/nabeelqu/status/12345', 'nabeelqu', '12345'],
  ['http://x.com/a/status/123456', 'a', '123456'],
  ['https://www.x.com/a/status/123456', 'a', '123456'],
  ['https://www.twitter.com/h/status/1576942106156810240/photo/1', 'h', '1576942106156810240'],
  ['https://mobile.twitter.com/rravi/status/147000?s=20&t=abc#frag', 'rravi', '147000'],
  ['https://m.twitter.com/rravi/status/147000', 'rravi', '147000'],
  ['https://twitter.com/i/web/status/1657782953964474368', null, '1657782953964474368'],
  ['https://mobile.twitter.com/i/web/status/1501707808009506816', null, '1501707808009506816'],
  ['https://x.com/i/status/1657782953964474368', null, '1657782953964474368'],
  ['https://twitter.com/spf13/statuses/666616452582129664', 'spf13', '666616452582129664'],
  ['https://twitter.com/#!/spf13/status/666616452582129664', 'spf13', '666616452582129664'],
  ['HTTPS://X.COM/Foo/STATUS/123456', 'Foo', '123456'],
  ['https://twitter.com/Example/status/12345678240918675457?s=20&t=abcDEF', 'Example', '12345678240918675457'],
];

describe('parseTweetUrl: the URL shapes of docs/embed-forms.md#status-urls', () => {
  it.each(TABLE)('%s → handle %s, id %s', (url, handle, id) => {
    const ref = parseTweetUrl(url);
    expect(ref).not.toBeNull();
    expect(ref?.id).toBe(id);
    expect(typeof ref?.id).toBe('string');
    expect(ref?.handle).toBe(handle);
    expect(ref?.url).toBe(handle ? `https://x.com/${handle}/status/${id}` : `https://x.com/i/web/status/${id}`);
  });

  it('gives the canonical permalink with no query, fragment or tail', () => {
    expect(parseTweetUrl('https://mobile.twitter.com/rravi/status/147000?s=20&t=abc#frag')?.url).toBe(
      'https://x.com/rravi/status/147000',
    );
    expect(parseTweetUrl('https://twitter.com/spf13/statuses/666616452582129664')?.url).toBe(
      'https://x.com/spf13/status/666616452582129664',
    );
  });
});

describe('parseTweetUrl: not a tweet status URL', () => {
  it.each([
    'https://twitter.com/intent/tweet?original_referer=https%3A%2F%2Fwww.wsws.org%2F&text=A%20discussion',
    'twitter.com/intent/tweet?text=hello',
    'https://twitter.com/WSWS_Updates',
    'twitter.com/WSWS_Updates',
    'https://twitter.com/Luckmoshy?ref_src=twsrc%5Etfw',
    'https://twitter.com/hashtag/embeds?src=hash&ref_src=twsrc%5Etfw',
    'https://t.co/AbCdEf1234',
    't.co/AbCdEf1234',
    'pic.twitter.com/AbCdEf1234',
    'https://pic.twitter.com/AbCdEf1234',
    'https://platform.twitter.com/embed/Tweet.html?id=1501707808009506816',
    'https://x.com/a/article/1881779310840984043',
    'https://example.com/embed?url=https%3A%2F%2Ftwitter.com%2Fa%2Fstatus%2F1501707808009506816',
    'https://example.com/oembed?url=https://twitter.com/a/status/1501707808009506816',
    'https://twitter.com/home?status=https://twitter.com/a/status/1501707808009506816',
    'https://twitter.com/a/status/',
    'https://twitter.com/a/status/abc',
    'https://twitter.com/a/status/0123456',
    'https://twitter.com/status/123456',
    'https://twitter.com/a/b/status/123456',
    'https://twitter.com/a/article/123456',
    'https://twitter.com/a/statusx/123456',
    'https://twitter.com/a/stat/123456',
    'https://twitter.com//status/123456',
    'https://twitter.com/i/web/article/123456',
    'https://twitter.com/a/status/123456abc',
    'https://twitter.com.evil.example/a/status/123456',
    'twitter.com.evil.example/a/status/123456',
    'https://evil.example/https://twitter.com/a/status/123456',
    'https://user:pass@twitter.com/a/status/123456',
    'https://twitter.com:8443/a/status/123456',
    'javascript:alert(1)//twitter.com/a/status/123456',
    'ftp://twitter.com/a/status/123456',
    '',
    '   ',
  ])('%s → null', (url) => {
    expect(parseTweetUrl(url)).toBeNull();
  });

  it('ignores non-strings', () => {
    expect(parseTweetUrl(null)).toBeNull();
    expect(parseTweetUrl(undefined)).toBeNull();
    expect(parseTweetUrl(123456 as unknown as string)).toBeNull();
  });

  it('rejects ids beyond an unsigned 64-bit snowflake', () => {
    expect(parseTweetUrl('https://twitter.com/a/status/18446744073709551615')?.id).toBe('18446744073709551615');
    expect(parseTweetUrl('https://twitter.com/a/status/18446744073709551616')).toBeNull();
    expect(parseTweetUrl('https://twitter.com/a/status/99999999999999999999')).toBeNull();
    expect(parseTweetUrl('https://twitter.com/a/status/123456789012345678901')).toBeNull();
  });

  it('rejects over-long input', () => {
    expect(parseTweetUrl(`https://twitter.com/a/status/123456?q=${'x'.repeat(2100)}`)).toBeNull();
  });
});

describe('parseTweetUrl: any segment X redirects (it ignores the one before /status/)', () => {
  it.each([
    // Issue 10, row 8: a 16-character handle.
    ['https://twitter.com/this_handle_is_16/status/123456', '123456'],
    ['https://x.com/a_twenty_char_handle/status/1501707808009506816', '1501707808009506816'],
    ['https://x.com/anything-with-dashes/status/1501707808009506816?s=20', '1501707808009506816'],
    ['https://x.com/user.name/status/1501707808009506816', '1501707808009506816'],
    ['https://twitter.com/%E2%80%8Bhandle/status/1501707808009506816', '1501707808009506816'],
    ['https://twitter.com/_/status/1501707808009506816', '1501707808009506816'],
    ['https://twitter.com/statuses/1501707808009506816', '1501707808009506816'],
    ['https://x.com/i/web/statuses/1501707808009506816', '1501707808009506816'],
  ])('%s → tweet %s, with no handle unless X could name an account so', (url, id) => {
    const ref = parseTweetUrl(url);
    expect(ref?.id).toBe(id);
    // Only a segment of 1-15 word characters can be an account's name today.
    const segment = new URL(url).pathname.split('/')[1] as string;
    const handle = /^[A-Za-z0-9_]{1,15}$/.test(segment) && !['statuses', 'i'].includes(segment) ? segment : null;
    expect(ref?.handle ?? null).toBe(handle);
    expect(ref?.url).toBe(handle ? `https://x.com/${handle}/status/${id}` : `https://x.com/i/web/status/${id}`);
  });
});

describe('parseTweetUrl: mirrors, archives, tails', () => {
  it.each([
    ['https://fxtwitter.com/jack/status/1501707808009506816', 'jack'],
    ['https://fxtwitter.com/jack/status/1501707808009506816/en', 'jack'],
    ['https://vxtwitter.com/jack/status/1501707808009506816', 'jack'],
    ['https://fixupx.com/jack/status/1501707808009506816', 'jack'],
    ['https://nitter.net/jack/status/1501707808009506816#m', 'jack'],
    ['https://nitter.example.org/jack/status/1501707808009506816', 'jack'],
    ['https://d.fxtwitter.com/jack/status/1501707808009506816', 'jack'],
    ['https://g.fxtwitter.com/jack/status/1501707808009506816/photo/1', 'jack'],
    ['https://fixvx.com/jack/status/1501707808009506816', 'jack'],
    ['https://xcancel.com/jack/status/1501707808009506816', 'jack'],
    ['https://nitter.poast.org/jack/status/1501707808009506816#m', 'jack'],
  ])('mirror %s is normalised to x.com', (url, handle) => {
    expect(parseTweetUrl(url)).toEqual({
      id: '1501707808009506816',
      handle,
      url: `https://x.com/${handle}/status/1501707808009506816`,
    });
  });

  it('does not take look-alike hosts for mirrors', () => {
    for (const url of [
      'https://fxtwitter.com.evil.example/jack/status/1501707808009506816',
      'https://evilfxtwitter.com/jack/status/1501707808009506816',
      'https://a.b.fxtwitter.com/jack/status/1501707808009506816',
      'https://nitter/jack/status/1501707808009506816',
    ]) {
      expect(parseTweetUrl(url), url).toBeNull();
    }
  });

  it('does not take a bare mirror host without a scheme for a tweet', () => {
    // Only twitter.com/x.com are recognised as bare text (unresolved embed wrappers).
    expect(parseTweetUrl('fxtwitter.com/jack/status/1501707808009506816')).toBeNull();
  });

  it.each([
    'https://web.archive.org/web/20220309123456/https://twitter.com/WSWS_Updates/status/1501707808009506816',
    'http://web.archive.org/web/20220309123456/https://twitter.com/WSWS_Updates/status/1501707808009506816',
    '//web.archive.org/web/20220309123456/https://twitter.com/WSWS_Updates/status/1501707808009506816',
    'https://web.archive.org/web/20220309123456id_/https://twitter.com/WSWS_Updates/status/1501707808009506816',
    'https://web.archive.org/web/2022/https://mobile.twitter.com/WSWS_Updates/status/1501707808009506816?s=20',
    'https://web.archive.org/web/20220309123456/twitter.com/WSWS_Updates/status/1501707808009506816',
  ])('strips the Wayback prefix of %s', (url) => {
    expect(parseTweetUrl(url)).toEqual({
      id: '1501707808009506816',
      handle: 'WSWS_Updates',
      url: 'https://x.com/WSWS_Updates/status/1501707808009506816',
    });
  });

  it('does not strip a Wayback prefix in front of something that is not a tweet', () => {
    expect(parseTweetUrl('https://web.archive.org/web/20220309123456/https://example.com/a/status/1')).toBeNull();
    expect(parseTweetUrl('https://web.archive.org/web/20220309123456/https://twitter.com/WSWS_Updates')).toBeNull();
  });

  it.each(['/photo/1', '/photo/4', '/video/1', '/en', '/', '/analytics'])('drops the %s tail', (tail) => {
    expect(parseTweetUrl(`https://twitter.com/h/status/1576942106156810240${tail}?ref_src=x#y`)?.url).toBe(
      'https://x.com/h/status/1576942106156810240',
    );
  });

  it('accepts surrounding whitespace, bare twitter.com/x.com text and scheme-relative URLs', () => {
    for (const input of [
      '  https://twitter.com/a/status/1501707808009506816\n',
      'twitter.com/a/status/1501707808009506816',
      'www.x.com/a/status/1501707808009506816',
      'mobile.twitter.com/a/status/1501707808009506816',
      '//twitter.com/a/status/1501707808009506816',
    ]) {
      expect(parseTweetUrl(input)?.url, input).toBe('https://x.com/a/status/1501707808009506816');
    }
  });
});

describe('ids stay strings, exactly as written', () => {
  it.each([
    '1501707808009506816',
    '2090150609382977655',
    '9007199254740993', // 2^53 + 1: the first integer a Number cannot hold
    '1881779310840984043',
    '9223372036854775807',
    '12345678240918675457',
    '18446744073709551615',
  ])('%s survives exactly', (id) => {
    const ref = parseTweetUrl(`https://twitter.com/someone/status/${id}`);
    expect(ref?.id).toBe(id);
    expect(ref?.url).toBe(`https://x.com/someone/status/${id}`);
    // A trip through Number would have changed every one of these that exceeds 2^53.
    if (BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)) expect(String(Number(id))).not.toBe(id);
  });

  it('tweetRefFromId and isTweetId agree with the URL parser', () => {
    expect(tweetRefFromId('2090150609382977655')).toEqual({
      id: '2090150609382977655',
      handle: null,
      url: 'https://x.com/i/web/status/2090150609382977655',
    });
    expect(tweetRefFromId('2090150609382977655', 'h')?.url).toBe('https://x.com/h/status/2090150609382977655');
    expect(tweetRefFromId('0123')).toBeNull();
    expect(tweetRefFromId('18446744073709551616')).toBeNull();
    expect(tweetRefFromId(null)).toBeNull();
    expect(isTweetId(1501707808009506816)).toBe(false);
    expect(isTweetId('1501707808009506816')).toBe(true);
    expect(canonicalTweetUrl('5', null)).toBe('https://x.com/i/web/status/5');
  });
});

describe('parseTweetUrl: properties', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        parseTweetUrl(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary web URLs, and only accepts twitter/x/mirror hosts', () => {
    const allowed =
      /^((www|mobile|m)\.)?(twitter|x)\.com$|^((www|d|g|m)\.)?(fxtwitter|vxtwitter|fixupx|fixvx|twittpr|xcancel)\.com$|^((www|d|g|m)\.)?nitter\.net$|^nitter\./;
    // Status paths on hosts of every kind: the accepted ones, near misses, and any domain at all.
    const host = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.constantFrom(
          'twitter.com',
          'mobile.x.com',
          'fxtwitter.com',
          'd.fixupx.com',
          'nitter.net',
          'nitter.poast.org',
        ),
      },
      fc.constantFrom(
        'twitter.co',
        'xx.com',
        'x.co',
        'twitter.com.evil.example',
        'evil-twitter.com',
        'eviltwitter.com',
        'x.com.example',
        'api.twitter.com',
        'fxtwitter.org',
        'www.nitter',
        'twitter.example',
      ),
      fc.domain(),
    );
    const statusPath = fc
      .tuple(fc.stringMatching(/^[A-Za-z0-9_]{1,15}$/), fc.stringMatching(/^[1-9][0-9]{0,18}$/))
      .map(([handle, id]) => `/${handle}/status/${id}`);
    const url = fc.oneof(
      {
        weight: 9,
        arbitrary: fc.tuple(fc.constantFrom('https://', 'http://'), host, statusPath).map((p) => p.join('')),
      },
      { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
    );
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(url, (u) => {
        const ref = parseTweetUrl(u);
        if (ref) {
          seen.accepted++;
          expect(new URL(u).hostname, u).toMatch(allowed);
        } else if (/\/status\/\d/.test(u)) seen.refused++;
      }),
      { numRuns: 1000 },
    );
    // Most runs reach the assertion (about 64%), and many status URLs on other hosts are refused (about 26%).
    expect(seen.accepted).toBeGreaterThan(500);
    expect(seen.refused).toBeGreaterThan(150);
  });

  const handle = fc.stringMatching(/^[A-Za-z0-9_]{1,15}$/);
  const id = fc
    .tuple(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^[0-9]{0,18}$/))
    .map(([first, rest]) => `${first}${rest}`);
  const host = fc.constantFrom(
    'twitter.com',
    'www.twitter.com',
    'mobile.twitter.com',
    'm.twitter.com',
    'x.com',
    'www.x.com',
    'mobile.x.com',
    'TWITTER.COM',
    'X.com',
    'fxtwitter.com',
    'vxtwitter.com',
    'fixupx.com',
    'nitter.net',
  );
  const scheme = fc.constantFrom('https://', 'http://', 'HTTPS://', '//');
  const wayback = fc.constantFrom(
    '',
    'https://web.archive.org/web/20220309123456/',
    'https://web.archive.org/web/2022id_/',
  );
  const statusWord = fc.constantFrom('status', 'statuses', 'STATUS');
  const tail = fc.constantFrom('', '/', '/photo/1', '/video/1', '/en', '/photo/3');
  const query = fc.option(fc.webQueryParameters(), { nil: undefined });
  const fragment = fc.option(fc.webFragments(), { nil: undefined });

  const tweetUrl = fc.record({ handle, id, host, scheme, wayback, statusWord, tail, query, fragment }).map((p) => ({
    ...p,
    url:
      `${p.wayback}${p.scheme}${p.host}/${p.handle}/${p.statusWord}/${p.id}${p.tail}` +
      (p.query !== undefined ? `?${p.query}` : '') +
      (p.fragment !== undefined ? `#${p.fragment}` : ''),
  }));

  it('reads the generated id string exactly, and the handle, from any URL shape', () => {
    fc.assert(
      fc.property(tweetUrl, (p) => {
        const ref = parseTweetUrl(p.url);
        expect(ref, p.url).not.toBeNull();
        expect(ref?.id).toBe(p.id);
        const expectedHandle = p.handle.toLowerCase() === 'i' ? null : p.handle;
        expect(ref?.handle).toBe(expectedHandle);
        expect(ref?.url).toBe(canonicalTweetUrl(p.id, expectedHandle));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the id from the id-only forms too', () => {
    fc.assert(
      fc.property(host, scheme, fc.constantFrom('i/web', 'i'), id, (h, s, prefix, i) => {
        const ref = parseTweetUrl(`${s}${h}/${prefix}/status/${i}`);
        expect(ref).toEqual({ id: i, handle: null, url: `https://x.com/i/web/status/${i}` });
      }),
    );
  });

  it('any path segment before /status/ gives the tweet, with its id exact; a handle only when X could name an account so', () => {
    const segment = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
      .filter((s) => !/[/?#\\\s%]/.test(s) && s !== '.' && s !== '..');
    fc.assert(
      fc.property(host, scheme, segment, id, (h, sc, seg, i) => {
        const url = `${sc}${h}/${seg}/status/${i}`;
        const ref = parseTweetUrl(url);
        expect(ref?.id, url).toBe(i);
        const isName = /^[A-Za-z0-9_]{1,15}$/.test(seg) && seg.toLowerCase() !== 'i';
        expect(ref?.handle, url).toBe(isName ? seg : null);
      }),
      { numRuns: 1000 },
    );
  });

  /**
   * A differential test over near misses: URLs one edit away from a status URL, checked against
   * yt-dlp's grammar for X's status routes (its TwitterIE, an independent implementation):
   * `(?:(?:i/web|[^/]+)/status|statuses)/(\d+)` (plus the `statuses` word after a handle, a shape
   * of real markup in the URL table above), on the URL's normalised path, ids of 1-20 digits
   * with no leading zero and at most 2^64-1, no credentials or port, on an X or mirror host.
   */
  it('agrees with an independent reading of X routes on near-miss URLs (no false positive on other paths)', () => {
    // yt-dlp's grammar, with the /<handle>/statuses/<id> shape of real markup (tests/fixtures notes, the table above).
    const YT_DLP = /^\/(?:(?:i\/web|[^/]+)\/status(?:es)?|statuses)\/(\d+)(.*)$/i;
    const oracle = (input: string): string | null => {
      let url: URL;
      try {
        url = new URL(input);
      } catch {
        return null;
      }
      if (url.username || url.password || url.port) return null;
      if (!/^((www|mobile|m)\.)?(twitter|x)\.com$/i.test(url.hostname)) return null;
      const [, id, rest] = YT_DLP.exec(url.pathname) ?? [];
      if (!id || !/^[1-9][0-9]{0,19}$/.test(id) || BigInt(id) > 18446744073709551615n) return null;
      // yt-dlp stops at the id; a status URL's id ends its segment.
      return rest === '' || rest?.startsWith('/') ? id : null;
    };
    const word = fc.constantFrom('status', 'statuses', 'Status', 'stat', 'statusx', 'article', 'photo', 'i', 'web', '');
    const part = fc.oneof(word, fc.stringMatching(/^[A-Za-z0-9_.~-]{1,20}$/), id, fc.constantFrom('%41', '..', '.'));
    const nearMiss = fc
      .record({
        scheme: fc.constantFrom('https://', 'http://'),
        host: fc.constantFrom('x.com', 'twitter.com', 'mobile.twitter.com', 'www.x.com'),
        parts: fc.array(part, { minLength: 1, maxLength: 5 }),
        tail: fc.constantFrom('', '/', '?s=20', '#frag', '/photo/1', 'abc'),
      })
      .map(({ scheme, host, parts, tail }) => `${scheme}${host}/${parts.join('/')}${tail}`);
    let positives = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          nearMiss,
          tweetUrl.map((p) => p.url.replace(/^\/\//, 'https://')),
        ),
        (url) => {
          // X's own hosts (mirrors and the Wayback prefix are tested above).
          if (!/^https?:\/\/((www|mobile|m)\.)?(twitter|x)\.com\//i.test(url)) return;
          const expected = oracle(url);
          if (expected) positives++;
          expect(parseTweetUrl(url)?.id ?? null, url).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
    // The generator reaches both sides: a test of only misses would pass a parser that accepts nothing.
    expect(positives).toBeGreaterThan(100);
  });

  it('the canonical form is a fixed point', () => {
    const anyInput = fc.oneof(
      tweetUrl.map((p) => p.url),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string(),
    );
    let parsed = 0;
    fc.assert(
      fc.property(anyInput, (input) => {
        const first = parseTweetUrl(input);
        if (!first) return;
        parsed++;
        const again = parseTweetUrl(first.url);
        expect(again).toEqual(first);
        expect(again?.url).toBe(first.url);
      }),
      { numRuns: 2000 },
    );
    // A third of the inputs are tweet URLs: the property is checked on them, not on nothing.
    expect(parsed).toBeGreaterThan(400);
  });
});
