/**
 * Detection, judged in the browsers: on a page that mixes many embed forms
 * (rendered, broken, gone, and Twitter/X references that are not embeds),
 * the popup lists exactly the embeds, each with its status and a link to its
 * tweet; a live embed that shows up after a repair wins; a single-page site's
 * history navigation is followed; an embed in a srcdoc frame is repaired in
 * its frame and given back; and nothing leaves localhost. Then every fixture
 * of tests/fixtures/embeds/, opened as a page of its own, against its
 * verdicts.json entry, settled (past the grace period).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BrowserName, type TestPage } from './harness/browsers';
import { findTabId, openPopupFor, readReport, type Report } from './harness/extension';
import { hostOf } from './harness/proxy';
import { inShadowRoots, readCards, waitForCards } from './harness/shadow-roots';
import { useBrowser } from './harness/suite';

const id = (n: number) => `18000000000000000${String(n).padStart(2, '0')}`;

/** tests/pages/detection-mixed.html, in page order: [tweet id, status]. */
const MIXED: [string | null, string][] = [
  [id(1), 'broken'], // standard embed code, widgets.js parked: broken after the grace period
  [id(2), 'broken'], // twitter-tweet-error
  [id(3), 'rendered'], // rendered widget frame
  [id(4), 'rendered'], // legacy twitter-widget (its raw twin is not listed)
  [id(5), 'broken'], // collapsed frame: flagged, not replaced
  [id(6), 'broken'], // blockquote + the site's "Tweet not loading?" line: one embed
  [id(7), 'broken'], // WordPress, resolved
  [id(8), 'broken'], // WordPress, bare URL
  [id(9), 'broken'], // WordPress, link only, old class order
  [id(10), 'broken'], // Ghost, link only
  [id(11), 'broken'], // Medium export
  [id(12), 'rendered'], // Substack static card
  [id(13), 'rendered'], // Substack Twitter2ToDOM
  [id(14), 'broken'], // jekyll-twitter-plugin error text
  [id(15), 'broken'], // amp-twitter placeholder
  [id(16), 'rendered'], // amp-twitter with its frame
  [id(17), 'broken'], // Drupal oEmbed frame, judged inside
  [id(18), 'broken'], // Discourse, stalled
  [null, 'unavailable'], // react-tweet "Tweet not found" (names no tweet)
  [id(19), 'broken'], // WSWS-style "Loading Tweet ..." block
  [id(20), 'broken'], // another wording of the family
  [id(21), 'unavailable'], // a site's tombstone
  [id(22), 'broken'], // in a srcdoc frame
  [id(23), 'broken'], // in an about:blank frame the page built
  [id(24), 'unavailable'], // in a same-origin frame
];
/** Status links on that page that are not embeds: none may be listed. */
const NOT_EMBEDS = [90, 91, 92, 97, 98, 99].map(id);

const summarize = (report: Report) => report.embeds.map((e): [string | null, string] => [e.tweetId, e.status]);

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (browserName) => {
  const fixture = useBrowser(browserName);

  it('lists exactly the embeds of a page that mixes many forms, with their statuses, and no false positive', async () => {
    const page = await fixture.openPage('detection-mixed.html');
    const html = await page.evaluate(() => document.body.innerHTML);
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    const tabId = await findTabId(helper, page.url());
    // Past the grace period every embed that could still render has been judged.
    await expect.poll(async () => summarize(await readReport(helper, tabId)), { timeout: 20_000 }).toEqual(MIXED);
    const report = await readReport(helper, tabId);
    expect(report.embeds.find((e) => e.tweetId === id(5))).toMatchObject({ kind: 'rendered-widget' });
    expect(report.embeds.find((e) => e.tweetId === id(17))).toMatchObject({ kind: 'drupal-oembed' });
    expect(report.embeds.find((e) => e.tweetId === null)).toMatchObject({ kind: 'react-tweet' });
    // The archive does not know this article: nothing on the page was touched.
    expect(await page.evaluate(() => document.body.innerHTML)).toBe(html);
    expect(await readCards(page)).toEqual([]);

    // The popup: one row per embed, with its status and a link to its tweet.
    await helper.goto(`${fixture.session.extensionOrigin}/popup.html?tab=${tabId}`);
    await helper.waitFor(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
    const rows = await helper.evaluate(() =>
      [...document.querySelectorAll('li[data-embed-status]')].map((row) => ({
        status: row.getAttribute('data-embed-status'),
        links: [...row.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
      })),
    );
    expect(rows).toHaveLength(MIXED.length);
    const rowFor = (tweetId: string) => rows.filter((row) => row.links.some((href) => href.includes(tweetId)));
    for (const [tweetId, status] of MIXED) {
      if (tweetId === null) continue;
      expect(
        rowFor(tweetId).map((row) => row.status),
        tweetId,
      ).toEqual([status]);
    }
    const withoutTweet = rows.filter((row) => !MIXED.some(([t]) => t && row.links.some((href) => href.includes(t))));
    expect(withoutTweet.map((row) => row.status)).toEqual(['unavailable']);
    for (const tweetId of NOT_EMBEDS) expect(rowFor(tweetId), tweetId).toEqual([]);
    await helper.close();
    await page.close();
  });

  it('a live embed of a repaired tweet shows up: the card goes, the page is as it was, the report shows it rendered', async () => {
    const page = await fixture.openPage('demo-page.html');
    const original = await page.evaluate(() => document.querySelector('.content')!.innerHTML);
    await waitForCards(page, 1);
    // The site's own loader renders the tweet after all, after the article's last paragraph.
    await page.evaluate(() => {
      const rendered = document.createElement('div');
      rendered.className = 'twitter-tweet twitter-tweet-rendered';
      const frame = document.createElement('iframe');
      frame.setAttribute('data-tweet-id', '1501707808009506816');
      frame.srcdoc = '<p>The live tweet (a stand-in).</p>';
      frame.style.height = '120px';
      rendered.append(frame);
      document.querySelector('.content')!.append(rendered);
    });
    await waitForCards(page, 0);
    const now = await page.evaluate(() => {
      const content = document.querySelector('.content')!;
      const live = content.lastElementChild!;
      live.remove();
      const html = content.innerHTML;
      content.append(live);
      return html;
    });
    expect(now).toBe(original);
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    const tabId = await findTabId(helper, page.url());
    await expect
      .poll(async () => (await readReport(helper, tabId)).embeds.map((e) => [e.kind, e.tweetId, e.status]))
      .toEqual([['rendered-widget', '1501707808009506816', 'rendered']]);
    // However long the page stays, the block it got back is not replaced again.
    await new Promise((done) => setTimeout(done, 3500));
    expect(await readCards(page)).toEqual([]);
    await helper.close();
    await page.close();
  });

  it('follows a single-page site through history navigation: new embeds found, old ones dropped', async () => {
    const page = await fixture.openPage('detection-spa.html');
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    const tabId = await findTabId(helper, page.url());
    const ids = async () => (await readReport(helper, tabId)).embeds.map((e) => [e.tweetId, e.status]);
    await expect.poll(ids).toEqual([
      ['1810000000000000001', 'broken'],
      ['1810000000000000002', 'rendered'],
    ]);
    await page.evaluate(() => (window as unknown as { goTo(name: string): void }).goTo('next'));
    await expect.poll(async () => (await readReport(helper, tabId)).url).toContain('?article=next');
    await expect.poll(ids, { timeout: 15_000 }).toEqual([
      ['1810000000000000003', 'broken'],
      ['1810000000000000004', 'unavailable'],
    ]);
    await page.evaluate(() => history.back());
    await expect.poll(ids, { timeout: 15_000 }).toEqual([
      ['1810000000000000001', 'broken'],
      ['1810000000000000002', 'rendered'],
    ]);
    await helper.close();
    await page.close();
  });

  it('repairs an embed in a srcdoc frame inside the frame, and gives it back when the site is switched off', async () => {
    const page = await fixture.openPage('detection-frames.html');
    const [card] = await waitForCards(page, 1);
    // In the frame's document, beside the frame's block (hidden there), not in the top document.
    expect(card?.top).toBe(false);
    const [inFrame] = await inShadowRoots(page, (_root, host) => ({
      inFrame: host.ownerDocument.defaultView?.frameElement?.id === 'embed-frame',
      fallbackShown: host.ownerDocument.body.innerText.includes('Tweet not loading'),
    }));
    expect(card?.text).toContain('Archived copy');
    expect(card?.text).toContain('But many people believe that NATO forced Putin into a corner');
    expect(inFrame).toEqual({ inFrame: true, fallbackShown: false });

    const { popup, tabId } = await openPopupFor(fixture.session, page.url());
    expect((await readReport(popup, tabId)).embeds.map((e) => [e.kind, e.status])).toEqual([
      ['site-fallback', 'repaired'],
    ]);
    await popup.click('#site-switch');
    await waitForCards(page, 0);
    expect(
      await page.evaluate(() =>
        (document.getElementById('embed-frame') as HTMLIFrameElement).contentDocument!.body.innerText.includes(
          'Tweet not loading',
        ),
      ),
    ).toBe(true);
    await popup.close();
    await page.close();
  });

  it('sends no request beyond localhost', async () => {
    const outside = fixture.session.requests.filter((url) => {
      const { protocol, hostname } = new URL(url);
      if (url.startsWith(fixture.session.extensionOrigin)) return false;
      return !((protocol === 'http:' && hostname === '127.0.0.1') || protocol === 'data:' || protocol === 'about:');
    });
    expect(outside).toEqual([]);
    const browserServices = /(^|\.)(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)$/;
    const proxied = fixture.session.proxy.requests.filter(
      (r) => !(browserName === 'chromium' && browserServices.test(hostOf(r))),
    );
    expect(proxied).toEqual([]);
  });
});

const FIXTURES_DIR = resolve(import.meta.dirname, '../fixtures/embeds');
interface Verdict {
  kind: string;
  tweetId: string | null;
  status: string;
}
const VERDICTS = JSON.parse(readFileSync(`${FIXTURES_DIR}/verdicts.json`, 'utf8')) as Record<string, Verdict[]>;
const FIXTURES = readdirSync(FIXTURES_DIR)
  .filter((name) => name.endsWith('.html'))
  .sort();
/** What a verdict becomes once the grace period is over: what could still render and did not is broken. */
const settled = (v: Verdict) => [v.kind, v.tweetId, v.status === 'pending' ? 'broken' : v.status];

describe.each(['chromium', 'firefox'] as BrowserName[])('%s, every fixture as a page', (browserName) => {
  // The fixtures keep their widgets.js and image URLs: those requests go to the recording proxy
  // and fail, as on a page whose embeds are blocked. This session checks detection only.
  const fixture = useBrowser(browserName, { pagesDir: FIXTURES_DIR, freshSettings: false });

  it('recognises every form with its tweet id, kind and settled status, and nothing else', async () => {
    const pages: TestPage[] = [];
    for (const name of FIXTURES) {
      const page = await fixture.session.newPage();
      await page.goto(fixture.server.url(name));
      pages.push(page);
    }
    // Past the grace period of the last page opened.
    await new Promise((done) => setTimeout(done, 3500));
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    const seen: Record<string, unknown[]> = {};
    const expected: Record<string, unknown[]> = {};
    for (const [i, name] of FIXTURES.entries()) {
      const tabId = await findTabId(helper, (pages[i] as TestPage).url());
      seen[name] = (await readReport(helper, tabId)).embeds.map((e) => [e.kind, e.tweetId, e.status]);
      expected[name] = (VERDICTS[name] ?? []).map(settled);
    }
    expect(seen).toEqual(expected);
    await helper.close();
    for (const page of pages) await page.close();
  }, 240_000);
});
