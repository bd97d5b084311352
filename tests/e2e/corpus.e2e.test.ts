/**
 * The real-page corpus in the built extension (issue 13): a sample of the
 * saved pages of tests/fixtures/corpus/, each opened as a page of its own in
 * Chromium and in Firefox, and the report the content script gives the popup
 * compared with the hand labels once the grace period is over: every labelled
 * embed with its form, tweet id and status, nothing else (so no negative on
 * these pages is listed), but for the misses the unit test also reports
 * (KNOWN_MISSES). The sample holds every form the corpus has, tuning and
 * set-aside pages, and the pages richest in negatives. The pages load
 * nothing (their Content-Security-Policy): no request leaves localhost.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BrowserName, type TestPage } from './harness/browsers';
import { findTabId, readReport } from './harness/extension';
import { expectNothingBeyondLocalhost } from './harness/no-network';
import { useBrowser } from './harness/suite';

const CORPUS = resolve(import.meta.dirname, '../fixtures/corpus');
const PAGES_DIR = resolve(CORPUS, 'pages');
const labels = JSON.parse(readFileSync(`${CORPUS}/labels.json`, 'utf8')) as Record<
  string,
  { embeds: { kind: string; tweetId: string | null; status: string }[] }
>;

const SAMPLE = [
  // standard forms, tuning and set-aside
  'mashable-plane.html', // twelve blockquotes, two of them twitter-video
  'forward-slack.html', // four blockquotes among seven share links
  'newrepublic.html', // eight blockquotes in figures, three tweets linked in running text (set aside)
  'vox.html', // one blockquote, four tweets linked in running text (set aside)
  'seed-amp-twitter.html', // two amp-twitter placeholders, no AMP runtime
  'seed-rendered-xpost.html', // a frame widgets.js rendered (its address moved: the frame stays, empty)
  // the new forms: the tuning page's static card, the set-aside page's placeholders (missed: KNOWN_MISSES)
  'buzzfeed-counterculture.html', // a static card beside a standard blockquote, a tweet linked in running text
  'bustle.html', // four <attachment> placeholders (set aside)
  // negatives
  'buzzfeed-lovato.html', // credit lines under pictures linking to their tweets
  'wired-rosetta.html', // "Follow us on Twitter" boxes with the latest tweet
  'huffingtonpost-sidebar.html', // a "Hot on Twitter" box with retweet status links (set aside)
  'wnyc.html', // the station's own latest-tweets frame, share and follow buttons
  'americanow.html', // a tweet in the sources line (set aside)
  'businessinsider.html', // a tweet linked in running text, a tweet-button frame
];

/**
 * Labelled embeds the detectors do not find (the corpus unit test lists them too; docs/detection.md, "The
 * real-page corpus"): Bustle's placeholders name their tweet only inside the embed code held in data attributes
 * of an <attachment> element, a form no detector reads. The set-aside pages are not tuned on, so these stay missed,
 * and the browsers must not report them either.
 */
const KNOWN_MISSES: Record<string, string[]> = {
  'bustle.html': ['636842709739659264', '803797006212878336', '801060236463407104', '801919146820714497'],
};

/** What the report shows once the grace period is over: what could still render and did not is broken. */
const expected = (page: string) =>
  (labels[page]?.embeds ?? [])
    .filter((e) => !KNOWN_MISSES[page]?.includes(e.tweetId ?? ''))
    .map((e) => [e.kind, e.tweetId, e.status]);

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

  it('sends nothing beyond localhost: the saved pages load nothing, the extension asks for nothing', async () => {
    // Every request beyond localhost, the extension's and the pages' alike, goes to the recording proxy, and so do
    // the connections a browser opens ahead of a request (preconnect hints, its speculative parser): the canary,
    // sent from a blank page (the corpus pages' policy would block it), shows the proxy sees what leaves.
    const page = await fixture.session.newPage();
    await page.goto('about:blank');
    await expectNothingBeyondLocalhost(fixture.session, browserName, page);
    await page.close();
  });
});
