/**
 * The foundation, judged in the browsers: the seed article's broken embed is
 * repaired in place from the packaged archive, the popup shows the report and
 * the full archived text, the site switch undoes and redoes the repair live
 * and survives a reload, and nothing leaves localhost.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserName } from './harness/browsers';
import { findTabId, openPopupFor, readBadge, readReport } from './harness/extension';
import { expectNothingBeyondLocalhost } from './harness/no-network';
import { SEED } from './harness/seed';
import { useBrowser, cardIsShown } from './harness/suite';

const [P3, P4] = [SEED.paragraphs[2] as string, SEED.paragraphs[3] as string];
const TWEET_ID = '1501707808009506816';

/** What the repaired card looks like, read through its open shadow root. */
function readCard() {
  const hosts = document.querySelectorAll('[data-tweet-mender]');
  const host = hosts[0] as HTMLElement | undefined;
  const shadow = host?.shadowRoot;
  if (!host || !shadow) return null;
  const card = shadow.querySelector('.card') as HTMLElement;
  const paragraph = shadow.querySelector('.passage .paragraph') as HTMLElement;
  return {
    hosts: hosts.length,
    state: host.getAttribute('data-tweet-mender'),
    mode: shadow.mode,
    label: card.getAttribute('aria-label'),
    text: card.textContent ?? '',
    previous: host.previousElementSibling?.textContent?.trim() ?? null,
    next: host.nextElementSibling?.textContent?.trim() ?? null,
    links: [...shadow.querySelectorAll('a')].map((a) => a.href),
    cardDisplay: getComputedStyle(card).display,
    paragraphColor: getComputedStyle(paragraph).color,
    paragraphLetterSpacing: getComputedStyle(paragraph).letterSpacing,
    lightDomHasFallback: document.body.textContent?.includes('Tweet not loading') ?? false,
  };
}

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (browserName) => {
  const fixture = useBrowser(browserName);

  it('repairs the seed article in place with its archived context, in an open shadow root', async () => {
    const page = await fixture.openPage('demo-page.html');
    await page.waitFor(cardIsShown);
    const card = (await page.evaluate(readCard))!;
    expect(card.hosts).toBe(1);
    expect(card.state).toBe('repaired');
    expect(card.mode).toBe('open');
    // In place: between the third and fourth paragraphs, where the block stood.
    expect(card.previous).toBe(P3);
    expect(card.next).toBe(P4);
    expect(card.lightDomHasFallback).toBe(false);
    expect(card.text).toContain('Archived copy');
    expect(card.text).toContain(SEED.title);
    expect(card.text).toContain('World Socialist Web Site');
    expect(card.text).toContain(P3);
    expect(card.text).toContain(P4);
    expect(card.label).toContain(SEED.title);
    expect(card.links.length).toBeGreaterThan(0);
    for (const href of card.links) expect(href).toMatch(/^https:\/\/x\.com\//);
    // The archive does not know the tweet: no tweet id or tweet text is invented.
    expect(card.text).not.toContain(TWEET_ID);

    // The control opens the full archived text inside the card.
    await page.evaluate(() => {
      const shadow = document.querySelector('[data-tweet-mender]')!.shadowRoot!;
      (shadow.querySelector('button.toggle') as HTMLButtonElement).click();
    });
    await page.waitFor(
      () =>
        document.querySelector('[data-tweet-mender]')!.shadowRoot!.querySelectorAll('.full-text .paragraph').length > 0,
    );
    const full = await page.evaluate(() => {
      const shadow = document.querySelector('[data-tweet-mender]')!.shadowRoot!;
      return {
        expanded: shadow.querySelector('button.toggle')!.getAttribute('aria-expanded'),
        paragraphs: [...shadow.querySelectorAll('.full-text .paragraph')].map((p) => p.textContent),
        markerAfter: shadow.querySelector('.full-text .embed-marker')?.previousElementSibling?.textContent,
      };
    });
    expect(full.expanded).toBe('true');
    expect(full.paragraphs).toEqual(SEED.paragraphs);
    expect(full.markerAfter).toBe(P3);
    await page.close();
  });

  it('keeps page styles and card styles apart, and repairs a block split over two paragraphs', async () => {
    const page = await fixture.openPage('demo-variant-b.html');
    const before = await page.evaluate(() => getComputedStyle(document.querySelector('p')!).marginTop);
    await page.waitFor(cardIsShown);
    const card = (await page.evaluate(readCard))!;
    expect(card.previous).toBe(P3);
    expect(card.next).toBe(P4);
    expect(card.lightDomHasFallback).toBe(false);
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
    await page.waitFor(cardIsShown);
    const card = (await page.evaluate(readCard))!;
    expect(card.text).toContain(SEED.title);
    expect(card.text).toContain(P3);
    await page.close();
  });

  it('shows the site switch, the page report and all 16 archived paragraphs in the popup', async () => {
    const page = await fixture.openPage('demo-page.html');
    await page.waitFor(cardIsShown);
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
    await first.waitFor(cardIsShown);
    await second.waitFor(cardIsShown);

    const { popup, tabId } = await openPopupFor(fixture.session, first.url());
    await popup.click('#site-switch');
    await first.waitFor(() => document.querySelector('[data-tweet-mender]') === null);
    await second.waitFor(() => document.querySelector('[data-tweet-mender]') === null);
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
    expect(await first.evaluate(() => document.querySelector('[data-tweet-mender]'))).toBeNull();
    expect((await readReport(popup, reloadedTab)).enabled).toBe(false);

    // On again: repaired at once, in both tabs, with no reload.
    await popup.goto(`${fixture.session.extensionOrigin}/popup.html?tab=${reloadedTab}`);
    await popup.waitFor(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
    await popup.click('#site-switch');
    await first.waitFor(cardIsShown);
    await second.waitFor(cardIsShown);
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
    // The extension works in this test too, so that it checks something when run alone.
    const page = await fixture.openPage('demo-page.html');
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    const tabId = await findTabId(helper, page.url());
    await expect
      .poll(async () => (await readReport(helper, tabId)).embeds.map((e) => e.status), { timeout: 15_000 })
      .toEqual(['repaired']);
    // The proxy records what this browser sends (a request made on purpose reaches it), and got nothing else.
    await expectNothingBeyondLocalhost(fixture.session, browserName, page);
    await helper.close();
    await page.close();
  });
});
