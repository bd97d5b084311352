/**
 * The extension updated or removed while a repaired page is open
 * (docs/security.md, "Extension update"; README, "What stays on a page"),
 * in both browsers. WXT's ContentScriptContext used to handle this; the
 * content script now does it without anything a page can see or send:
 * - updated (runtime.reload(), as an update does): Chrome's old copy is cut
 *   off (its port disconnects, runtime.id goes) and gives the page its nodes
 *   back, exactly; Firefox stops the old copy without notice and injects the
 *   new version into the open tab, which finds the old card by its
 *   per-install marker, puts the page back as it was and repairs it anew;
 * - removed (management.uninstallSelf()): Chrome's old copy gives the nodes
 *   back; in Firefox the old card stays, dead, and the block hidden, until
 *   the page is reloaded (what the README says).
 * Each case gets a browser of its own: the extension is gone or reloaded
 * after it. (Chromium does not bring back an extension loaded with
 * --load-extension after runtime.reload(), so the new version's own repair
 * is checked in Firefox only; Chrome injects no new copy into open tabs
 * anyway, a reload of the page brings it.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserName, TestPage } from './harness/browsers';
import { inShadowRoots, readCards, waitForCards } from './harness/shadow-roots';
import { useBrowser, type BrowserFixture } from './harness/suite';

type Api = { runtime: { reload(): void }; management: { uninstallSelf(): Promise<void> } };

/** The article's markup and whether its block is the very node the page made. */
const readPage = (p: TestPage) =>
  p.evaluate(() => ({
    html: document.querySelector('.content')!.innerHTML,
    same: (document.querySelector('.tweet-embed') as unknown as { mark?: string } | null)?.mark === 'original',
    fallbackShown: document.body.innerText.includes('Tweet not loading'),
  }));

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (browserName) => {
  let fixture: BrowserFixture;

  async function openRepaired() {
    const page = await fixture.openPage('demo-page.html');
    // Marked from the page's own world: only the same node object carries it.
    await page.evaluate(() => Object.assign(document.querySelector('.tweet-embed')!, { mark: 'original' }));
    const original = await readPage(page);
    await waitForCards(page, 1);
    // The card's host, marked from the page's world too: a new copy's card is another element.
    await inShadowRoots(page, (_root, host) => Object.assign(host, { mark: 'old card' }));
    return { page, original };
  }

  /** Runs one extension API call from an extension page, which goes with the extension. */
  async function fromExtension(call: 'reload' | 'uninstall') {
    const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
    await helper.evaluate((what: string) => {
      const browser = ((globalThis as unknown as { browser?: Api }).browser ??
        (globalThis as unknown as { chrome: Api }).chrome) as Api;
      setTimeout(() => (what === 'reload' ? browser.runtime.reload() : void browser.management.uninstallSelf()), 50);
    }, call);
  }

  describe('updated', () => {
    const own = useBrowser(browserName, { freshSettings: false });
    beforeAll(() => void (fixture = own));
    it('updated: the old copy stops and the page gets its nodes back exactly; the new version repairs it once', async () => {
      const { page, original } = await openRepaired();
      await fromExtension('reload');
      if (browserName === 'chromium') {
        // The orphaned copy noticed at once and undid its work; Chrome injects no new copy into open tabs.
        await waitForCards(page, 0);
        expect(await readPage(page)).toEqual({ ...original, same: true });
      } else {
        // The new copy, injected into the open tab, took the old card away and repaired the block anew:
        // one card, the same node hidden beside it, no leftover.
        await expect
          .poll(
            async () =>
              (
                await inShadowRoots(page, (root, host) =>
                  root.querySelector('.card')
                    ? [
                        host.nextElementSibling?.classList.contains('tweet-embed'),
                        (host as unknown as { mark?: string }).mark ?? 'new card',
                      ]
                    : null,
                )
              ).filter((c) => c !== null),
            { timeout: 20_000 },
          )
          .toEqual([[true, 'new card']]);
        expect((await readPage(page)).same).toBe(true);
        // And its undo gives back exactly the page as it was before either copy touched it.
        const helper = await fixture.session.openExtensionPage('popup.html?tab=none');
        await helper.evaluate(async () => {
          const browser = (
            globalThis as unknown as { browser: { storage: { local: { set(v: object): Promise<void> } } } }
          ).browser;
          await browser.storage.local.set({ settings: { mode: 'everywhere-except', rules: ['127.0.0.1 off'] } });
        });
        await waitForCards(page, 0);
        expect(await readPage(page)).toEqual({ ...original, same: true });
        await helper.evaluate(async () => {
          const browser = (globalThis as unknown as { browser: { storage: { local: { clear(): Promise<void> } } } })
            .browser;
          await browser.storage.local.clear();
        });
        await helper.close();
      }
      await page.close();
    });
  });

  describe('removed', () => {
    const own = useBrowser(browserName, { freshSettings: false });
    beforeAll(() => void (fixture = own));
    it('removed: Chrome gives the nodes back at once; Firefox leaves the dead card until the page is reloaded', async () => {
      const { page, original } = await openRepaired();
      await fromExtension('uninstall');
      if (browserName === 'chromium') {
        await waitForCards(page, 0);
        expect(await readPage(page)).toEqual({ ...original, same: true });
      } else {
        // Firefox cut the copy off with no notice, and no new version comes to clean up.
        await new Promise((done) => setTimeout(done, 3000));
        expect(await inShadowRoots(page, (_root, host) => (host as unknown as { mark?: string }).mark)).toEqual([
          'old card',
        ]);
        expect(await readCards(page)).toHaveLength(1);
        expect((await readPage(page)).fallbackShown).toBe(false);
        await page.reload();
        await new Promise((done) => setTimeout(done, 3500));
        expect(await readCards(page)).toEqual([]);
        expect((await readPage(page)).html).toBe(original.html);
      }
      await page.close();
    });
  });
});
