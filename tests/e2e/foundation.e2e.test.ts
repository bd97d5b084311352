/**
 * The foundation, judged in the browsers: the seed article's broken embed is
 * repaired in place from the packaged archive (a card in a closed shadow
 * root beside the page's block, which stays hidden where it was), the popup shows the report and
 * the full archived text, the site switch undoes and redoes the repair live
 * and survives a reload, and nothing leaves localhost.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserName, TestPage } from './harness/browsers';
import { findTabId, openPopupFor, readBadge, readReport } from './harness/extension';
import { hostOf } from './harness/proxy';
import { SEED } from './harness/seed';
import { clickInCard, inShadowRoots, readCards, waitForCards } from './harness/shadow-roots';
import { useBrowser } from './harness/suite';

const [P3, P4] = [SEED.paragraphs[2] as string, SEED.paragraphs[3] as string];
const TWEET_ID = '1501707808009506816';

/** What the repaired card looks like, read through DevTools: its shadow root is closed to the page. */
async function readCard(page: TestPage) {
  const cards = await inShadowRoots(page, (root, host) => {
    const card = root.querySelector('.card');
    const paragraph = root.querySelector('.passage .paragraph');
    if (!card || !paragraph) return null;
    // The page's own block stays right after the card, hidden: the next thing that shows is what followed it.
    let next = host.nextElementSibling;
    while (next && getComputedStyle(next).display === 'none') next = next.nextElementSibling;
    return {
      mode: root.mode,
      // What the page's own scripts see of it.
      pageSeesRoot: host.shadowRoot !== null,
      hostTag: host.localName,
      hostAttributes: host.getAttributeNames(),
      label: card.getAttribute('aria-label'),
      text: card.textContent ?? '',
      previous: host.previousElementSibling?.textContent?.trim() ?? null,
      next: next?.textContent?.trim() ?? null,
      links: [...root.querySelectorAll('a')].map((a) => a.href),
      cardDisplay: getComputedStyle(card).display,
      paragraphColor: getComputedStyle(paragraph).color,
      paragraphLetterSpacing: getComputedStyle(paragraph).letterSpacing,
      fallbackShown: document.body.innerText.includes('Tweet not loading'),
      fallbackInDom: document.body.textContent?.includes('Tweet not loading') ?? false,
    };
  });
  const found = cards.filter((card) => card !== null);
  return { count: found.length, ...found[0]! };
}

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (browserName) => {
  const fixture = useBrowser(browserName);

  it('repairs the seed article in place with its archived context, in a closed shadow root', async () => {
    const page = await fixture.openPage('demo-page.html');
    await waitForCards(page);
    const card = await readCard(page);
    expect(card.count).toBe(1);
    expect(card.mode).toBe('closed');
    expect(card.pageSeesRoot).toBe(false);
    // Nothing on the host names the extension: a bare div.
    expect(card.hostTag).toBe('div');
    expect(card.hostAttributes).toEqual([]);
    // In place: between the third and fourth paragraphs, where the block stood (and still stands, hidden).
    expect(card.previous).toBe(P3);
    expect(card.next).toBe(P4);
    expect(card.fallbackShown).toBe(false);
    expect(card.fallbackInDom).toBe(true);
    expect(card.text).toContain('Archived copy');
    expect(card.text).toContain(SEED.title);
    expect(card.text).toContain('World Socialist Web Site');
    expect(card.text).toContain(P3);
    expect(card.text).toContain(P4);
    expect(card.label).toContain(SEED.title);
    for (const href of card.links) expect(href).toMatch(/^https:\/\/x\.com\//);
    // The archive does not know the tweet: no tweet id or tweet text is invented.
    expect(card.text).not.toContain(TWEET_ID);

    // The control opens the full archived text inside the card (a real click).
    await clickInCard(page, 'button.toggle');
    const readFull = () =>
      inShadowRoots(page, (shadow) => ({
        expanded: shadow.querySelector('button.toggle')?.getAttribute('aria-expanded'),
        paragraphs: [...shadow.querySelectorAll('.full-text .paragraph')].map((p) => p.textContent),
        markerAfter: shadow.querySelector('.full-text .embed-marker')?.previousElementSibling?.textContent,
      }));
    await expect.poll(async () => (await readFull())[0]?.paragraphs.length).toBeGreaterThan(0);
    const [full] = (await readFull()) as [Awaited<ReturnType<typeof readFull>>[number]];
    expect(full.expanded).toBe('true');
    expect(full.paragraphs).toEqual(SEED.paragraphs);
    expect(full.markerAfter).toBe(P3);
    await page.close();
  });

  it('keeps page styles and card styles apart, and repairs a block split over two paragraphs', async () => {
    const page = await fixture.openPage('demo-variant-b.html');
    const before = await page.evaluate(() => getComputedStyle(document.querySelector('p')!).marginTop);
    await waitForCards(page);
    const card = await readCard(page);
    expect(card.count).toBe(1);
    expect(card.previous).toBe(P3);
    expect(card.next).toBe(P4);
    expect(card.fallbackShown).toBe(false);
    // The page's "p { color: red !important }" and ".card { display: none }" do not reach in ...
    expect(card.cardDisplay).not.toBe('none');
    expect(card.paragraphColor).not.toBe('rgb(200, 0, 0)');
    expect(card.paragraphLetterSpacing).not.toBe('3px');
    // ... and the card's own "p { margin: 0 }" does not reach out.
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('p')!).marginTop)).toBe(before);
    await page.close();
  });

  it('repairs a block that a client-rendered page inserts after load', async () => {
    const page = await fixture.openPage('demo-client-rendered.html');
    await waitForCards(page);
    const card = await readCard(page);
    expect(card.text).toContain(SEED.title);
    expect(card.text).toContain(P3);
    await page.close();
  });

  it('shows the site switch, the page report and all 16 archived paragraphs in the popup', async () => {
    const page = await fixture.openPage('demo-page.html');
    await waitForCards(page);
    const { popup, tabId } = await openPopupFor(fixture.session, page.url());
    await popup.waitFor(() => document.querySelectorAll('.archived-article .paragraph').length > 0);
    const view = await popup.evaluate(() => {
      const input = document.querySelector('input[role="switch"]') as HTMLInputElement;
      const name = input.labels?.[0]?.textContent ?? input.getAttribute('aria-label');
      return {
        type: input.type,
        checked: input.checked,
        name,
        rows: [...document.querySelectorAll('[data-embed-status]')].map((row) => ({
          status: row.getAttribute('data-embed-status'),
          links: [...row.querySelectorAll('a')].map((a) => a.href),
        })),
        title: document.querySelector('.archived-article .title')?.textContent,
        provenance: document.querySelector('.archived-article .provenance')?.textContent,
        paragraphs: [...document.querySelectorAll('.archived-article .paragraph')].map((p) => p.textContent),
      };
    });
    expect(view.type).toBe('checkbox');
    expect(view.checked).toBe(true);
    expect(view.name).toContain('127.0.0.1');
    expect(view.rows).toHaveLength(1);
    expect(view.rows[0]?.status).toBe('repaired');
    expect(view.rows[0]?.links.some((href) => href.includes(TWEET_ID))).toBe(true);
    expect(view.title).toBe(SEED.title);
    expect(view.provenance).toContain('World Socialist Web Site');
    expect(view.paragraphs).toEqual(SEED.paragraphs);
    expect(await readBadge(popup, tabId)).toBe('1');
    await popup.close();
    await page.close();
  });

  it('switching the site off gives back the original nodes in every open tab, stays off after reload, and comes back on at once', async () => {
    const first = await fixture.openPage('demo-page.html');
    const second = await fixture.openPage('demo-variant-b.html');
    const originalHtml = await first.evaluate(() => document.querySelector('.content')!.innerHTML);
    // Mark the original block from the page's own world: only the same node object will carry it.
    await first.evaluate(() => Object.assign(document.querySelector('.tweet-embed')!, { __original: 'yes' }));
    await waitForCards(first);
    await waitForCards(second);

    const { popup, tabId } = await openPopupFor(fixture.session, first.url());
    await popup.click('#site-switch');
    await waitForCards(first, 0);
    await waitForCards(second, 0);
    const restored = await first.evaluate(() => ({
      same: (document.querySelector('.tweet-embed') as unknown as { __original?: string })?.__original,
      html: document.querySelector('.content')!.innerHTML,
    }));
    expect(restored.same).toBe('yes');
    expect(restored.html).toBe(originalHtml);
    await popup.waitFor(() => (document.querySelector('#site-switch') as HTMLInputElement | null)?.checked === false);
    expect(await readBadge(popup, tabId)).toBe('off');

    // Still off after a reload: the embed is found and reported broken, but the page is left alone.
    await first.reload();
    const reloadedTab = await findTabId(popup, first.url());
    await expect
      .poll(async () => (await readReport(popup, reloadedTab)).embeds[0]?.status, { timeout: 15_000 })
      .toBe('broken');
    expect(await readCards(first)).toEqual([]);
    expect((await readReport(popup, reloadedTab)).enabled).toBe(false);

    // On again: repaired at once, in both tabs, with no reload.
    await popup.goto(`${fixture.session.extensionOrigin}/popup.html?tab=${reloadedTab}`);
    await popup.waitFor(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
    await popup.click('#site-switch');
    await waitForCards(first);
    await waitForCards(second);
    await expect.poll(() => readBadge(popup, reloadedTab)).toBe('1');
    await popup.close();
    await first.close();
    await second.close();
  });

  it('leaves alone what is not a broken embed, and lists a broken embed it has no archive for', async () => {
    for (const path of ['negative-links.html', 'negative-wsws-shell.html']) {
      const page = await fixture.openPage(path);
      const html = await page.evaluate(() => document.body.innerHTML);
      const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
      const tabId = await findTabId(helper, page.url());
      // Past the grace period, so that a pending embed would have become broken by now.
      await new Promise((done) => setTimeout(done, 3500));
      expect((await readReport(helper, tabId)).embeds).toEqual([]);
      expect(await page.evaluate(() => document.body.innerHTML)).toBe(html);
      await helper.close();
      await page.close();
    }

    const page = await fixture.openPage('negative-unarchived.html');
    const html = await page.evaluate(() => document.body.innerHTML);
    const { popup, tabId } = await openPopupFor(fixture.session, page.url());
    await expect
      .poll(async () => (await readReport(popup, tabId)).embeds.map((e) => e.status), { timeout: 15_000 })
      .toEqual(['broken']);
    expect(await page.evaluate(() => document.body.innerHTML)).toBe(html);
    await popup.reload();
    await popup.waitFor(() => document.querySelector('[data-embed-status="broken"]') !== null);
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
    // Everything else the browser tried to send went to the recording proxy. Chromium's own
    // update and sign-in services still call home in headless mode (with or without any
    // extension); nothing else may appear there.
    const browserServices = /(^|\.)(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)$/;
    const proxied = fixture.session.proxy.requests.filter(
      (r) => !(browserName === 'chromium' && browserServices.test(hostOf(r))),
    );
    expect(proxied).toEqual([]);
  });
});
