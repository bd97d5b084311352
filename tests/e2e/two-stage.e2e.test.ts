/**
 * The two stages of the content script, judged in the browsers (docs/performance.md#two-stages):
 * on a page without embeds only the first stage runs (no engine answers the extension's own
 * messages there), also on an ordinary article full of figures, quotations and frames, and an embed
 * the page adds later makes it bring the engine in, which repairs it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserName, TestPage } from './harness/browsers';
import { SEED } from './harness/seed';
import { PAGES_DIR } from './harness/server';
import { waitForCards } from './harness/shadow-roots';
import { useBrowser } from './harness/suite';

const DEMO = readFileSync(resolve(PAGES_DIR, 'demo-page.html'), 'utf8');
/** The demo page's broken embed: its only tweet hook (a status link). */
const BLOCK = /<div class="tweet-embed">[\s\S]*?<\/div>\s*<a [^>]*>[^<]*<\/a>\s*<\/div>/.exec(DEMO)?.[0] ?? '';
/** The demo page with an empty slot where its embed was. */
const WITHOUT_EMBED = DEMO.replace(BLOCK, '<div id="slot"></div>');

type Api = {
  tabs: {
    query(query: object): Promise<{ id?: number; url?: string }[]>;
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
  };
};

/** Whether an engine answers the extension's own `get-report` in the tab showing `url`. */
async function engineAnswers(helper: TestPage, url: string): Promise<boolean> {
  return helper.evaluate(async (pageUrl: string) => {
    const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as Api;
    const tab = (await api.tabs.query({})).find((t) => t.url === pageUrl);
    if (tab?.id === undefined) throw new Error(`no tab shows ${pageUrl}`);
    try {
      const reply = (await api.tabs.sendMessage(tab.id, { type: 'get-report' })) as { ok?: boolean } | undefined;
      return reply?.ok === true;
    } catch {
      return false; // nothing listens in that tab
    }
  }, url);
}

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (browserName) => {
  const fixture = useBrowser(browserName, { extraFiles: { '/demo-without-embed.html': () => WITHOUT_EMBED } });

  it('on a page without embeds only the first stage runs; an embed the page adds later brings the engine in, and is repaired', async () => {
    expect(BLOCK).toContain('/status/');
    expect(WITHOUT_EMBED).not.toContain('/status/');
    const page = await fixture.openPage('demo-without-embed.html');
    // The first stage looks in the first idle moment after load; two idle callbacks the page asks
    // for afterwards run after its look (idle callbacks run in the order they were asked for).
    await page.evaluate(
      () => new Promise<void>((done) => requestIdleCallback(() => requestIdleCallback(() => done()))),
    );
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    expect(await engineAnswers(helper, page.url())).toBe(false);

    // The page renders its embed late, as a client-rendered page does.
    await page.evaluate((html: string) => {
      const slot = document.getElementById('slot')!;
      slot.insertAdjacentHTML('afterend', html);
      slot.remove();
    }, BLOCK);
    const [card] = await waitForCards(page);
    expect(card?.text).toContain(SEED.title);
    expect(await engineAnswers(helper, page.url())).toBe(true);
    await helper.close();
    await page.close();
  });

  it('an ordinary article (a figure, a quotation, frames of other origins, share buttons) gets no engine', async () => {
    // tests/pages/negative-article.html: the scan's broad hooks (figure, blockquote, iframe, [data-url],
    // .wp-block-embed) all match it, so the first stage of before brought the engine in here.
    const page = await fixture.openPage('negative-article.html');
    await page.evaluate(
      () => new Promise<void>((done) => requestIdleCallback(() => requestIdleCallback(() => done()))),
    );
    expect(await page.evaluate(() => document.querySelectorAll('figure, blockquote, iframe, [data-url]').length)).toBe(
      10,
    );
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    expect(await engineAnswers(helper, page.url())).toBe(false);

    // The first stage is there all the same: a tweet embed the page adds later brings the engine in.
    await page.evaluate(
      (html: string) => document.getElementById('article')!.insertAdjacentHTML('beforeend', html),
      BLOCK,
    );
    await expect.poll(() => engineAnswers(helper, page.url()), { timeout: 15_000 }).toBe(true);
    await helper.close();
    await page.close();
  });
});
