import { describe, expect, it } from 'vitest';
import {
  findDecidingRule,
  formatRule,
  isEnabledFor,
  normalizePageRule,
  parseRuleLine,
  parseRules,
  setEnabledFor,
  siteOf,
  type SiteMode,
} from '../../src/sites/rules';

const EXCEPT: SiteMode = 'everywhere-except';
const ONLY: SiteMode = 'only-listed';

describe('parseRuleLine / parseRules', () => {
  it('reads site and page rules', () => {
    expect(parseRuleLine('example.com off')).toEqual({ pattern: 'example.com', scope: 'site', enabled: false });
    expect(parseRuleLine('  News.Example.COM   on ')).toEqual({
      pattern: 'news.example.com',
      scope: 'site',
      enabled: true,
    });
    expect(parseRuleLine('https://example.com/a/b?x=1#frag on')).toEqual({
      pattern: 'https://example.com/a/b?x=1',
      scope: 'page',
      enabled: true,
    });
  });

  it('reads a legacy "*.example.com" as "example.com"', () => {
    expect(parseRuleLine('*.example.com off')).toEqual({ pattern: 'example.com', scope: 'site', enabled: false });
  });

  it('keeps lines that do not parse, with their index, and skips blanks and comments', () => {
    const lines = [
      'example.com off',
      '',
      '# my rules',
      'example.com maybe',
      'not a rule at all',
      'exa mple.com off',
      'https://example.com/a on',
      '-bad-.com off',
      'javascript:alert(1) off',
    ];
    const parsed = parseRules(lines);
    expect(parsed.rules).toEqual([
      { pattern: 'example.com', scope: 'site', enabled: false },
      { pattern: 'https://example.com/a', scope: 'page', enabled: true },
    ]);
    expect(parsed.invalid).toEqual([
      { line: 'example.com maybe', index: 3 },
      { line: 'not a rule at all', index: 4 },
      { line: 'exa mple.com off', index: 5 },
      { line: '-bad-.com off', index: 7 },
      { line: 'javascript:alert(1) off', index: 8 },
    ]);
  });

  it('formatRule writes what parseRuleLine reads', () => {
    for (const line of ['example.com off', 'a.b.example.org on', 'https://example.com/p?q=1 off']) {
      const rule = parseRuleLine(line);
      expect(rule).not.toBeNull();
      expect(formatRule(rule!)).toBe(line);
    }
  });

  it('normalizePageRule drops the fragment and refuses non-http URLs', () => {
    expect(normalizePageRule('https://Example.com/a?b=1#c')).toBe('https://example.com/a?b=1');
    expect(normalizePageRule('ftp://example.com/a')).toBeNull();
    expect(normalizePageRule('not a url')).toBeNull();
  });

  it('siteOf: www. is the same site', () => {
    expect(siteOf(new URL('https://www.Example.com/a'))).toBe('example.com');
    expect(siteOf(new URL('https://news.example.com/'))).toBe('news.example.com');
    expect(siteOf(new URL('file:///home/me/a.html'))).toBe('file://');
    expect(siteOf(new URL('about:blank'))).toBeNull();
  });
});

describe('isEnabledFor', () => {
  it('defaults follow the mode', () => {
    expect(isEnabledFor('https://example.com/', EXCEPT, [])).toBe(true);
    expect(isEnabledFor('https://example.com/', ONLY, [])).toBe(false);
  });

  it('a hostname rule covers its subdomains, not look-alike hosts', () => {
    const rules = ['example.com off'];
    expect(isEnabledFor('https://example.com/a', EXCEPT, rules)).toBe(false);
    expect(isEnabledFor('https://www.example.com/a', EXCEPT, rules)).toBe(false);
    expect(isEnabledFor('https://deep.news.example.com/a', EXCEPT, rules)).toBe(false);
    expect(isEnabledFor('https://notexample.com/a', EXCEPT, rules)).toBe(true);
    expect(isEnabledFor('https://example.com.evil.net/a', EXCEPT, rules)).toBe(true);
    expect(isEnabledFor('http://example.com:8080/a', EXCEPT, rules)).toBe(false);
  });

  it('the most specific hostname rule wins, whatever the order', () => {
    for (const rules of [
      ['example.com off', 'news.example.com on'],
      ['news.example.com on', 'example.com off'],
    ]) {
      expect(isEnabledFor('https://example.com/', EXCEPT, rules)).toBe(false);
      expect(isEnabledFor('https://www.example.com/', EXCEPT, rules)).toBe(false);
      expect(isEnabledFor('https://news.example.com/', EXCEPT, rules)).toBe(true);
      expect(isEnabledFor('https://a.news.example.com/', EXCEPT, rules)).toBe(true);
    }
    expect(
      findDecidingRule('https://a.news.example.com/', parseRules(['example.com off', 'news.example.com on']).rules),
    ).toEqual({ pattern: 'news.example.com', scope: 'site', enabled: true });
  });

  it('a page rule beats any site rule, for that page only (fragment ignored, query kept)', () => {
    const rules = ['https://example.com/a on', 'www.example.com off', 'example.com off'];
    expect(isEnabledFor('https://example.com/a', EXCEPT, rules)).toBe(true);
    expect(isEnabledFor('https://example.com/a#section', EXCEPT, rules)).toBe(true);
    expect(isEnabledFor('https://example.com/a?page=2', EXCEPT, rules)).toBe(false);
    expect(isEnabledFor('https://example.com/b', EXCEPT, rules)).toBe(false);
    expect(isEnabledFor('http://example.com/a', EXCEPT, rules)).toBe(false);
  });

  it('only-listed mode: on only where a rule says on', () => {
    const rules = ['example.com on', 'ads.example.com off'];
    expect(isEnabledFor('https://example.com/', ONLY, rules)).toBe(true);
    expect(isEnabledFor('https://www.example.com/', ONLY, rules)).toBe(true);
    expect(isEnabledFor('https://ads.example.com/', ONLY, rules)).toBe(false);
    expect(isEnabledFor('https://other.org/', ONLY, rules)).toBe(false);
  });

  it('a legacy "*.example.com" rule covers the domain and its subdomains', () => {
    expect(isEnabledFor('https://example.com/', EXCEPT, ['*.example.com off'])).toBe(false);
    expect(isEnabledFor('https://a.example.com/', EXCEPT, ['*.example.com off'])).toBe(false);
  });

  it('invalid lines and unparsable URLs fall back to the mode default', () => {
    expect(isEnabledFor('https://example.com/', EXCEPT, ['example.com perhaps'])).toBe(true);
    expect(isEnabledFor('not a url', EXCEPT, ['example.com off'])).toBe(true);
    expect(isEnabledFor('not a url', ONLY, ['example.com on'])).toBe(false);
  });
});

describe('setEnabledFor (the popup switch)', () => {
  it('off then on leaves no rule in everywhere-except mode', () => {
    const url = 'https://example.com/articles/1?x=2#top';
    const off = setEnabledFor(url, false, 'site', EXCEPT, []);
    expect(off).toEqual(['example.com off']);
    expect(isEnabledFor(url, EXCEPT, off)).toBe(false);
    const on = setEnabledFor(url, true, 'site', EXCEPT, off);
    expect(on).toEqual([]);
    expect(isEnabledFor(url, EXCEPT, on)).toBe(true);
  });

  it('on then off leaves no rule in only-listed mode', () => {
    const url = 'https://example.com/a';
    const on = setEnabledFor(url, true, 'site', ONLY, []);
    expect(on).toEqual(['example.com on']);
    expect(isEnabledFor(url, ONLY, on)).toBe(true);
    expect(setEnabledFor(url, false, 'site', ONLY, on)).toEqual([]);
  });

  it('www. is the same site: a switch on www.example.com writes example.com and covers both', () => {
    const off = setEnabledFor('https://www.example.com/a', false, 'site', EXCEPT, []);
    expect(off).toEqual(['example.com off']);
    expect(isEnabledFor('https://example.com/', EXCEPT, off)).toBe(false);
    expect(isEnabledFor('https://www.example.com/', EXCEPT, off)).toBe(false);
    // switching back on from the bare domain removes it
    expect(setEnabledFor('https://example.com/', true, 'site', EXCEPT, off)).toEqual([]);
    // an old "www.example.com off" line is removed by the switch on example.com
    expect(setEnabledFor('https://example.com/', true, 'site', EXCEPT, ['www.example.com off'])).toEqual([]);
  });

  it('removes overriding subdomain and page rules of the site, keeps other sites', () => {
    const lines = [
      'news.example.com on',
      'https://example.com/a on',
      'https://news.example.com/b off',
      'other.org off',
      'example.org on',
    ];
    const off = setEnabledFor('https://example.com/', false, 'site', EXCEPT, lines);
    expect(off).toEqual(['other.org off', 'example.org on', 'example.com off']);
    for (const url of ['https://example.com/a', 'https://news.example.com/', 'https://news.example.com/b']) {
      expect(isEnabledFor(url, EXCEPT, off), url).toBe(false);
    }
    expect(isEnabledFor('https://other.org/', EXCEPT, off)).toBe(false);
  });

  it('switching a subdomain on under a site that is off adds a more specific rule', () => {
    const lines = setEnabledFor('https://news.example.com/x', true, 'site', EXCEPT, ['example.com off']);
    expect(lines).toEqual(['example.com off', 'news.example.com on']);
    expect(isEnabledFor('https://news.example.com/x', EXCEPT, lines)).toBe(true);
    expect(isEnabledFor('https://example.com/', EXCEPT, lines)).toBe(false);
  });

  it('adds nothing when the broader rules already give the wanted state', () => {
    expect(setEnabledFor('https://news.example.com/', false, 'site', EXCEPT, ['example.com off'])).toEqual([
      'example.com off',
    ]);
    expect(setEnabledFor('https://example.com/', true, 'site', EXCEPT, [])).toEqual([]);
  });

  it('page scope: one page only, fragment dropped, round trip leaves nothing', () => {
    const url = 'https://example.com/a?x=1#frag';
    const off = setEnabledFor(url, false, 'page', EXCEPT, ['example.com on']);
    expect(off).toEqual(['example.com on', 'https://example.com/a?x=1 off']);
    expect(isEnabledFor(url, EXCEPT, off)).toBe(false);
    expect(isEnabledFor('https://example.com/b', EXCEPT, off)).toBe(true);
    expect(setEnabledFor(url, true, 'page', EXCEPT, off)).toEqual(['example.com on']);
  });

  it('keeps invalid lines, comments and blank lines untouched and in place', () => {
    const lines = ['# my sites', 'garbage here', '', 'example.com perhaps', 'example.com off', 'other.org off'];
    const on = setEnabledFor('https://example.com/', true, 'site', EXCEPT, lines);
    expect(on).toEqual(['# my sites', 'garbage here', '', 'example.com perhaps', 'other.org off']);
    const offAgain = setEnabledFor('https://example.com/', false, 'site', EXCEPT, on);
    expect(offAgain.slice(0, 5)).toEqual(on);
    expect(parseRules(offAgain).invalid.map((i) => i.line)).toEqual(['garbage here', 'example.com perhaps']);
  });

  it('removes a legacy "*.example.com" line when the site is switched', () => {
    expect(setEnabledFor('https://example.com/', true, 'site', EXCEPT, ['*.example.com off'])).toEqual([]);
  });

  it('returns the lines unchanged for a URL it cannot read', () => {
    expect(setEnabledFor('not a url', false, 'site', EXCEPT, ['a.com off'])).toEqual(['a.com off']);
  });

  it('round trips on any site, in both modes', () => {
    for (const mode of [EXCEPT, ONLY] as const) {
      for (const url of ['https://a.example.com/x', 'http://localhost:8080/demo', 'https://www.b.org/']) {
        const start = ['unrelated.net off'];
        const flipped = setEnabledFor(url, mode === ONLY, 'site', mode, start);
        expect(isEnabledFor(url, mode, flipped), `${mode} ${url}`).toBe(mode === ONLY);
        expect(setEnabledFor(url, mode !== ONLY, 'site', mode, flipped)).toEqual(start);
      }
    }
  });

  // The content script runs on file:///* pages (src/content/matches.ts) and the
  // popup offers the switch there (labelled with the URL). Switching it off must
  // take effect and must not write a line that parseRules rejects.
  it.each([
    ['a saved page (file://)', 'file:///home/me/saved-article.html'],
    ['an IPv6 host', 'http://[::1]:8080/demo'],
    ['a host with an underscore', 'https://my_blog.example.com/post'],
    ['an internationalised host', 'https://bücher.example/a'],
  ])('the switch takes effect on %s', (_what, url) => {
    const off = setEnabledFor(url, false, 'site', EXCEPT, []);
    expect(parseRules(off).invalid).toEqual([]);
    expect(isEnabledFor(url, EXCEPT, off)).toBe(false);
  });
});
