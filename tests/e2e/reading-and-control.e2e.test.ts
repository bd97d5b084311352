/**
 * Reading and control, judged in both browsers: the archived text read
 * offline in the popup and in a tab, site rules with uBlock Origin's
 * semantics (subdomains, most specific wins, one page, opt-in mode), the
 * options page, the page report's actions, keyboard operation, and the real
 * keyboard shortcut.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BrowserName, type Session, type TestPage } from './harness/browsers';
import { findTabId, openPopupFor, readReport, setExtensionStorage } from './harness/extension';
import { pressKeysOnDisplay, startVirtualDisplay } from './harness/virtual-display';
import { SEED } from './harness/seed';
import { inShadowRoots, readCards, waitForCards } from './harness/shadow-roots';
import { useBrowser } from './harness/suite';

const BROWSERS: BrowserName[] = ['chromium', 'firefox'];

/** Opens the options page and waits until it has rendered its sections. */
async function openOptions(session: Session): Promise<TestPage> {
  const options = await session.openExtensionPage('options.html');
  await options.waitFor(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
  return options;
}

async function addRule(options: TestPage, pattern: string, state: 'on' | 'off'): Promise<void> {
  await options.fill('#rule-pattern', pattern);
  await options.fill('#rule-state', state);
  await options.click('.add-rule button[type="submit"]');
  await options.waitFor(
    (line: string) => document.querySelector(`[data-rule="${line}"]`) !== null,
    `${pattern} ${state}`,
  );
}

describe.each(BROWSERS)('%s: reading and control', (browserName) => {
  const fixture = useBrowser(browserName);
  const at = (host: string, path = 'demo-page.html') => `http://${host}:${new URL(fixture.server.origin).port}/${path}`;

  /** Waits until the extension has looked at the page and left it alone (switched off there). */
  async function expectLeftAlone(page: TestPage, helper: TestPage): Promise<void> {
    const tabId = await findTabId(helper, page.url());
    await expect
      .poll(async () => (await readReport(helper, tabId)).embeds.map((e) => e.status), { timeout: 15_000 })
      .toEqual(['broken']);
    expect((await readReport(helper, tabId)).enabled).toBe(false);
    expect((await readCards(page)).length === 0).toBe(true);
  }

  it('reads the archived text offline: in the popup, with text size, copy and citation, and in a tab', async () => {
    const page = await fixture.openPage('demo-page.html');
    await waitForCards(page);
    // From here on the browser has no network at all (Chromium); Firefox's proxy refuses everything anyway.
    const offline = await fixture.session.setOffline(true);
    const { popup } = await openPopupFor(fixture.session, page.url());
    await popup.waitFor(() => document.querySelectorAll('.archived-article .paragraph').length > 0);
    const view = await popup.evaluate(() => ({
      title: document.querySelector('.archived-article .title')?.textContent,
      provenance: document.querySelector('.archived-article .provenance')?.textContent,
      paragraphs: [...document.querySelectorAll('.archived-article .paragraph')].map((p) => p.textContent),
      embedAfter: document.querySelector('.archived-article .embed-marker')?.previousElementSibling?.textContent,
      lang: document.querySelector('.archived-article')?.getAttribute('lang'),
      scale: getComputedStyle(document.querySelector('.reader')!).getPropertyValue('--reader-scale').trim(),
    }));
    expect(view.title).toBe(SEED.title);
    expect(view.provenance).toBe('Archived copy of World Socialist Web Site (capture date not recorded)');
    expect(view.paragraphs).toEqual(SEED.paragraphs);
    expect(view.embedAfter).toBe(SEED.paragraphs[2]);
    expect(view.lang).toBe('en');
    expect(view.scale).toBe('1');

    // Larger text, remembered for next time.
    await popup.click('.text-larger');
    await popup.waitFor(() => document.querySelector('.tool-status')?.textContent === 'Text size 115%');
    expect(
      await popup.evaluate(() =>
        getComputedStyle(document.querySelector('.reader')!).getPropertyValue('--reader-scale').trim(),
      ),
    ).toBe('1.15');

    await popup.click('.copy-citation');
    await popup.waitFor(() => document.querySelector('.tool-status')?.textContent === 'Copied to the clipboard.');

    // "Open in a tab" opens the same reader as an extension page.
    const opened = fixture.session.waitForPage(`${fixture.session.extensionOrigin}/reader.html?article=`);
    await popup.click('.open-in-tab');
    const reader = await opened;
    await reader.waitFor(() => document.querySelectorAll('.archived-article .paragraph').length > 0);
    const tab = await reader.evaluate(() => ({
      title: document.querySelector('h1.title')?.textContent,
      documentTitle: document.title,
      paragraphs: document.querySelectorAll('.archived-article .paragraph').length,
      scale: getComputedStyle(document.querySelector('.reader')!).getPropertyValue('--reader-scale').trim(),
    }));
    expect(tab).toEqual({
      title: SEED.title,
      documentTitle: `${SEED.title} · Tweet Mender`,
      paragraphs: 16,
      scale: '1.15',
    });
    await fixture.session.setOffline(false);
    expect(typeof offline).toBe('boolean');
    await reader.close();
    await page.close();
  });

  it('browses and searches the library as you type, offline, and opens what it finds', async () => {
    await fixture.session.setOffline(true);
    const library = await fixture.session.openExtensionPage('reader.html');
    await library.waitFor(() => document.querySelectorAll('.library-item').length > 0);
    expect(await library.evaluate(() => document.querySelector('.library-status')?.textContent)).toBe(
      'Entries in the archive: 1.',
    );
    const search = (query: string) => library.fill('#library-search', query);
    // The words marked in the results, once the answer to this query is shown.
    const marked = () => [...document.querySelectorAll('.library-item mark')].map((m) => m.textContent?.toLowerCase());
    // Words from the middle of the text, and the start of a word (search as you type).
    await search('trotskyist lenin');
    await library.waitFor(() =>
      [...document.querySelectorAll('.library-item mark')].some((m) => m.textContent?.toLowerCase() === 'trotskyist'),
    );
    expect(await library.evaluate(() => document.querySelector('.library-status')?.textContent)).toBe('Found: 1.');
    // Both words are in the article; the snippet shows the first one in its context.
    expect(await library.evaluate(marked)).toContain('trotskyist');
    await search('kreml');
    await library.waitFor(() =>
      [...document.querySelectorAll('.library-item mark')].some((m) => m.textContent?.toLowerCase() === 'kreml'),
    );
    expect(await library.evaluate(() => document.querySelector('.library-status')?.textContent)).toBe('Found: 1.');
    await search('quantum chromodynamics');
    await library.waitFor(
      () =>
        document.querySelector('.library-status')?.textContent ===
        'Nothing in the archive matches “quantum chromodynamics”.',
    );
    expect(await library.evaluate(() => document.querySelectorAll('.library-item').length)).toBe(0);
    await search('socialist');
    await library.waitFor(() => document.querySelector('.library-item a') !== null);
    await library.click('.library-item a');
    await library.waitFor(() => document.querySelectorAll('.archived-article .paragraph').length === 16);
    expect(await library.evaluate(() => document.querySelector('h1.title')?.textContent)).toBe(SEED.title);
    await fixture.session.setOffline(false);
    await library.close();
  });

  it('a site rule covers its subdomains, and the most specific rule wins', async () => {
    const options = await openOptions(fixture.session);
    await addRule(options, 'example.test', 'off');
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    const www = await fixture.openPage(at('www.example.test'));
    const news = await fixture.openPage(at('news.example.test'));
    const other = await fixture.openPage(at('other.test'));
    await waitForCards(other);
    await expectLeftAlone(www, helper);
    await expectLeftAlone(news, helper);

    // A rule for the subdomain beats the site's: news comes back on, live.
    await addRule(options, 'news.example.test', 'on');
    await waitForCards(news);
    expect((await readCards(www)).length === 0).toBe(true);
    for (const page of [www, news, other, helper, options]) await page.close();
  });

  it('switches one page off without its site, from the popup', async () => {
    const first = await fixture.openPage('demo-page.html');
    const second = await fixture.openPage('demo-variant-b.html');
    await waitForCards(first);
    await waitForCards(second);
    const { popup } = await openPopupFor(fixture.session, first.url());
    await popup.click('.page-only');
    await waitForCards(first, 0);
    await popup.waitFor(
      () => document.querySelector('.site-state')?.textContent === 'Switched off for this page only.',
    );
    expect((await readCards(second)).length > 0).toBe(true);
    const options = await openOptions(fixture.session);
    expect(
      await options.evaluate(() => [...document.querySelectorAll('.rule')].map((r) => r.getAttribute('data-rule'))),
    ).toEqual([`${first.url()} off`]);
    for (const page of [popup, options, first, second]) await page.close();
  });

  it('in "only on listed sites" mode, runs only where it is switched on', async () => {
    const options = await openOptions(fixture.session);
    await options.click('#mode-only-listed');
    const page = await fixture.openPage('demo-page.html');
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    await expectLeftAlone(page, helper);
    const { popup } = await openPopupFor(fixture.session, page.url());
    expect(await popup.evaluate(() => (document.getElementById('site-switch') as HTMLInputElement).checked)).toBe(
      false,
    );
    await popup.click('#site-switch');
    await waitForCards(page);
    await options.waitFor(() => document.querySelector('[data-rule="127.0.0.1 on"]') !== null);
    for (const p of [popup, options, helper, page]) await p.close();
  });

  it('lists, edits, removes, exports and imports rules, keeping lines it cannot read', async () => {
    const options = await openOptions(fixture.session);
    await options.evaluate(() => ((document.querySelector('.text-editor') as HTMLDetailsElement).open = true));
    await options.fill('#rules-text', 'example.test off\nthis is not a rule\nhttps://other.test/story on');
    await options.click('.save-text');
    await options.waitFor(() => document.querySelectorAll('.rule').length === 3);
    const listed = await options.evaluate(() =>
      [...document.querySelectorAll('.rule')].map((r) => ({
        rule: r.getAttribute('data-rule'),
        invalid: r.classList.contains('invalid'),
        text: r.textContent,
      })),
    );
    expect(listed.map((r) => [r.rule, r.invalid])).toEqual([
      ['example.test off', false],
      ['this is not a rule', true],
      ['https://other.test/story on', false],
    ]);
    expect(listed[1]?.text).toContain('not understood, kept as written');

    // Export: the file offered holds every line, the unreadable one included.
    const exported = await options.evaluate(async () => {
      let blob: Blob | undefined;
      const original = URL.createObjectURL;
      URL.createObjectURL = (b: Blob) => ((blob = b), original.call(URL, b));
      (document.querySelector('.export-rules') as HTMLButtonElement).click();
      URL.createObjectURL = original;
      return blob ? await blob.text() : null;
    });
    expect(exported).toBe('example.test off\nthis is not a rule\nhttps://other.test/story on\n');

    // Remove one; import a file with one new rule, one duplicate and one bad line.
    await options.click('[data-rule="example.test off"] .remove');
    await options.waitFor(() => document.querySelectorAll('.rule').length === 2);
    const file = join(tmpdir(), `tweet-mender-rules-${browserName}.txt`);
    writeFileSync(file, 'news.example.test off\nthis is not a rule\n*.bad..host on\n');
    await options.setInputFile('#import-rules', file);
    await options.waitFor(() => document.querySelectorAll('.rule').length === 4);
    expect(
      await options.evaluate(() => [...document.querySelectorAll('.rule')].map((r) => r.getAttribute('data-rule'))),
    ).toEqual(['this is not a rule', 'https://other.test/story on', 'news.example.test off', '*.bad..host on']);
    const news = await fixture.openPage(at('news.example.test'));
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    await expectLeftAlone(news, helper);
    for (const p of [options, news, helper]) await p.close();
  });

  it('falls back to the defaults when the stored settings are damaged', async () => {
    await setExtensionStorage(fixture.session, { settings: 'garbage', settings$: { v: 2 } });
    const page = await fixture.openPage('demo-page.html');
    await waitForCards(page);
    const options = await openOptions(fixture.session);
    expect(
      await options.evaluate(() => (document.getElementById('mode-everywhere-except') as HTMLInputElement).checked),
    ).toBe(true);
    for (const p of [page, options]) await p.close();
  });

  it('shows an embed on the page, and checks the page again', async () => {
    const page = await fixture.openPage('demo-page.html');
    await waitForCards(page);
    await page.evaluate(() => {
      window.scrollTo(0, document.body.scrollHeight);
      // The outline is an element of ours added to <html> for under two seconds; in a background tab,
      // where polling is slow, record it as the page would see it.
      const seen = new Set<Node>();
      new MutationObserver((records) => {
        for (const record of records) for (const node of record.addedNodes) seen.add(node);
        document.documentElement.dataset.sawHighlight = String(seen.size);
        document.documentElement.dataset.highlightLeft = String([...seen].filter((n) => !n.isConnected).length);
      }).observe(document.documentElement, { childList: true });
    });
    const { popup } = await openPopupFor(fixture.session, page.url());
    await popup.click('.show-on-page');
    await page.waitFor(() => document.documentElement.dataset.sawHighlight === '1');
    const [inView] = await inShadowRoots(page, (root, host) => {
      if (!root.querySelector('.card')) return null;
      const box = host.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
    await page.waitFor(() => document.documentElement.dataset.highlightLeft === '1', undefined, 10_000);

    // Switched off, the extension does not watch the page; "Check again" finds what changed.
    // (The popup closed itself after "Show on page", so that the page is in view.)
    const { popup: again } = await openPopupFor(fixture.session, page.url());
    await again.click('#site-switch');
    await waitForCards(page, 0);
    await page.evaluate(() => {
      const block = document.createElement('div');
      const loading = document.createElement('div');
      loading.textContent = 'Loading Tweet ...';
      const link = document.createElement('a');
      link.href = 'https://twitter.com/WSWS_Updates/status/1501707808009506817';
      link.textContent = 'Tweet not loading? See it directly on Twitter';
      block.append(loading, link);
      document.querySelector('.content p:last-child')!.after(block);
    });
    await again.click('.check-again');
    await again.waitFor(() => document.querySelectorAll('[data-embed-status]').length === 2);
    for (const p of [again, page]) await p.close();
  });

  it('works with the keyboard alone, with visible focus', async () => {
    const page = await fixture.openPage('demo-page.html');
    await waitForCards(page);
    const { popup } = await openPopupFor(fixture.session, page.url());
    // Tab through the popup to the site switch.
    for (let i = 0; i < 10 && !(await popup.evaluate(() => document.activeElement?.id === 'site-switch')); i++) {
      await popup.press('Tab');
    }
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('site-switch');
    expect(await popup.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await popup.press(' ');
    expect(await popup.evaluate(() => (document.getElementById('site-switch') as HTMLInputElement).checked)).toBe(
      false,
    );
    await waitForCards(page, 0);
    await popup.waitFor(() => document.activeElement?.id === 'site-switch');
    await popup.press(' ');
    await waitForCards(page);

    // On the page: the card's control is reachable with Tab and opens with Enter.
    await page.bringToFront();
    const focusedInCard = async () =>
      (await inShadowRoots(page, (root) => root.activeElement?.classList.contains('toggle') ?? false)).includes(true);
    for (let i = 0; i < 20 && !(await focusedInCard()); i++) await page.press('Tab');
    expect(await focusedInCard()).toBe(true);
    await page.press('Enter');
    await expect
      .poll(async () => (await inShadowRoots(page, (root) => root.querySelectorAll('.full-text .paragraph').length))[0])
      .toBe(16);
    for (const p of [popup, page]) await p.close();
  });
});

describe.each(BROWSERS)('%s: the keyboard shortcut', (browserName) => {
  let display = '';
  const fixture = useBrowser(browserName, {
    headed: true,
    freshSettings: false,
    // Extension shortcuts react only to real key presses on a real (here virtual) display.
    prepare: async () => {
      const virtual = await startVirtualDisplay();
      display = virtual.display;
      return { display: virtual.display, close: () => virtual.close() };
    },
  });

  it('Alt+Shift+M switches the current site off and on again', async () => {
    const page = await fixture.openPage('demo-page.html');
    await waitForCards(page);
    await page.bringToFront();
    pressKeysOnDisplay(display, browserName, 'alt+shift+m');
    await waitForCards(page, 0);
    pressKeysOnDisplay(display, browserName, 'alt+shift+m');
    await waitForCards(page);
  });
});
