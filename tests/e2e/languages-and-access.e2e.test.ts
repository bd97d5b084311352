/**
 * Both languages (English, Russian: the seed article's readers) and
 * accessibility: axe-core finds no violation on the popup, the options page,
 * the reader and the repaired card (and the neutral card that offers the
 * user's own archive), in the light and the dark theme, in
 * Chromium and Firefox. The card on a web page is in a closed shadow root
 * axe cannot enter: axe checks the same card component rendered in open
 * roots of an extension page (harness/card-preview.ts), and the card on the
 * page is read through DevTools. The Chromium runs also take the
 * README's screenshots, in both themes (tests/e2e/harness/screenshots.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { type BrowserName, type TestPage } from './harness/browsers';
import { openCardPreview } from './harness/card-preview';
import { openPopupFor } from './harness/extension';
import { takeReadmeScreenshots } from './harness/screenshots';
import { SEED } from './harness/seed';
import { clickInCard, inShadowRoots, waitForCards } from './harness/shadow-roots';
import { useBrowser, type BrowserFixture } from './harness/suite';

const BROWSERS: BrowserName[] = ['chromium', 'firefox'];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: unknown[];
}

/**
 * Runs axe-core in the page: on the whole document, or on each card (an element whose open
 * shadow root holds one) and its shadow tree, as the cards of the card preview.
 */
async function findViolations(page: TestPage, scope: 'document' | 'cards' = 'document'): Promise<Violation[]> {
  await page.evaluateScript(AXE_SOURCE);
  return page.evaluate(async (where: string) => {
    const axe = (
      globalThis as unknown as {
        axe: { run(context: unknown, options: unknown): Promise<{ violations: never[]; passes: unknown[] }> };
      }
    ).axe;
    const contexts =
      where === 'cards'
        ? [...document.querySelectorAll('div')].filter((el) => el.shadowRoot?.querySelector('.card'))
        : [document];
    if (!contexts.length) throw new Error('nothing to check');
    const violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[] = [];
    for (const context of contexts) {
      const result = await axe.run(context, { resultTypes: ['violations', 'passes'] });
      // "No violation" means something only if axe looked at something (it cannot see into a tree it cannot reach).
      if (result.passes.length === 0 && result.violations.length === 0)
        throw new Error(`axe checked nothing in the ${where}`);
      violations.push(...result.violations);
    }
    return violations.map((v: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target),
    }));
  }, scope);
}

async function openDemo(fixture: BrowserFixture, path = 'demo-page.html'): Promise<TestPage> {
  const page = await fixture.openPage(path);
  await waitForCards(page, 1);
  return page;
}

describe.each(BROWSERS)('%s in Russian', (browserName) => {
  const fixture = useBrowser(browserName, { locale: 'ru', freshSettings: false });

  it('follows the browser language on the card, the popup, the reader and the options page', async () => {
    const page = await openDemo(fixture);
    const [card] = await inShadowRoots(page, (shadow) => ({
      badge: shadow.querySelector('.badge')?.textContent,
      toggle: shadow.querySelector('button.toggle')?.textContent,
      label: shadow.querySelector('.card')?.getAttribute('aria-label'),
    }));
    expect(card?.badge).toBe('Архивная копия');
    expect(card?.toggle).toBe('Читать весь архивный текст (абзацев: 16)');
    expect(card?.label).toBe(`Архивная копия сломанного встроенного твита: ${SEED.title}`);

    const { popup } = await openPopupFor(fixture.session, page.url());
    await popup.waitFor(() => document.querySelectorAll('.archived-article .paragraph').length > 0);
    const view = await popup.evaluate(() => ({
      lang: document.documentElement.lang,
      switchLabel: (document.getElementById('site-switch') as HTMLInputElement).labels?.[0]?.textContent,
      status: document.querySelector('[data-embed-status] .status')?.textContent,
      heading: document.getElementById('reader-heading')?.textContent,
      provenance: document.querySelector('.archived-article .provenance')?.textContent,
      // The archived text keeps its own language.
      articleLang: document.querySelector('.archived-article')?.getAttribute('lang'),
    }));
    expect(view).toEqual({
      lang: 'ru',
      switchLabel: 'Восстанавливать сломанные твиты на 127.0.0.1',
      status: 'Восстановлен из архива',
      heading: 'Архивный текст',
      provenance: 'Архивная копия из источника «World Socialist Web Site» (дата сохранения неизвестна)',
      articleLang: 'en',
    });

    const options = await fixture.session.openExtensionPage('options.html');
    await options.waitFor(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
    expect(await options.evaluate(() => [document.querySelector('h1')?.textContent, document.title])).toEqual([
      'Настройки Tweet Mender',
      'Настройки Tweet Mender',
    ]);
    for (const p of [options, popup, page]) await p.close();
  });
});

describe.each(BROWSERS.flatMap((b) => (['light', 'dark'] as const).map((theme) => [b, theme] as const)))(
  '%s, %s theme',
  (browserName, theme) => {
    const fixture = useBrowser(browserName, { colorScheme: theme, freshSettings: false });

    it('has no accessibility violations on the card, the popup, the options page and the reader', async () => {
      // The card wears the page's look (a light article, a dark one), whatever the system theme.
      const cardBackground = async (p: TestPage) =>
        (await inShadowRoots(p, (shadow) => getComputedStyle(shadow.querySelector('.card')!).backgroundColor))[0];
      const darkPage = await openDemo(fixture, 'demo-dark.html');
      expect(await cardBackground(darkPage)).toBe('rgb(22, 24, 28)');
      const page = await openDemo(fixture);
      expect(await cardBackground(page)).toBe('rgb(247, 249, 250)');

      // The card itself, for axe: the same component in open roots of an extension page, on a light
      // and a dark page, closed and with its full text open; and the neutral card that offers the
      // user's own archive, as it stands and, after the user's click, saying "Not in your archive."
      const preview = await openCardPreview(fixture.session);
      await clickInCard(preview, 'button.reveal', 6);
      const previewed = () =>
        inShadowRoots(preview, (shadow) => [
          shadow.mode,
          getComputedStyle(shadow.querySelector('.card')!).backgroundColor,
          shadow.querySelectorAll('.full-text .paragraph').length,
          shadow.querySelector('button.reveal') ? 'offer' : shadow.querySelector('.not-found') ? 'not found' : 'card',
        ]);
      await expect.poll(async () => (await previewed())[6]?.[3], { timeout: 10_000 }).toBe('not found');
      expect(await previewed()).toEqual([
        ['open', 'rgb(247, 249, 250)', 0, 'card'],
        ['open', 'rgb(22, 24, 28)', 0, 'card'],
        ['open', 'rgb(247, 249, 250)', 16, 'card'],
        ['open', 'rgb(22, 24, 28)', 16, 'card'],
        ['open', 'rgb(247, 249, 250)', 0, 'offer'],
        ['open', 'rgb(22, 24, 28)', 0, 'offer'],
        ['open', 'rgb(247, 249, 250)', 0, 'not found'],
      ]);
      expect(await findViolations(preview, 'cards')).toEqual([]);
      await preview.close();

      const { popup } = await openPopupFor(fixture.session, page.url());
      await popup.waitFor(() => document.querySelectorAll('.archived-article .paragraph').length > 0);
      expect(await findViolations(popup)).toEqual([]);
      expect(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
        theme === 'dark' ? 'rgb(21, 24, 28)' : 'rgb(255, 255, 255)',
      );

      const options = await fixture.session.openExtensionPage('options.html');
      await options.waitFor(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
      expect(await findViolations(options)).toEqual([]);

      const articleId = await popup.evaluate(() =>
        document.querySelector('.archived-article')?.getAttribute('data-article-id'),
      );
      const reader = await fixture.session.openExtensionPage(`reader.html?article=${articleId}`);
      await reader.waitFor(() => document.querySelectorAll('.archived-article .paragraph').length > 0);
      expect(await findViolations(reader)).toEqual([]);

      if (browserName === 'chromium') {
        // The README's pictures, from this very run. The demo article is a light page whatever the
        // system theme, and the card wears the page's look: the dark picture is of the dark page.
        await takeReadmeScreenshots(theme, { repairedPage: theme === 'dark' ? darkPage : page, popup, reader });
      }
      for (const p of [reader, options, popup, page, darkPage]) await p.close();
    });
  },
);
