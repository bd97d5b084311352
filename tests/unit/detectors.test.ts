/**
 * The detectors over real (and constructed) embed markup in tests/fixtures/embeds/:
 * every fixture against its expected detections in verdicts.json (kind, tweet
 * id, status, reason: nothing more, nothing less, so no link that is not an
 * embed is ever flagged), the registry's fixture coverage, and page shapes
 * the fixtures do not show (frames, live DOM built by scripts, odd wordings).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { DETECTORS, EMBED_KINDS } from '../../src/embeds/registry';
import {
  combinedSelector,
  detectElement,
  detectorSelector,
  HOOKS,
  scanForEmbeds,
  selectorParts,
} from '../../src/embeds/scan';
import {
  BROKEN_REASONS,
  DETECTED_STATUSES,
  type Detection,
  type Detector,
  type EmbedKind,
} from '../../src/embeds/types';

const FIXTURES = 'tests/fixtures/embeds';

interface Verdict {
  kind: EmbedKind;
  tweetId: string | null;
  status: Detection['status'];
  reason: Detection['reason'] | null;
}
const verdicts = JSON.parse(readFileSync(`${FIXTURES}/verdicts.json`, 'utf8')) as Record<string, Verdict[]>;
const fixtureFiles = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.html'))
  .sort();

function parse(html: string): Document {
  // happy-dom reports on the worker's own console (straight to stderr) that it will not load the
  // fixtures' cross-origin iframes: expected here, and not worth printing.
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return new DOMParser().parseFromString(html, 'text/html');
  } finally {
    quiet.mockRestore();
  }
}
const fixture = (name: string) => parse(readFileSync(`${FIXTURES}/${name}`, 'utf8'));
const scan = (root: Document | Element) => scanForEmbeds(root);
const summary = (d: Detection): Verdict => ({
  kind: d.kind,
  tweetId: d.tweet?.id ?? null,
  status: d.status,
  reason: d.reason ?? null,
});
/** srcdoc frames load on a later task, as in a browser. */
const frameLoad = () => new Promise((resolve) => setTimeout(resolve, 30));

/** What the registry lacks: detector kinds no fixture verdict shows, fixtures with no verdicts, verdicts with no fixture. */
function findCoverageGaps(detectors: readonly Detector[], table: Record<string, Verdict[]>, files: string[]) {
  const shown = new Set(Object.values(table).flatMap((list) => list.map((v) => v.kind)));
  return {
    kindsWithoutFixture: detectors.flatMap((d) => [d.kind, ...(d.alsoReports ?? [])]).filter((k) => !shown.has(k)),
    fixturesWithoutVerdicts: files.filter((f) => !Object.hasOwn(table, f)),
    verdictsWithoutFixture: Object.keys(table).filter((f) => !files.includes(f)),
  };
}

describe('the registry and its fixtures', () => {
  it('every detector has a fixture whose verdicts show each kind it reports, and every fixture has verdicts', () => {
    expect(findCoverageGaps(DETECTORS, verdicts, fixtureFiles)).toEqual({
      kindsWithoutFixture: [],
      fixturesWithoutVerdicts: [],
      verdictsWithoutFixture: [],
    });
  });

  it('the coverage check does catch a detector with no fixture and a fixture with no verdicts', () => {
    const lonely: Detector = {
      kind: 'amp-twitter',
      selector: 'x-none',
      hooks: {},
      signs: 'x-none',
      detect: () => null,
    };
    const gaps = findCoverageGaps([lonely], { 'a.html': [] }, ['a.html', 'b.html']);
    expect(gaps).toEqual({
      kindsWithoutFixture: ['amp-twitter'],
      fixturesWithoutVerdicts: ['b.html'],
      verdictsWithoutFixture: [],
    });
    expect(findCoverageGaps([], { 'gone.html': [] }, []).verdictsWithoutFixture).toEqual(['gone.html']);
  });

  it('every fixture says where it comes from and what it expects, in a header comment', () => {
    for (const name of fixtureFiles) {
      const head = readFileSync(`${FIXTURES}/${name}`, 'utf8').trimStart();
      expect(head.startsWith('<!--'), name).toBe(true);
      expect(head.slice(0, head.indexOf('-->')), name).toMatch(/STATUS:/);
      expect(head.slice(0, head.indexOf('-->')), name).toMatch(/EXPECTED VERDICT/);
    }
  });

  it('the registry lists each detector once, and every kind has exactly one detector', () => {
    const kinds = DETECTORS.flatMap((d) => [d.kind, ...(d.alsoReports ?? [])]);
    expect([...kinds].sort()).toEqual([...EMBED_KINDS].sort());
    expect(new Set(DETECTORS).size).toBe(DETECTORS.length);
  });

  it('the popup has an English label for every kind, status and reason', () => {
    const messages = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, unknown>;
    const keys = [
      ...EMBED_KINDS.map((k) => `kind_${k.replaceAll('-', '_')}`),
      ...[...DETECTED_STATUSES, 'repaired'].map((s) => `status_${s}`),
      ...BROKEN_REASONS.map((r) => `reason_${r.replaceAll('-', '_')}`),
    ];
    expect(keys.filter((key) => !Object.hasOwn(messages, key))).toEqual([]);
  });
});

describe('every fixture, against verdicts.json', () => {
  it.each(fixtureFiles)('%s', async (name) => {
    const doc = fixture(name);
    await frameLoad();
    expect(scan(doc).map(summary)).toEqual(verdicts[name]);
  });

  it('no fixture yields an id that is not a string of digits exactly as written in the page', async () => {
    for (const name of fixtureFiles) {
      const html = readFileSync(`${FIXTURES}/${name}`, 'utf8');
      for (const d of scan(fixture(name))) {
        if (d.tweet === null) continue;
        expect(typeof d.tweet.id).toBe('string');
        expect(html, `${name}: ${d.tweet.id}`).toContain(d.tweet.id);
      }
    }
  });
});

describe('what each detection covers on the page', () => {
  it('wsws: the whole placeholder block is claimed, not just its link, and no article paragraph', () => {
    const doc = fixture('wsws-loading-tweet-fallback.reconstructed.html');
    const found = scan(doc);
    expect(found[0]?.nodes).toEqual([doc.getElementById('variant-a')]);
    expect(found[1]?.nodes).toEqual([doc.getElementById('variant-b')]);
    expect(found[0]?.tweet?.url).toBe('https://x.com/WSWS_Updates/status/1501707808009506816');
  });

  it('wordpress: the card takes the wrapper, the figure and its caption stay', () => {
    const doc = fixture('wordpress-embed-block-unresolved-url.html');
    const [found] = scan(doc);
    expect(found?.nodes).toEqual([doc.querySelector('.wp-block-embed__wrapper')]);
    expect(doc.querySelector('figcaption')?.parentElement).toBe(found?.nodes[0].parentElement);
  });

  it('ghost: the blockquote, not the card figure', () => {
    const doc = fixture('ghost-kg-embed-card.html');
    expect(scan(doc)[0]?.nodes).toEqual([doc.querySelector('blockquote')]);
  });

  it('react site: the blockquote and the fallback line after it are one embed', () => {
    const doc = fixture('react-site-fallback.constructed.html');
    const [first] = scan(doc);
    expect(first?.nodes).toEqual([doc.querySelector('blockquote'), doc.querySelector('p.Tweet_tweetFallback__3xQ1p')]);
  });

  it('discourse: the link paragraph and the hidden blockquote the component added', () => {
    const doc = fixture('discourse-stalled.constructed.html');
    const [stalled] = scan(doc);
    const link = doc.querySelector('[data-x-embed-stalled]') as Element;
    expect(stalled?.nodes).toEqual([link.parentElement, link.parentElement?.nextElementSibling]);
  });

  it('widgets.js mid-flight: the collapsed frame and the blockquote it took are one embed', () => {
    const doc = fixture('widgets-processing-collapsed.constructed.html');
    const [first] = scan(doc);
    expect(first?.nodes).toEqual([doc.querySelector('.twitter-tweet-rendered'), doc.querySelector('blockquote')]);
  });
});

describe('scanForEmbeds: what is never an embed (docs/embed-forms.md#never-an-embed)', () => {
  it('share, profile, hashtag, t.co, follow and timeline links, searches, X articles and twitter:* meta', () => {
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
      <a href="https://twitter.com/intent/like?tweet_id=1501707808009506816">Like</a>
      <div><p>Loading Tweet ...</p><a href="https://x.com/a/article/1881779310840984043">Tweet not loading? View it on X</a></div>
      <div><p>Loading Tweet ...</p><a href="https://example.com/a/status/1881779310840984043">Tweet not loading? View it on X</a></div>
    </body></html>`);
    expect(scan(doc)).toEqual([]);
  });

  it('a plain status link in running text', () => {
    const doc = parse(
      '<p>As <a href="https://twitter.com/WSWS_Updates/status/1501707808009506816">the WSWS tweeted</a>, the war goes on.</p>',
    );
    expect(scan(doc)).toEqual([]);
  });

  it('prose that quotes the fallback or tombstone wording next to a status link', () => {
    const doc = parse(`
      <p>The page only said "Loading Tweet ..." so I opened <a href="https://twitter.com/a/status/1501707808009506816">the tweet</a> directly.</p>
      <p>This Post is unavailable, says X, but <a href="https://x.com/a/status/1501707808009506817">this link</a> still works for me.</p>
      <p><a href="https://x.com/a/status/1501707808009506818">Tweet not loading?</a> Then read the long explanation that follows, which goes on about the weather for a while.</p>`);
    expect(scan(doc)).toEqual([]);
  });

  it("Privacy Badger's stand-in blockquote and its placeholder frame are another extension's state", async () => {
    const doc = fixture('privacy-badger-placeholders.constructed.html');
    await frameLoad();
    expect(scan(doc)).toEqual([]);
    const standIn = parse(
      '<div><p>Loading Tweet ID 1501707808009506816</p><a href="https://twitter.com/a/status/1501707808009506816">See it on Twitter</a></div>',
    );
    expect(scan(standIn)).toEqual([]);
  });

  it('a blockquote.twitter-tweet with no status link is not a tweet embed (a theme styling quotes)', () => {
    const doc = parse(
      '<blockquote class="twitter-tweet"><p>Quote of the day.</p><a href="https://twitter.com/somebody">@somebody</a></blockquote>',
    );
    expect(scan(doc)).toEqual([]);
  });

  it("the extension's own card is not an embed (its status link is inside its closed shadow root)", () => {
    const doc = parse('<p>Text</p><div></div>');
    const host = doc.querySelector('div') as HTMLElement;
    const shadow = host.attachShadow({ mode: 'closed' });
    const link = doc.createElement('a');
    link.href = 'https://x.com/a/status/1501707808009506816';
    link.textContent = 'Open the original post';
    shadow.append(link);
    expect(scan(doc)).toEqual([]);
  });

  it('WordPress embed blocks of other providers', () => {
    const doc = parse(
      '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">https://www.youtube.com/watch?v=abc</div></figure>',
    );
    expect(scan(doc)).toEqual([]);
  });
});

describe('scanForEmbeds: page shapes', () => {
  it('a "Loading Tweet ..." line in a sibling block joins the placeholder', () => {
    const doc = parse(
      '<div class="c"><p>Before, an ordinary paragraph.</p><p id="l">Loading Tweet ...</p><p id="t">Tweet not loading? <a href="https://twitter.com/a/status/123456">See it directly on Twitter</a></p><p>After.</p></div>',
    );
    const found = scan(doc);
    expect(found).toHaveLength(1);
    expect(found[0]?.nodes).toEqual([doc.getElementById('l'), doc.getElementById('t')]);
  });

  it('a raw blockquote whose tweet is already rendered on the page is not reported twice', () => {
    const doc = parse(
      '<div class="twitter-tweet twitter-tweet-rendered"><twitter-widget data-tweet-id="123456789"></twitter-widget></div><p>Between.</p><blockquote class="twitter-tweet"><a href="https://twitter.com/a/status/123456789">date</a></blockquote>',
    );
    expect(scan(doc).map(summary)).toEqual([
      { kind: 'rendered-widget', tweetId: '123456789', status: 'rendered', reason: null },
    ]);
  });

  it("a site's hidden fallback next to the tweet it rendered is not reported", () => {
    const doc = parse(
      '<div class="twitter-tweet twitter-tweet-rendered"><iframe data-tweet-id="123456789" style="height: 400px"></iframe></div><p style="display:none">Tweet not loading? <a href="https://twitter.com/a/status/123456789">View it on Twitter</a></p>',
    );
    expect(scan(doc).map((d) => d.status)).toEqual(['rendered']);
  });

  it('a status link inside a blockquote embed is not also a site placeholder', () => {
    const doc = parse(
      '<blockquote class="twitter-tweet"><p>Loading Tweet ...</p><a href="https://twitter.com/a/status/123456789">Tweet not loading? View it on Twitter</a></blockquote><script src="https://platform.twitter.com/widgets.js"></script>',
    );
    expect(scan(doc).map((d) => d.kind)).toEqual(['widgets-blockquote']);
  });

  it('detections come in document order', () => {
    const doc = parse(
      '<blockquote class="twitter-tweet"><a href="https://twitter.com/a/status/111111">x</a></blockquote><p>Middle paragraph of the article.</p><div class="twitter-tweet-rendered"><twitter-widget data-tweet-id="222222"></twitter-widget></div><blockquote class="twitter-tweet twitter-tweet-error"><a href="https://twitter.com/a/status/333333">y</a></blockquote>',
    );
    expect(scan(doc).map((d) => d.tweet?.id)).toEqual(['111111', '222222', '333333']);
  });

  it('an unrendered blockquote is pending while widgets.js is on the page, broken at once when it is not', () => {
    const quote = '<blockquote class="twitter-tweet"><a href="https://twitter.com/a/status/111111">x</a></blockquote>';
    for (const script of [
      '<script async src="https://platform.twitter.com/widgets.js"></script>',
      '<script async src="//platform.twitter.com/widgets.js"></script>',
      '<script type="rocketlazyloadscript" data-rocket-src="https://platform.twitter.com/widgets.js"></script>',
      '<script type="text/plain" data-cookieconsent="marketing" src="https://platform.twitter.com/widgets.js"></script>',
      '<script id="twitter-wjs" src="https://platform.twitter.com/widgets.js"></script>',
    ]) {
      expect(
        scan(parse(quote + script)).map((d) => d.status),
        script,
      ).toEqual(['pending']);
    }
    expect(scan(parse(quote)).map(summary)).toEqual([
      { kind: 'widgets-blockquote', tweetId: '111111', status: 'broken', reason: 'script-blocked' },
    ]);
    // The same on a subtree scan, which cannot see the page's scripts in its own query.
    const doc = parse(`<div id="a">${quote}</div><script src="https://platform.twitter.com/widgets.js"></script>`);
    expect(scan(doc.getElementById('a') as Element).map((d) => d.status)).toEqual(['pending']);
  });

  it('a collapsed rendered frame: hidden attribute, display none, zero height, or no frame yet', () => {
    const frames = [
      '<div class="twitter-tweet-rendered"><iframe data-tweet-id="1" hidden></iframe></div>',
      '<div class="twitter-tweet-rendered" style="display: none"><iframe data-tweet-id="2"></iframe></div>',
      '<div class="twitter-tweet-rendered"><iframe data-tweet-id="3" style="height: 0px"></iframe></div>',
      '<div class="twitter-tweet-rendered"><iframe data-tweet-id="4" height="0"></iframe></div>',
      '<div class="twitter-tweet-rendered" data-tweet-id="5"></div>',
      '<iframe src="https://platform.twitter.com/embed/Tweet.html?id=6" style="visibility: hidden"></iframe>',
    ];
    const doc = parse(frames.join('<p>gap</p>'));
    expect(scan(doc).map((d) => [d.tweet?.id, d.status, d.reason])).toEqual(
      ['1', '2', '3', '4', '5', '6'].map((id) => [id, 'pending', 'collapsed']),
    );
  });

  it('a WordPress block whose oEmbed failed for an x.com URL shows the bare URL: broken, url-only', () => {
    const doc = parse(
      '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://x.com/someone/status/1501707808009506816?s=20\n</div></figure>',
    );
    expect(scan(doc).map(summary)).toEqual([
      { kind: 'wordpress-embed', tweetId: '1501707808009506816', status: 'broken', reason: 'url-only' },
    ]);
  });

  it('a WordPress block with its widget rendered is left alone', () => {
    const doc = parse(
      '<figure class="wp-block-embed is-provider-twitter wp-block-embed-twitter"><div class="wp-block-embed__wrapper"><div class="twitter-tweet twitter-tweet-rendered"><iframe data-tweet-id="1501707808009506816" style="height: 500px"></iframe></div></div></figure>',
    );
    expect(scan(doc).map(summary)).toEqual([
      { kind: 'wordpress-embed', tweetId: '1501707808009506816', status: 'rendered', reason: null },
    ]);
  });

  it('Discourse as the component builds it: the hidden blockquote inside the link paragraph', () => {
    const doc = parse('<div class="cooked"><p id="p"></p></div>');
    const p = doc.getElementById('p') as Element;
    const link = doc.createElement('a');
    link.href = 'https://x.com/club/status/1780000000000000001';
    link.textContent = link.href;
    link.setAttribute('data-x-embed', 'true');
    const blockquote = doc.createElement('blockquote');
    blockquote.className = 'twitter-tweet';
    blockquote.setAttribute('style', 'display: none');
    const inner = doc.createElement('a');
    inner.href = 'https://twitter.com/club/status/1780000000000000001';
    blockquote.append(inner);
    p.append(link, blockquote);
    expect(scan(doc).map((d) => [d.status, d.nodes])).toEqual([['pending', [p]]]);
    link.setAttribute('data-x-embed-stalled', 'true');
    expect(scan(doc).map((d) => [d.status, d.reason])).toEqual([['broken', 'fallback-shown']]);
    // widgets.js rendered it after all: the component hides the link, the tweet shows.
    const rendered = doc.createElement('div');
    rendered.className = 'twitter-tweet twitter-tweet-rendered';
    const frame = doc.createElement('iframe');
    frame.setAttribute('data-tweet-id', '1780000000000000001');
    rendered.append(frame);
    link.removeAttribute('data-x-embed-stalled');
    blockquote.replaceWith(rendered);
    expect(scan(doc).map((d) => d.status)).toEqual(['rendered']);
  });

  it('each element is looked at by one detector only', () => {
    const doc = parse(
      '<p><a data-x-embed href="https://x.com/a/status/1">Loading Tweet ... Tweet not loading? View it on X</a></p>',
    );
    const calls: string[] = [];
    const counting = DETECTORS.map((d) => ({
      ...d,
      detect: (el: Element, ctx: Parameters<Detector['detect']>[1]) => {
        calls.push(d.kind);
        return d.detect.call(d, el, ctx);
      },
    }));
    const found = scanForEmbeds(doc, {}, counting);
    expect(calls).toEqual(['discourse-embed']);
    expect(found.map((d) => d.kind)).toEqual(['discourse-embed']);
    expect(detectElement(doc.querySelector('a') as Element, { document: doc })?.kind).toBe('discourse-embed');
  });

  it('a scan of the document queries each hook once, alone; a scan of a part, the hooks as one list', () => {
    const selector = combinedSelector();
    const doc = fixture('site-fallback-wordings.constructed.html');
    const spy = vi.spyOn(doc, 'querySelectorAll');
    scan(doc);
    // One single-selector query per hook (scripts included), none twice: a selector list costs Blink more than
    // its parts queried one by one (docs/performance.md, "Detection").
    expect(spy.mock.calls.map(([query]) => query).sort()).toEqual(selectorParts(selector).sort());
    // Fewer selectors than the detectors have between them: that is what the queries cost (docs/performance.md).
    expect(selectorParts(selector).length).toBeLessThan(selectorParts(detectorSelector()).length);
    const body = doc.body;
    const inBody = vi.spyOn(body, 'querySelectorAll');
    scanForEmbeds([body], { document: doc });
    expect(inBody.mock.calls).toEqual([[selector]]);
  });

  it("every part of every detector's selector is reached by a hook of the query, or from one inside it", () => {
    const parts = DETECTORS.flatMap((d) => selectorParts(d.selector));
    expect(parts.filter((part) => !Object.hasOwn(HOOKS, part))).toEqual([]);
    const query = combinedSelector();
    for (const name of fixtureFiles) {
      const doc = fixture(name);
      for (const part of parts) {
        for (const el of doc.querySelectorAll(part)) {
          const hook = HOOKS[part] as string;
          if (hook === 'inside') {
            // Recognised only when it is a hook itself or holds one.
            if (detectElement(el, { document: doc })) {
              expect(el.matches(query) || el.querySelector(query) !== null, `${name}: ${part}`).toBe(true);
            }
          } else {
            expect(el.matches(hook), `${name}: ${part}`).toBe(true);
            expect(selectorParts(query)).toContain(hook);
          }
        }
      }
    }
  });
});

describe("scanForEmbeds: publishers' own markup (issue 13)", () => {
  const card = (inner: string, tag = 'blockquote') =>
    `<${tag} class="some-site-card"><a href="https://twitter.com/ana_b"><img src="data:," alt=""> Ana B.</a> <a href="https://twitter.com/ana_b">@ana_b</a><p>The river is up two metres since this morning.</p>${inner}</${tag}>`;
  const dated = '<time><a href="https://twitter.com/ana_b/status/1500000000000000001">Mar 5, 2022</a></time>';

  it('a static card: text, author and date around a status link, in a blockquote or a figure, is rendered', () => {
    const doc = parse(`${card(dated)}<p>Between.</p>${card(dated.replace('01', '02'), 'figure')}`);
    expect(scan(doc).map(summary)).toEqual([
      { kind: 'static-card', tweetId: '1500000000000000001', status: 'rendered', reason: null },
      { kind: 'static-card', tweetId: '1500000000000000002', status: 'rendered', reason: null },
    ]);
    expect(scan(doc)[0]?.nodes).toEqual([doc.querySelector('blockquote')]);
    // The embed code with its class stripped by a CMS is one too: its text, "— Name (@handle)" and a dated link.
    const stripped = parse(
      '<blockquote><p>Ferry cancelled again, third time this week.</p>&mdash; Ana B. (@ana_b) <a href="https://twitter.com/ana_b/status/1500000000000000010">March 4, 2015</a></blockquote>',
    );
    expect(scan(stripped).map((d) => [d.kind, d.tweet?.id])).toEqual([['static-card', '1500000000000000010']]);
    // The embed code's byline right before an empty permalink (which may even name the publisher's own account):
    // the tweet's text and author are shown, so it is a card (static-card-buzzfeed-bf-tweet.real.html is one).
    const byline = parse(
      '<blockquote class="site-tweet"><p>Ferry cancelled again, fourth time this week.</p> &#x2014; Ana B. (@ana_b) <a href="https://twitter.com/newsdesk/status/1500000000000000025"></a></blockquote>',
    );
    expect(scan(byline).map((d) => [d.kind, d.tweet?.id, d.status])).toEqual([
      ['static-card', '1500000000000000025', 'rendered'],
    ]);
    // A byline with no words of the tweet before it shows nothing of the tweet.
    const bare = parse(
      '<blockquote>&#x2014; Ana B. (@ana_b) <a href="https://twitter.com/ana_b/status/1500000000000000026"></a></blockquote>',
    );
    expect(scan(bare).filter((d) => d.kind === 'static-card')).toEqual([]);
  });

  it('not a static card: a screenshot linked to its status, a credit line, no author, no date, no words, a sidebar', () => {
    const shapes = [
      // the status link wraps a picture: a screenshot of the tweet
      `<figure><a href="https://twitter.com/ana_b/status/1500000000000000003"><img src="data:," alt="Tweet by @ana_b"></a><figcaption>@ana_b on March 5, 2022: the river is up</figcaption></figure>`,
      // a picture's credit line, linking to the tweet it came from
      `<figure><img src="data:," alt=""><figcaption>Twitter: <a href="https://twitter.com/ana_b/status/1500000000000000004">@ana_b</a></figcaption></figure>`,
      // the author is not named
      `<blockquote><p>The river is up two metres.</p><a href="https://twitter.com/ana_b/status/1500000000000000005">March 5, 2022</a></blockquote>`,
      // no date
      `<blockquote><p>The river is up two metres.</p>&mdash; @ana_b <a href="https://twitter.com/ana_b/status/1500000000000000006">link</a></blockquote>`,
      // no words of the tweet: author and date only
      `<blockquote><a href="https://twitter.com/ana_b">@ana_b</a> <a href="https://twitter.com/ana_b/status/1500000000000000007">March 5, 2022</a></blockquote>`,
      // the site's own latest tweets, in its sidebar
      `<aside>${card(dated.replace('01', '08'))}</aside>`,
    ];
    expect(scan(parse(shapes.join('<p>gap</p>')))).toEqual([]);
  });

  it('a figure around the standard embed code stays the standard embed code', () => {
    const doc = parse(
      `<figure class="element-tweet"><blockquote class="twitter-tweet"><p>The river is up.</p>&mdash; Ana (@ana_b) <a href="https://twitter.com/ana_b/status/1500000000000000009">March 5, 2022</a></blockquote></figure>`,
    );
    expect(scan(doc).map((d) => d.kind)).toEqual(['widgets-blockquote']);
  });

  it('an id placeholder: an empty element naming the tweet in data-tweet-id, data-tweetid or data-url', () => {
    const doc = parse(
      `<div data-tweet-id="1500000000000000011"><a href="https://x.com/i/web/status/1500000000000000011"></a></div><p>gap</p><blockquote data-tweetid="1500000000000000012"><a href="https://twitter.com/ana_b/status/1500000000000000012"></a></blockquote><p>gap</p><div class="tweet" data-url="https://x.com/ana_b/status/1500000000000000013"> </div>`,
    );
    expect(scan(doc).map((d) => [d.kind, d.tweet?.url, d.status, d.reason])).toEqual([
      ['id-placeholder', 'https://x.com/i/web/status/1500000000000000011', 'pending', 'script-blocked'],
      // the empty link inside gives the handle
      ['id-placeholder', 'https://x.com/ana_b/status/1500000000000000012', 'pending', 'script-blocked'],
      ['id-placeholder', 'https://x.com/ana_b/status/1500000000000000013', 'pending', 'script-blocked'],
    ]);
  });

  it('not an id placeholder: something that shows, a share button, a frame, an address that is not a tweet', () => {
    const shapes = [
      '<div data-tweet-id="1500000000000000014"><p>A feed item showing the tweet’s text.</p></div>',
      '<div data-tweet-id="1500000000000000015"><img src="data:," alt=""></div>',
      '<a class="share" data-url="https://twitter.com/ana_b/status/1500000000000000016" href="#">Share</a>',
      '<button data-url="https://twitter.com/ana_b/status/1500000000000000017"></button>',
      '<div data-url="https://example.com/ana_b/status/1500000000000000018"></div>',
      '<div data-src="https://images.example/socialembed/https://twitter.com/ana_b/status/1500000000000000019"></div>',
    ];
    expect(scan(parse(shapes.join('<p>gap</p>')))).toEqual([]);
  });

  it('an embed service: no frame built is broken at once on a page with no script, pending on one with scripts; a built frame is rendered', () => {
    const iframely = (id: string, frame: string) =>
      `<div data-embedded-url="https://twitter.com/ana_b/status/${id}"><div>${frame}</div></div>`;
    const parts = [
      iframely('1500000000000000021', '<iframe data-iframely-url="//cdn.iframe.ly/abc"></iframe>'),
      iframely('1500000000000000022', '<iframe src="https://cdn.iframe.ly/abc"></iframe>'),
      '<div class="iframely-embed"><div class="iframely-responsive"><a href="https://twitter.com/ana_b/status/1500000000000000023" data-iframely-url="//cdn.iframe.ly/api/iframe?url=https%3A%2F%2Ftwitter.com%2Fana_b%2Fstatus%2F1500000000000000023"></a></div></div>',
      '<amp-embedly-card data-url="https://twitter.com/ana_b/status/1500000000000000024" layout="responsive" width="150" height="80"></amp-embedly-card>',
    ];
    const summaries = (doc: Document) => scan(doc).map((d) => [d.kind, d.tweet?.id, d.status]);
    const expected = (pending: string) => [
      ['embed-service', '1500000000000000021', pending],
      ['embed-service', '1500000000000000022', 'rendered'],
      ['embed-service', '1500000000000000023', pending],
      ['embed-service', '1500000000000000024', pending],
    ];
    expect(summaries(parse(parts.join('<p>gap</p>')))).toEqual(expected('broken'));
    const withScript = parse(`${parts.join('<p>gap</p>')}<script async src="https://cdn.iframe.ly/embed.js"></script>`);
    expect(summaries(withScript)).toEqual(expected('pending'));
    // Iframely's code stands in its wrappers: the card takes their place.
    const found = scan(withScript)[2];
    expect(found?.nodes).toEqual([withScript.querySelector('.iframely-embed')]);
  });

  it('not an embed service: the same markup around a video or a web page', () => {
    const doc = parse(
      '<div class="iframely-embed"><div class="iframely-responsive"><a href="https://news.example/launch" data-iframely-url="//cdn.iframe.ly/api/iframe?url=https%3A%2F%2Fnews.example%2Flaunch"></a></div></div>' +
        '<amp-embedly-card data-url="https://video.example/watch?v=abc123" width="150" height="80"></amp-embedly-card>' +
        '<div data-embedded-url="https://video.example/18150"><iframe data-iframely-url="//cdn.iframe.ly/v"></iframe></div>',
    );
    expect(scan(doc)).toEqual([]);
  });
});

describe('scanForEmbeds: frames', () => {
  it('embeds in srcdoc frames are found, in page order, and other frames are left alone', async () => {
    const doc = document;
    doc.body.innerHTML = `<p>Before.</p>
      <iframe id="f1" srcdoc="<p>Inside.</p><blockquote class='twitter-tweet twitter-tweet-error'><a href='https://twitter.com/a/status/222222'>d</a></blockquote>"></iframe>
      <blockquote class="twitter-tweet twitter-tweet-error"><a href="https://twitter.com/a/status/333333">d</a></blockquote>`;
    const outside = doc.createElement('blockquote');
    outside.className = 'twitter-tweet twitter-tweet-error';
    outside.innerHTML = '<a href="https://twitter.com/a/status/111111">d</a>';
    doc.body.prepend(outside);
    await frameLoad();
    const frames: [string, boolean][] = [];
    const found = scanForEmbeds(doc, {}, DETECTORS, {
      onFrame: (frame, _doc, hosted) => frames.push([frame.id, hosted]),
    });
    expect(found.map((d) => d.tweet?.id)).toEqual(['111111', '222222', '333333']);
    expect(found[1]?.nodes[0].ownerDocument).toBe((doc.getElementById('f1') as HTMLIFrameElement).contentDocument);
    expect(frames).toEqual([['f1', false]]);
    doc.body.innerHTML = '';
  });

  it('a Drupal oEmbed frame the page can read is judged from inside and reported on the frame', async () => {
    document.body.innerHTML = `<iframe id="d" class="media-oembed-content" src="about:blank#/media/oembed?url=https%3A//twitter.com/WSWS_Updates/status/1501707808009506816"></iframe>`;
    const frame = document.getElementById('d') as HTMLIFrameElement;
    // happy-dom loads no src: give the frame the document Drupal's /media/oembed serves.
    frame.setAttribute('src', '/media/oembed?url=https%3A//twitter.com/WSWS_Updates/status/1501707808009506816');
    frame.srcdoc =
      "<blockquote class='twitter-tweet'><a href='https://twitter.com/WSWS_Updates/status/1501707808009506816'>d</a></blockquote><script src='https://platform.twitter.com/widgets.js'></script>";
    await frameLoad();
    const hosted: boolean[] = [];
    const found = scanForEmbeds(document, {}, DETECTORS, { onFrame: (_f, _d, h) => hosted.push(h) });
    expect(found.map((d) => [d.kind, d.tweet?.id, d.status, d.nodes])).toEqual([
      ['drupal-oembed', '1501707808009506816', 'pending', [frame]],
    ]);
    expect(hosted).toEqual([true]);
    document.body.innerHTML = '';
  });
});
