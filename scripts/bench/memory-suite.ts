/**
 * Memory: the background's heap before and after it has answered lookups
 * (the packaged archive's shards are parsed and kept for the worker's
 * lifetime), and the page's heap on the heavy page, each against the no-op
 * extension in the same run.
 */
import type { Page } from 'puppeteer-core';
import { heapAfterGc, launchWith, metrics, sleep } from './lib/browser';
import { heavyOptions } from './lib/options';
import { buildExtension, EXTENSION_DIR, NOOP_DIR, servePages } from './lib/setup';
import { compare, interleaved } from './lib/stats';
import { watchContentScript } from './lib/watch';
import type { BenchOptions, SuiteResult } from './types';

type Variant = 'ext' | 'noop';
const GRACE_MS = 2500;
const MiB = 2 ** 20;

export default async function memorySuite({ quick }: BenchOptions): Promise<SuiteResult> {
  await buildExtension();
  const pages = await servePages(heavyOptions(quick));
  const rounds = quick ? 1 : 4;
  const settleMs = quick ? 500 : GRACE_MS + 1000;
  const bg: Record<Variant, { before: number[]; after: number[] }> = {
    ext: { before: [], after: [] },
    noop: { before: [], after: [] },
  };
  const pageHeap: Record<Variant, number[]> = { ext: [], noop: [] };
  const domNodes: Record<Variant, number[]> = { ext: [], noop: [] };

  for (let round = 0; round < rounds; round++) {
    for (const variant of interleaved<Variant>(round, 'ext', 'noop')) {
      const session = await launchWith(variant === 'ext' ? EXTENSION_DIR : NOOP_DIR);
      // Listening in the worker before its heap is first read, in both variants alike.
      // A watch that cannot start must still close the browser, or the run hangs on it.
      const watch = await watchContentScript(session).catch(async (error: unknown) => {
        await session.close();
        throw error;
      });
      try {
        const worker = await (await session.worker()).createCDPSession();
        bg[variant].before.push(await heapAfterGc(worker));
        const page: Page = await session.newPage();
        // Lookups: the demo page (an archived article, repaired) and the heavy page (its broken embeds, none archived).
        await page.goto(pages.demo, { waitUntil: 'load' });
        // The repair, reported by the content script, proves the lookups ran.
        if (variant === 'ext') await watch.waitForReport(pages.demo, (s) => s.repaired === 1, 'the demo page repaired');
        else await sleep(settleMs);
        if (!quick) {
          await page.goto(pages.heavy, { waitUntil: 'load' });
          await sleep(settleMs);
          if (variant === 'ext') {
            const { embeds, broken } = pages.heavyStats;
            await watch.waitForReport(
              pages.heavy,
              (s) => s.found === embeds && s.broken === broken,
              `heavy page: ${embeds} embeds found, ${broken} broken after the grace period`,
            );
          }
        }
        if (variant === 'noop') watch.expectNone('no-op extension');
        bg[variant].after.push(await heapAfterGc(worker));
        const cdp = await page.createCDPSession();
        await cdp.send('Performance.enable');
        pageHeap[variant].push(await heapAfterGc(cdp));
        domNodes[variant].push((await metrics(cdp)).Nodes ?? 0);
        await cdp.detach();
        await worker.detach();
      } finally {
        await watch.close();
        await session.close();
      }
    }
  }

  const mib = (values: number[]) => values.map((v) => v / MiB);
  return {
    suite: 'memory',
    title: 'Memory',
    method:
      'Headless Chromium, fresh browser and profile per launch, Tweet Mender and the no-op extension taking turns ' +
      `(${rounds} launches each). Heaps are V8's used heap (Runtime.getHeapUsage) after two forced garbage ` +
      "collections (HeapProfiler.collectGarbage), read over DevTools sessions on the extension's service worker and on " +
      'the page. "After lookups": once the demo page (archived, repaired) and the heavy page (its broken embeds ' +
      `looked up after the grace period) have been open ${settleMs} ms. The page heap is the renderer isolate's, ` +
      "so it includes the content script's isolated world. Proof that Tweet Mender ran: in each of its launches the " +
      'content script reports to the background, on its own, the demo page repaired' +
      (quick
        ? ''
        : ` and the heavy page's ${pages.heavyStats.embeds} embeds found, ${pages.heavyStats.broken} broken`) +
      '; the no-op launches receive no message.',
    figures: [
      compare({
        name: 'background heap at start',
        unit: 'MiB',
        measured: mib(bg.ext.before),
        baseline: { name: 'no-op service worker', samples: mib(bg.noop.before) },
      }),
      compare({
        name: 'background heap after lookups (packaged archive read)',
        unit: 'MiB',
        measured: mib(bg.ext.after),
        baseline: { name: 'no-op service worker', samples: mib(bg.noop.after) },
      }),
      compare({
        name: `${quick ? 'demo' : 'heavy'} page: page heap`,
        unit: 'MiB',
        measured: mib(pageHeap.ext),
        baseline: { name: 'no-op extension', samples: mib(pageHeap.noop) },
        note: `DOM nodes: ${Math.round(domNodes.ext[0] ?? 0)} with Tweet Mender, ${Math.round(domNodes.noop[0] ?? 0)} with the no-op extension`,
      }),
    ],
  };
}
