/**
 * The real-page corpus in the built extension (issue 13): a sample of the
 * saved pages of tests/fixtures/corpus/, each opened as a page of its own in
 * Chromium and in Firefox, and the report the content script gives the popup
 * compared with the hand labels once the grace period is over: every labelled
 * embed with its form, tweet id and status, nothing else (so no negative on
 * these pages is listed). The sample holds every form the corpus has, tuning
 * and set-aside pages, and the pages richest in negatives. The pages load
 * nothing (their Content-Security-Policy): no request leaves localhost.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BrowserName, type TestPage } from './harness/browsers';
import { findTabId, readReport } from './harness/extension';
import { hostOf } from './harness/proxy';
import { useBrowser } from './harness/suite';

const CORPUS = resolve(import.meta.dirname, '../fixtures/corpus');
const PAGES_DIR = resolve(CORPUS, 'pages');
const labels = JSON.parse(readFileSync(`${CORPUS}/labels.json`, 'utf8')) as Record<
  string,
  { embeds: { kind: string; tweetId: string | null; status: string }[] }
>;

const SAMPLE = [
  // standard forms
  'sky-news.html', // blockquote.twitter-tweet in the site's wrapper
  'mashable.html', // twelve blockquotes
  'eltiempo.html', // rendered frames
  'standard-co-uk.html', // amp-twitter
  // the three new forms, tuning and set-aside pages
  'buzzfeed.html', // static card, and screenshot credits that are not embeds
  'eleventy-embed-tweet.html', // static card
  'tweet2embed.html', // static card (set aside), and a screenshot linked to its status
  'bustle.html', // id placeholders
  'corkbeo.html', // id placeholders
  'vice.html', // Iframely wrapper
  'prezly-iframely.html', // Iframely's embed code (set aside), and Iframely embeds of a video and a web page
  'bento-embedly-card.html', // Embedly's Bento component (set aside)
  // negatives
  'wired.html', // consent placeholders
  'bbc.html', // screenshots linked to their status (set aside)
  'nymag-feed.html', // a curated feed of tweet cards (set aside)
  'medialepfade.html', // a latest-tweets sidebar
  'self-com.html', // a latest-tweets widget, follow and intent links (set aside)
];

/** What the report shows once the grace period is over: what could still render and did not is broken. */
const expected = (page: string) => (labels[page]?.embeds ?? []).map((e) => [e.kind, e.tweetId, e.status]);

describe.each(['chromium', 'firefox'] as BrowserName[])('%s, a sample of the real-page corpus', (browserName) => {
  const fixture = useBrowser(browserName, { pagesDir: PAGES_DIR, freshSettings: false });

  it('lists exactly the labelled embeds of each page, with their forms, tweet ids and statuses', async () => {
    const pages: TestPage[] = [];
    for (const name of SAMPLE) {
      const page = await fixture.session.newPage();
      await page.goto(fixture.server.url(name));
      pages.push(page);
    }
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    const tabs: number[] = [];
    for (const page of pages) tabs.push(await findTabId(helper, page.url()));
    const seen = async () => {
      const out: Record<string, unknown[]> = {};
      for (const [i, name] of SAMPLE.entries()) {
        out[name] = (await readReport(helper, tabs[i] as number)).embeds.map((e) => [e.kind, e.tweetId, e.status]);
      }
      return out;
    };
    // Past the grace period of the last page opened, every embed that could still render has been judged.
    await expect
      .poll(seen, { timeout: 30_000, interval: 1_000 })
      .toEqual(Object.fromEntries(SAMPLE.map((name) => [name, expected(name)])));
    await helper.close();
    for (const page of pages) await page.close();
  }, 240_000);

  it('sends nothing beyond localhost: the saved pages load nothing, the extension asks for nothing', () => {
    // Every request beyond localhost goes to the recording proxy, the extension's and the pages' alike, and connections
    // a browser opens ahead of a request (preconnect hints, its speculative parser) too: what it received is what
    // left the browser. (The automation protocol also lists requests the pages' policy blocks before they are sent.)
    const browserServices = /(^|\.)(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)$/;
    const proxied = fixture.session.proxy.requests.filter(
      (r) => !(browserName === 'chromium' && browserServices.test(hostOf(r))),
    );
    expect(proxied).toEqual([]);
  });
});
