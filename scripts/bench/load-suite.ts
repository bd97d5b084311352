/**
 * Page load: time to the load event and to first contentful paint, with
 * Tweet Mender and with the no-op extension, on the demo page and on the
 * heavy page. Each sample comes from a fresh browser and profile; the two
 * extensions take turns (A B, B A, …).
 */
import type { Page } from 'puppeteer-core';
import { launchWith, sleep } from './lib/browser';
import { profileContentScript, type ScriptShare } from './lib/profile';
import { check } from './lib/proof';
import { watchContentScript } from './lib/watch';
import { heavyOptions } from './lib/options';
import { buildExtension, buildReadableExtension, EXTENSION_DIR, NOOP_DIR, servePages } from './lib/setup';
import { compare, formatNumber, interleaved } from './lib/stats';
import type { BenchOptions, Figure, SuiteResult } from './types';

interface LoadTiming {
  /** ms from navigation start to the load event (loadEventStart). */
  load: number;
  /** ms to the end of the load event's handlers (loadEventEnd). */
  loadEnd: number;
  /** ms to first contentful paint. */
  fcp: number;
}

async function loadOnce(page: Page, url: string): Promise<LoadTiming> {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(
    () =>
      new Promise<LoadTiming>((done, fail) => {
        const deadline = performance.now() + 5000;
        const poll = () => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          if (nav && nav.loadEventEnd > 0 && fcp) {
            done({ load: nav.loadEventStart, loadEnd: nav.loadEventEnd, fcp: fcp.startTime });
          } else if (performance.now() > deadline) fail(new Error('no load or paint timing'));
          else setTimeout(poll, 20);
        };
        poll();
      }),
  );
}

type Variant = 'ext' | 'noop';
/** The content script waits this long before calling a pending embed broken (controller.ts GRACE_PERIOD_MS). */
const GRACE_MS = 2500;
type PageName = 'demo' | 'heavy';
type Samples = Record<Variant, Record<PageName, LoadTiming[]>>;

export default async function loadSuite({ quick }: BenchOptions): Promise<SuiteResult> {
  await buildExtension();
  const pages = await servePages(heavyOptions(quick));
  const rounds = quick ? 1 : 10;
  /** Loads per launch: the demo page loads in ~50 ms, the heavy page in seconds. */
  const perLaunch: Record<PageName, number> = quick ? { demo: 1, heavy: 1 } : { demo: 10, heavy: 2 };
  const samples: Samples = { ext: { demo: [], heavy: [] }, noop: { demo: [], heavy: [] } };
  const urls: Record<PageName, string> = { demo: pages.demo, heavy: pages.heavy };
  /** The embeds on each page, which the content script must report having found after each measured load. */
  const embeds: Record<PageName, number> = { demo: 1, heavy: pages.heavyStats.embeds };
  /** Page loads the content script reported on (Chrome's document ids), over all launches. */
  const proven = new Set<string>();

  for (let round = 0; round < rounds; round++) {
    for (const variant of interleaved<Variant>(round, 'ext', 'noop')) {
      const session = await launchWith(variant === 'ext' ? EXTENSION_DIR : NOOP_DIR);
      const watch = await watchContentScript(session);
      try {
        const page = await session.newPage();
        // One unmeasured load first: the first navigation of a fresh browser pays for the renderer's
        // start-up, fonts and code caches, which have nothing to do with the extension.
        await loadOnce(page, urls.demo);
        // This launch's extension works: the demo page's block is repaired (a card, reported to the badge).
        if (variant === 'ext') {
          const demo = await watch.waitForReport(urls.demo, (s) => s.repaired === 1, 'the demo page repaired');
          proven.add(demo.documentId);
        }
        let lastHeavy = '';
        for (const name of ['demo', 'heavy'] as const) {
          for (let i = 0; i < perLaunch[name]; i++) {
            // Start each load from a blank, settled tab: the previous page's teardown and the
            // content script's leftover timers must not run into the next measurement.
            await page.goto('about:blank');
            await sleep(name === 'heavy' ? 500 : 100);
            samples[variant][name].push(await loadOnce(page, urls[name]));
            if (variant !== 'ext') continue;
            // The content script ran on this very load, and found every embed of the page.
            const load = await watch.waitForReport(
              urls[name],
              (s) => s.found === embeds[name],
              `${name} page load ${i + 1}: ${embeds[name]} embeds found`,
              { except: proven },
            );
            proven.add(load.documentId);
            if (name === 'heavy') lastHeavy = load.documentId;
          }
        }
        if (variant === 'ext') {
          // Past the grace period, the last heavy load's broken embeds are all judged broken.
          await watch.waitForReport(
            urls.heavy,
            (s) => s.found === embeds.heavy && s.broken === pages.heavyStats.broken,
            `heavy page: ${pages.heavyStats.broken} broken embeds after the grace period`,
            { documentId: lastHeavy },
          );
        } else watch.expectNone('no-op extension');
      } finally {
        await watch.close();
        await session.close();
      }
    }
  }

  // Where the content script's time goes while the heavy page loads: one profiled load of the
  // readable (unminified) build, for function names. Not part of the figures above.
  // Skipped by --quick, to stay under a minute.
  let profiled: { share: ScriptShare; timing: LoadTiming } | null = null;
  const readable = quick ? null : await launchWith(await buildReadableExtension());
  if (readable) {
    try {
      const page = await readable.newPage();
      await loadOnce(page, urls.demo);
      await page.goto('about:blank');
      await sleep(500);
      let timing: LoadTiming | undefined;
      const share = await profileContentScript(readable, page, async () => {
        timing = await loadOnce(page, urls.heavy);
        await sleep(GRACE_MS + 1000);
      });
      check(share.scriptMs > 0, 'profiled load: no sample of the content script (did it run? does its URL match?)');
      profiled = { share, timing: timing! };
    } finally {
      await readable.close();
    }
  }

  const figures: Figure[] = [];
  const labels: Record<PageName, string> = {
    demo: 'demo page',
    heavy: `heavy page (${formatNumber(pages.heavyStats.elements)} elements, ${pages.heavyStats.embeds} embeds)`,
  };
  for (const name of ['demo', 'heavy'] as const) {
    const pick = (variant: Variant, key: keyof LoadTiming) => samples[variant][name].map((s) => s[key]);
    figures.push(
      compare({
        name: `${labels[name]}: load event`,
        unit: 'ms',
        measured: pick('ext', 'load'),
        baseline: { name: 'no-op extension', samples: pick('noop', 'load') },
        goal: { text: '≤ 1.03× no-op', maxRatio: 1.03 },
        note:
          name === 'heavy' && profiled
            ? `profile (readable build, one load, load event at ${formatNumber(profiled.timing.load)} ms): the content ` +
              `script took ${formatNumber(profiled.share.scriptMs)} ms of main thread from navigation to ` +
              `${formatNumber(GRACE_MS / 1000 + 1)} s after load; heaviest: ${profiled.share.top}`
            : undefined,
      }),
      compare({
        name: `${labels[name]}: first contentful paint`,
        unit: 'ms',
        measured: pick('ext', 'fcp'),
        baseline: { name: 'no-op extension', samples: pick('noop', 'fcp') },
        goal: { text: '≤ 1.03× no-op', maxRatio: 1.03 },
      }),
      compare({
        name: `${labels[name]}: load event handlers done`,
        unit: 'ms',
        measured: pick('ext', 'loadEnd'),
        baseline: { name: 'no-op extension', samples: pick('noop', 'loadEnd') },
        note: "includes the content script's own load listener",
      }),
    );
  }
  return {
    suite: 'load',
    title: 'Page load',
    method:
      `Headless Chromium, a fresh browser and profile per launch, ${rounds * 2} launches taking turns ` +
      `(Tweet Mender, no-op, no-op, Tweet Mender, …). Each launch loads the demo page once unmeasured, then ` +
      `${perLaunch.demo} measured time(s), then the heavy page ${perLaunch.heavy} time(s), each from a blank tab, ` +
      'from a local server with caching off. Times come from the page itself: ' +
      'PerformanceNavigationTiming.loadEventStart / loadEventEnd and the first-contentful-paint entry, in ms since ' +
      'navigation start. Proof that Tweet Mender ran: in each of its launches the demo page is repaired, and after ' +
      'every measured load (before the next) its content script reports to the background, on its own, that it found ' +
      `that page's embeds (1 on the demo page, ${pages.heavyStats.embeds} on the heavy page), and the last heavy load's ` +
      `${pages.heavyStats.broken} broken ones once the grace period is over; the no-op launches receive no message ` +
      `(${proven.size} page loads proven).`,
    figures,
  };
}
