/**
 * Page load in Firefox ESR: the load suite's Firefox section. The extension is built for
 * Firefox (`wxt build -b firefox`, MV2) and installed with puppeteer-core's
 * `browser.installExtension` by the end-to-end harness's launcher (tests/e2e/harness/browsers.ts,
 * same preferences: every non-local request to the recording proxy, Firefox's own background
 * services off); its no-op extension is derived from the Firefox build as Chrome's is from the
 * Chrome build (setup.ts). Load event and first contentful paint come from the page's own
 * `performance` entries, as in Chromium.
 *
 * Proof that Tweet Mender ran: Firefox has no DevTools session on the extension's background,
 * so after every measured load (outside what was timed) the benchmark asks, from one of the
 * extension's own pages, the engine in the measured tab for its report, as the popup does
 * ('get-report'): on the demo and heavy pages it must report the page's embeds (1, and every
 * embed of the heavy page); on the page without embeds no engine may answer (the first stage
 * found no hook and did not bring it in), and then a tweet embed the benchmark adds must bring it
 * in (the first stage of that very load ran and was watching). In the no-op extension's launches
 * no engine ever answers.
 */
import { launch, type TestPage } from '../../../tests/e2e/harness/browsers';
import { sleep } from './browser';
import { READ_LOAD_TIMING, type LoadTiming } from './load-timing';
import { check } from './proof';
import { buildFirefoxExtension, FIREFOX_NOOP_DIR, type BenchPages } from './setup';
import { compare, formatNumber, interleaved } from './stats';
import type { Figure } from '../types';

type Variant = 'ext' | 'noop';
const PAGE_NAMES = ['demo', 'plain', 'heavy'] as const;
type PageName = (typeof PAGE_NAMES)[number];

/** Loads `url` and reads its timings from the page (load-timing.ts, shared with the Chromium figures). */
export async function loadOnce(page: TestPage, url: string): Promise<LoadTiming> {
  await page.goto(url);
  return (await page.evaluateScript(READ_LOAD_TIMING)) as LoadTiming;
}

/** A hook the first stage looks for, added by the benchmark after a measurement: a tweet embed. */
function addTweetEmbed(): void {
  const quote = document.createElement('blockquote');
  quote.className = 'twitter-tweet';
  const link = quote.appendChild(document.createElement('a'));
  link.href = 'https://twitter.com/WSWS_Updates/status/1501707808009506816';
  link.textContent = 'March 9, 2022';
  document.body.append(quote);
}

type Api = {
  tabs: {
    query(query: object): Promise<{ id?: number; url?: string }[]>;
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
  };
};

/**
 * Run in one of the extension's own pages: the number of embeds the engine in the tab showing
 * `url` reports (the popup's own `get-report`, src/messages/protocol.ts), or null when no engine
 * answers there (only the first stage runs, or nothing of the extension).
 */
async function engineReport(url: string): Promise<number | null> {
  const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as Api;
  const tab = (await api.tabs.query({})).find((t) => t.url === url);
  if (tab?.id === undefined) throw new Error(`no tab shows ${url}`);
  try {
    const reply = (await api.tabs.sendMessage(tab.id, { type: 'get-report' })) as
      { ok?: boolean; value?: { embeds?: unknown[] } } | undefined;
    return reply?.ok === true ? (reply.value?.embeds?.length ?? 0) : null;
  } catch {
    return null; // nothing listens in that tab
  }
}

/**
 * Asks the engine in the tab showing `url`, from the extension page `helper`, until `want` accepts
 * its answer (the number of embeds it reports, or null when none answers), or fails the run after 15 s.
 */
async function waitForEngine(
  helper: TestPage,
  url: string,
  want: (embeds: number | null) => boolean,
  what: string,
): Promise<void> {
  let last: number | null = null;
  for (const deadline = performance.now() + 15_000; performance.now() < deadline; await sleep(100)) {
    last = await helper.evaluate(engineReport, url);
    if (want(last)) return;
  }
  check(false, `${what}, but ${last === null ? 'no engine answers' : `it reports ${last} embeds`}`);
}

/** Fails the run if an engine answers in the tab showing `url` (the no-op extension, or a page with no embed). */
async function expectNoEngine(helper: TestPage, url: string, what: string): Promise<void> {
  check((await helper.evaluate(engineReport, url)) === null, what);
}

/**
 * The proof for one measured load, asked after it (outside what is timed) from the extension page
 * `helper`: in the no-op's launches no engine answers; with Tweet Mender the engine reports the
 * page's `embeds`, or, on a page without embeds, none answers (the first stage found nothing and
 * did not bring it in) until a tweet embed added now brings it in (it ran there and is watching).
 */
export async function proveLoad({
  variant,
  page,
  helper,
  url,
  embeds,
  what,
}: {
  variant: 'ext' | 'noop';
  page: TestPage;
  helper: TestPage;
  url: string;
  embeds: number;
  what: string;
}): Promise<void> {
  if (variant === 'noop') return expectNoEngine(helper, url, `${what}: the no-op extension answered`);
  if (embeds > 0) {
    return waitForEngine(
      helper,
      url,
      (n) => n === embeds,
      `${what}: the engine must report the page's ${embeds} embeds`,
    );
  }
  await expectNoEngine(helper, url, `${what}: the engine was brought in`);
  await page.evaluate(addTweetEmbed);
  await waitForEngine(helper, url, (n) => n === 1, `${what}: an embed added after the load must bring the engine in`);
}

export async function measureFirefoxLoads({
  quick,
  pages,
}: {
  quick: boolean;
  pages: BenchPages;
}): Promise<{ figures: Figure[]; method: string }> {
  const extensionDir = await buildFirefoxExtension();
  const rounds = quick ? 1 : 4;
  const perLaunch: Record<PageName, number> = quick ? { demo: 1, plain: 1, heavy: 1 } : { demo: 4, plain: 4, heavy: 2 };
  const urls: Record<PageName, string> = { demo: pages.demo, plain: pages.plain, heavy: pages.heavy };
  const samples: Record<Variant, Record<PageName, LoadTiming[]>> = {
    ext: { demo: [], plain: [], heavy: [] },
    noop: { demo: [], plain: [], heavy: [] },
  };
  const embeds: Record<PageName, number> = { demo: 1, plain: 0, heavy: pages.heavyStats.embeds };
  let proven = 0;
  for (let round = 0; round < rounds; round++) {
    for (const variant of interleaved<Variant>(round, 'ext', 'noop')) {
      const session = await launch('firefox', { extensionDir: variant === 'ext' ? extensionDir : FIREFOX_NOOP_DIR });
      try {
        const page = await session.newPage();
        // One of the extension's own pages, to ask the engine in the measured tab for its report (as the popup does).
        const helper = await session.openExtensionPage('popup.html?tab=none');
        // The measured tab in front: a background tab's timers and paints are held back.
        await page.bringToFront();
        // One unmeasured load first, as in Chromium (the renderer's start-up, fonts, caches).
        await loadOnce(page, urls.demo);
        for (const name of PAGE_NAMES) {
          for (let i = 0; i < perLaunch[name]; i++) {
            await page.goto('about:blank');
            await sleep(name === 'heavy' ? 500 : 100);
            samples[variant][name].push(await loadOnce(page, urls[name]));
            const what = `Firefox, ${name} page load ${i + 1}`;
            // The first stage looks ≤ 300 ms after load: give it that before asking whether it brought the engine in.
            if (name === 'plain') await sleep(400);
            await proveLoad({ variant, page, helper, url: urls[name], embeds: embeds[name], what });
            if (variant === 'noop') continue;
            proven++;
          }
        }
      } finally {
        await session.close();
      }
    }
  }
  const labels: Record<PageName, string> = {
    demo: 'Firefox: demo page',
    plain: 'Firefox: page without embeds',
    heavy: `Firefox: heavy page (${formatNumber(pages.heavyStats.elements)} elements)`,
  };
  const figures: Figure[] = [];
  for (const name of PAGE_NAMES) {
    const pick = (variant: Variant, key: keyof LoadTiming) => samples[variant][name].map((s) => s[key]);
    for (const [key, what] of [
      ['load', 'load event'],
      ['fcp', 'first contentful paint'],
    ] as const) {
      figures.push(
        compare({
          name: `${labels[name]}: ${what}`,
          unit: 'ms',
          measured: pick('ext', key),
          baseline: { name: 'no-op extension (Firefox)', samples: pick('noop', key) },
          goal: { text: '≤ 1.03× no-op', maxRatio: 1.03 },
        }),
      );
    }
  }
  const method =
    `Firefox ESR (${rounds * 2} launches, headless, the extension built with \`wxt build -b firefox\` and ` +
    'installed with puppeteer-core, its no-op derived the same way): the demo page once unmeasured, then ' +
    `${perLaunch.demo}, ${perLaunch.plain} and ${perLaunch.heavy} measured loads of the demo page, the page ` +
    'without embeds and the heavy page, from a blank tab; load event and first contentful paint from the ' +
    "page's performance entries. Proof in Firefox: after every measured load the engine in the tab, asked for its " +
    "report as the popup asks, reports the page's embeds (demo and heavy pages); on the page without embeds no " +
    'engine answers until a tweet embed the benchmark adds brings it in; no engine ever answers in the no-op ' +
    `launches (${proven} loads proven).`;
  return { figures, method };
}
