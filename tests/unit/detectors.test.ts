/**
 * The detectors over real (or reconstructed) embed markup from
 * shared/fixtures/embeds, with the verdicts its README gives, for the embed
 * forms the registry handles today.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { scanForEmbeds } from '../../src/embeds/scan';
import type { Detection } from '../../src/embeds/types';

function parse(html: string): Document {
  // happy-dom reports on the worker's own console (straight to stderr) that it will not load the
  // fixtures' iframes: expected here, and not worth printing.
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return new DOMParser().parseFromString(html, 'text/html');
  } finally {
    quiet.mockRestore();
  }
}
const fixture = (name: string) => parse(readFileSync(`tests/fixtures/embeds/${name}`, 'utf8'));
const scan = (doc: Document) => scanForEmbeds(doc, { document: doc });
const summary = (d: Detection) => ({
  kind: d.kind,
  status: d.status,
  reason: d.reason ?? null,
  id: d.tweet?.id ?? null,
});

describe('fixtures: verdicts of shared/fixtures/embeds/README.md', () => {
  it('wsws-loading-tweet-fallback: two site placeholders, both for 1501707808009506816', () => {
    const doc = fixture('wsws-loading-tweet-fallback.reconstructed.html');
    const found = scan(doc);
    expect(found.map(summary)).toEqual([
      { kind: 'site-fallback', status: 'pending', reason: 'fallback-shown', id: '1501707808009506816' },
      { kind: 'site-fallback', status: 'pending', reason: 'fallback-shown', id: '1501707808009506816' },
    ]);
    // the whole placeholder block is claimed, not just its link, and no article paragraph
    expect(found[0]?.nodes).toEqual([doc.getElementById('variant-a')]);
    expect(found[1]?.nodes).toEqual([doc.getElementById('variant-b')]);
    expect(found[0]?.tweet?.url).toBe('https://x.com/WSWS_Updates/status/1501707808009506816');
  });

  it('twitter-widgetsjs-error-blockquote: broken at once, id from the last status link', () => {
    expect(scan(fixture('twitter-widgetsjs-error-blockquote.html')).map(summary)).toEqual([
      { kind: 'widgets-blockquote', status: 'broken', reason: 'widget-error', id: '807585485014978560' },
    ]);
  });

  it.each([
    ['x-embed-code-2025-unrendered.html', '1881779310840984043'],
    ['hugo-tweet-shortcode-output.html', '666616452582129664'],
    ['ghost-kg-embed-card-link-only-migrated.html', '12345678240918675457'],
  ])('%s: an unrendered blockquote for %s (pending until the grace period ends)', (name, id) => {
    expect(scan(fixture(name)).map(summary)).toEqual([
      { kind: 'widgets-blockquote', status: 'pending', reason: 'script-blocked', id },
    ]);
  });

  it.each([
    ['twitter-widgetsjs-rendered-iframe-2021.html', '518821243320287232'],
    ['x-widgetsjs-rendered-iframe-2023-xpost.html', '1576942106156810240'],
  ])('%s: a rendered tweet (%s), left alone', (name, id) => {
    expect(scan(fixture(name)).map(summary)).toEqual([
      { kind: 'rendered-widget', status: 'rendered', reason: null, id },
    ]);
  });

  it.each(['twitter-timeline-error.html', 'wsws-article-shell.real.html'])('%s: not an embed, no detection', (name) => {
    expect(scan(fixture(name))).toEqual([]);
  });
});

describe('scanForEmbeds: page shapes', () => {
  it('share, profile, hashtag, t.co, follow and timeline links and twitter:* meta are never embeds (§1.3)', () => {
    const doc =
      parse(`<html><head><meta name="twitter:site" content="@WSWS_Updates"><meta name="twitter:card" content="summary"></head><body>
      <a title="Share via Twitter" href="https://twitter.com/intent/tweet?text=Loading%20Tweet&url=https%3A%2F%2Fx.com%2Fa%2Fstatus%2F123456">Share</a>
      <a href="https://twitter.com/WSWS_Updates">Twitter</a>
      <a href="https://twitter.com/Luckmoshy?ref_src=twsrc%5Etfw">@Luckmoshy</a>
      <a href="https://twitter.com/hashtag/embeds?src=hash">#embeds</a>
      <a href="https://t.co/AbCdEf1234">pic.twitter.com/AbCdEf1234</a>
      <a class="twitter-follow-button" href="https://twitter.com/WSWS_Updates">Follow @WSWS_Updates</a>
      <a class="twitter-timeline" href="https://twitter.com/WSWS_Updates?ref_src=twsrc%5Etfw">Tweets by WSWS_Updates</a>
      <a href="https://twitter.com/search?q=%22Loading%20Tweet%22">Loading Tweet search</a>
      <div><p>Loading Tweet ...</p><a href="https://x.com/a/article/1881779310840984043">Tweet not loading? View it on X</a></div>
    </body></html>`);
    expect(scan(doc)).toEqual([]);
  });

  it('a plain status link in running text is not an embed', () => {
    const doc = parse(
      '<p>As <a href="https://twitter.com/WSWS_Updates/status/1501707808009506816">the WSWS tweeted</a>, the war goes on.</p>',
    );
    expect(scan(doc)).toEqual([]);
  });

  it('prose that quotes the fallback wording next to a status link is not a placeholder', () => {
    const doc = parse(
      '<p>The page only said "Loading Tweet ..." so I opened <a href="https://twitter.com/a/status/1501707808009506816">the tweet</a> directly.</p>',
    );
    expect(scan(doc)).toEqual([]);
  });

  it('Privacy Badger\'s "Loading Tweet ID" stand-in is not a site placeholder', () => {
    const doc = parse(
      '<div><p>Loading Tweet ID 1501707808009506816</p><a href="https://twitter.com/a/status/1501707808009506816">See it on Twitter</a></div>',
    );
    expect(scan(doc).filter((d) => d.kind === 'site-fallback')).toEqual([]);
  });

  it('a "Loading Tweet ..." line in a sibling block joins the placeholder', () => {
    const doc = parse(
      '<div class="c"><p>Before, an ordinary paragraph.</p><p id="l">Loading Tweet ...</p><p id="t">Tweet not loading? <a href="https://twitter.com/a/status/123456">See it directly on Twitter</a></p><p>After.</p></div>',
    );
    const found = scan(doc);
    expect(found).toHaveLength(1);
    expect(found[0]?.nodes).toEqual([doc.getElementById('l'), doc.getElementById('t')]);
  });

  it("an unrendered blockquote followed by the site's fallback line is one embed", () => {
    const doc = parse(
      '<div><blockquote class="twitter-tweet" id="q"><p>Text</p>&mdash; A (@a) <a href="https://twitter.com/a/status/123456789">March 9, 2022</a></blockquote><p id="f">Tweet not loading? <a href="https://twitter.com/a/status/123456789">View it on Twitter</a></p></div>',
    );
    const found = scan(doc);
    expect(found).toHaveLength(1);
    expect(found[0]?.kind).toBe('widgets-blockquote');
    expect(found[0]?.tweet?.id).toBe('123456789');
    expect(found[0]?.nodes).toEqual([doc.getElementById('q'), doc.getElementById('f')]);
  });

  it('a raw blockquote whose tweet is already rendered on the page is not reported twice', () => {
    const doc = parse(
      '<div class="twitter-tweet twitter-tweet-rendered"><twitter-widget data-tweet-id="123456789"></twitter-widget></div><blockquote class="twitter-tweet"><a href="https://twitter.com/a/status/123456789">date</a></blockquote>',
    );
    expect(scan(doc).map(summary)).toEqual([
      { kind: 'rendered-widget', status: 'rendered', reason: null, id: '123456789' },
    ]);
  });

  it('a status link inside a blockquote embed is not also a site placeholder', () => {
    const doc = parse(
      '<blockquote class="twitter-tweet"><p>Loading Tweet ...</p><a href="https://twitter.com/a/status/123456789">Tweet not loading? View it on Twitter</a></blockquote>',
    );
    expect(scan(doc).map((d) => d.kind)).toEqual(['widgets-blockquote']);
  });

  it('detections come in document order', () => {
    const doc = parse(
      '<blockquote class="twitter-tweet"><a href="https://twitter.com/a/status/111111">x</a></blockquote><p>Middle paragraph of the article.</p><div class="twitter-tweet-rendered"><twitter-widget data-tweet-id="222222"></twitter-widget></div><blockquote class="twitter-tweet twitter-tweet-error"><a href="https://twitter.com/a/status/333333">y</a></blockquote>',
    );
    expect(scan(doc).map((d) => d.tweet?.id)).toEqual(['111111', '222222', '333333']);
  });
});
