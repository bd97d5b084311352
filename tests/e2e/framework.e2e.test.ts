/**
 * Framework-safe repair (docs/security.md, "Framework safety"; issue table
 * row 2), judged in both browsers with real framework builds from npm, bundled
 * here at test time: the seed article as a React 18 app and as a Preact 10
 * app, whose fallback block is a component the app owns. After the repair
 * the app re-renders, moves, re-renders as a new node, unmounts and remounts
 * the block, changes route and comes back, and unmounts itself; and it
 * hydrates server-rendered markup before the card mounts and after. Through
 * all of it: no page error, nothing of the article lost or doubled, and
 * exactly one card whenever the block is on the page (zero when it is not).
 * A framework may report the card's node as a recoverable hydration
 * mismatch (React's onRecoverableError): that is allowed.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserName, TestPage } from './harness/browsers';
import { bundleForBrowser } from './harness/bundle';
import { SEED } from './harness/seed';
import { inShadowRoots, readCards, waitForCards } from './harness/shadow-roots';
import { useBrowser } from './harness/suite';
import { EMBED_HREF, OTHER_TEXT, type AppControls, type ArticleState, type Mode } from './bundles/article';
import { renderOnServer } from './bundles/react-article';

const FRAMEWORKS = ['react', 'preact'] as const;
type Framework = (typeof FRAMEWORKS)[number];
const SEED_DATA = { title: SEED.title, paragraphs: SEED.paragraphs };
const P = (n: number) => SEED.paragraphs[n - 1] as string;

/** The page: server markup (React's renderToString, the same DOM for both apps) unless client-rendered. */
function page(framework: Framework): string {
  const data = JSON.stringify(SEED_DATA).replace(/</g, '\\u003c');
  const mode = `new URLSearchParams(location.search).get('mode') || 'client'`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${SEED.title} (${framework})</title>
<style>body { font-family: Georgia, serif; max-width: 44rem; margin: 2rem auto; line-height: 1.6; }</style></head>
<body><div id="root">__SSR__</div>
<script type="application/json" id="seed">${data}</script>
<script src="/${framework}-article.js"></script>
<script>window.app = TestBundle.start(JSON.parse(document.getElementById('seed').textContent), ${mode});</script>
</body></html>`;
}
const ssr = renderOnServer(SEED_DATA);
const serve = (framework: Framework) => async () => page(framework);

type Global = { app: AppControls };
const app = <K extends keyof AppControls>(p: TestPage, method: K, arg?: unknown) =>
  p.evaluate(([m, a]) => (window as unknown as Global).app[m as 'set'](a as Partial<ArticleState>), [
    method,
    arg,
  ] as const);

/** What the page shows, and where our card stands. */
async function look(p: TestPage) {
  // The block is found by its link: a framework's hydration may adopt an element without its class.
  const shown = await p.evaluate((href) => {
    const links = [...document.querySelectorAll(`a[href="${href}"]`)];
    return {
      text: document.body.innerText,
      blocks: links.length,
      shownBlocks: links.filter((link) => link.getClientRects().length > 0).length,
    };
  }, EMBED_HREF);
  const cards = await inShadowRoots(
    p,
    (root, host, href) =>
      root.querySelector('.card')
        ? {
            beside: host.nextElementSibling?.querySelector(`a[href="${href}"]`) != null,
            previous: host.previousElementSibling?.textContent ?? null,
          }
        : null,
    EMBED_HREF,
  );
  const count = (text: string) => shown.text.split(text).length - 1;
  return {
    ...shown,
    cards: cards.filter((c) => c !== null),
    paragraphCounts: SEED.paragraphs.map(count),
    fallbackShown: shown.text.includes('Tweet not loading'),
  };
}

/** The article whole (each paragraph once), the block hidden behind exactly one card standing beside it. */
async function expectRepaired(p: TestPage, after = P(3)) {
  await expect.poll(async () => (await look(p)).cards.map((c) => [c.beside, c.previous])).toEqual([[true, after]]);
  const state = await look(p);
  expect(state.paragraphCounts).toEqual(SEED.paragraphs.map(() => 1));
  expect(state.blocks).toBe(1);
  expect(state.shownBlocks).toBe(0);
  expect(state.fallbackShown).toBe(false);
}

/** No block on the page: no card either, and the article whole. */
async function expectNoEmbed(p: TestPage, route: 'article' | 'other' = 'article') {
  await waitForCards(p, 0);
  const state = await look(p);
  expect(state.blocks).toBe(0);
  if (route === 'article') expect(state.paragraphCounts).toEqual(SEED.paragraphs.map(() => 1));
  else expect(state.text).toContain(OTHER_TEXT);
}

async function expectNoError(p: TestPage) {
  expect(p.errors()).toEqual([]);
  expect(await p.evaluate(() => (window as unknown as Global).app.errors)).toEqual([]);
}

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (browserName) => {
  const fixture = useBrowser(browserName, {
    extraFiles: Object.fromEntries(
      FRAMEWORKS.flatMap((f) => [
        [`/${f}.html`, async () => (await serve(f)()).replace('__SSR__', '')],
        [`/${f}-ssr.html`, async () => (await serve(f)()).replace('__SSR__', ssr)],
        [`/${f}-article.js`, () => bundleForBrowser(`tests/e2e/bundles/${f}-article.ts`)],
      ]),
    ),
  });
  const open = (framework: Framework, mode: Mode) =>
    fixture.openPage(`${mode === 'client' ? framework : `${framework}-ssr`}.html?mode=${mode}`);

  describe.each(FRAMEWORKS)('%s', (framework) => {
    it('after the repair the app re-renders, moves, replaces, unmounts and remounts the block, changes route and comes back, and unmounts: no error, one card', async () => {
      const p = await open(framework, 'client');
      await waitForCards(p, 1);
      await expectRepaired(p);

      await app(p, 'set', { tick: 1 }); // a re-render with the same content
      await expectRepaired(p);
      await app(p, 'set', { embedAt: 9 }); // the block moves (keyed): after the tenth paragraph
      await expectRepaired(p, P(10));
      await app(p, 'set', { embedKey: 2 }); // rendered again as a new node
      await expectRepaired(p, P(10));
      await app(p, 'set', { embedAt: null }); // unmounted
      await expectNoEmbed(p);
      await app(p, 'set', { embedAt: 2 }); // mounted again where it was
      await expectRepaired(p);
      await app(p, 'navigate', 'other'); // another route, without the article
      await expectNoEmbed(p, 'other');
      await app(p, 'back'); // and back
      await expectRepaired(p);
      await app(p, 'unmount'); // the whole app goes
      await waitForCards(p, 0);
      expect(await p.evaluate(() => document.getElementById('root')?.childNodes.length)).toBe(0);
      await expectNoError(p);
      expect(await p.evaluate(() => (window as unknown as Global).app.recoverable)).toEqual([]);
      await p.close();
    });

    it('hydrates server markup before the card mounts: then repaired, and the app keeps working', async () => {
      const p = await open(framework, 'hydrate-now');
      await waitForCards(p, 1);
      await expectRepaired(p);
      await app(p, 'set', { embedAt: 9 });
      await expectRepaired(p, P(10));
      await app(p, 'set', { embedAt: null });
      await expectNoEmbed(p);
      await app(p, 'set', { embedAt: 2 });
      await expectRepaired(p);
      await expectNoError(p);
      await p.close();
    });

    it('hydrates server markup after the card mounted: one card, nothing lost, the app keeps working', async () => {
      const p = await open(framework, 'hydrate-later');
      await waitForCards(p, 1);
      await expectRepaired(p);
      await app(p, 'hydrate');
      // React reports the card's node as a mismatch (onRecoverableError) and renders the root again:
      // the card goes with the old nodes and comes back beside the new block.
      await expectRepaired(p);
      await app(p, 'set', { embedAt: 9 });
      await expectRepaired(p, P(10));
      await app(p, 'set', { embedAt: null });
      await expectNoEmbed(p);
      await app(p, 'set', { embedAt: 2 });
      await expectRepaired(p);
      await expectNoError(p);
      expect((await readCards(p)).map((card) => card.mode)).toEqual(['closed']);
      await p.close();
    });
  });
});
