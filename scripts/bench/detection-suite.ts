/**
 * Detection: one full scan of the heavy page against one native
 * querySelectorAll('a[href]') pass over it, timed in the page, interleaved;
 * then one counted scan (what it touches) and a CPU profile of a few scans
 * (where the time goes).
 */
import type { Page } from 'puppeteer-core';
import { bundleScanner } from './lib/bundle';
import { launchWith, sleep } from './lib/browser';
import { profileTop } from './lib/profile';
import { buildExtension, NOOP_DIR, servePages, type BenchPages } from './lib/setup';
import { compare, formatNumber, median, single } from './lib/stats';
import { heavyOptions } from './lib/options';
import { check } from './lib/proof';
import type { ScanCounts } from './page/scanner-entry';
import type { BenchOptions, Figure, SuiteResult } from './types';

interface ScannerApi {
  scan(): number;
  nativeLinks(): number;
  hookQueries(): number;
  combinedQuery(): number;
  countedScan(): ScanCounts;
  selectorCosts(iterations: number): { name: string; selector: string; ms: number }[];
  learnAll(): number;
}
type WithScanner = typeof globalThis & { __tmScanner: ScannerApi };

/** Times each function `iterations` times in the page, in turns, each call after a change to the document. */
async function timeInPage(
  page: Page,
  iterations: number,
): Promise<{ scan: number[]; native: number[]; hooks: number[]; combined: number[]; found: number[] }> {
  return page.evaluate(async (n: number) => {
    const api = (globalThis as WithScanner).__tmScanner;
    const fns = { scan: api.scan, native: api.nativeLinks, hooks: api.hookQueries, combined: api.combinedQuery };
    const out: Record<keyof typeof fns, number[]> = { scan: [], native: [], hooks: [], combined: [] };
    /** What each timed scan found: a scan that found nothing would be quick. */
    const found: number[] = [];
    const names = Object.keys(fns) as (keyof typeof fns)[];
    for (let i = -3; i < n; i++) {
      // Rotate the order so that none always runs right after another's garbage.
      const order = names.map((_, k) => names[(i + 3 + k) % names.length]!);
      for (const name of order) {
        // A change to the document, as between any two scans of a real page: Blink caches what its live
        // collections (getElementsBy…, document.links) found until the document changes, so without it a
        // function that reads one would be timed against a cache only the bench has.
        const marker = document.createElement('span');
        document.body.append(marker);
        marker.remove();
        const start = performance.now();
        const result = fns[name]();
        const ms = performance.now() - start;
        if (i >= 0) out[name].push(ms);
        if (name === 'scan') found.push(result);
        await new Promise((done) => setTimeout(done, 5));
      }
    }
    return { ...out, found };
  }, iterations);
}

/**
 * The scans measured did the work: every one found the embeds the page was
 * generated with, the counted one with the statuses they were generated with,
 * through one query of the document, reading text and handing candidates to
 * detectors. A scan that does nothing (all zero) fails here, not in a table.
 */
function checkScans(found: number[], counts: ScanCounts, stats: BenchPages['heavyStats']): void {
  const wrong = found.filter((n) => n !== stats.embeds);
  check(wrong.length === 0, `detection: a timed scan found ${wrong[0]} embeds, the page has ${stats.embeds}`);
  const expected = { broken: stats.brokenAtOnce, pending: stats.pending, rendered: stats.rendered };
  const statuses = JSON.stringify(counts.statuses, Object.keys(expected).sort());
  check(
    counts.found === stats.embeds && statuses === JSON.stringify(expected, Object.keys(expected).sort()),
    `detection: the counted scan found ${counts.found} embeds ${statuses}, the page has ${stats.embeds} ${JSON.stringify(expected)}`,
  );
  check(
    counts.documentQueries >= 1 && counts.documentQueries <= counts.hooks,
    `detection: ${counts.documentQueries} document traversals, not one per hook (${counts.hooks}) at most`,
  );
  check(
    counts.candidates >= stats.embeds,
    `detection: only ${counts.candidates} candidates for ${stats.embeds} embeds`,
  );
  check(counts.textRead > 0, 'detection: the scan read no text (the "Loading Tweet" blocks are judged by theirs)');
  check(
    counts.fullTextReads === 0,
    `detection: the scan read the whole document's text ${counts.fullTextReads} times (a full-text walk)`,
  );
}

/**
 * Learning as you read over the heavy page, timed against the native pass in turns. Proof: every
 * timed read found as many tweets as the page has blockquotes of embed code with text, counted in
 * the page with plain DOM calls (distinct status ids), not with the extractor.
 */
async function timeLearning(
  page: Page,
  iterations: number,
): Promise<{ learn: number[]; native: number[]; expected: number }> {
  const result = await page.evaluate(async (n: number) => {
    const api = (globalThis as WithScanner).__tmScanner;
    const ids = new Set<string>();
    for (const b of document.querySelectorAll('blockquote.twitter-tweet, blockquote.twitter-video')) {
      const id = /\/status\/(\d+)/.exec([...b.querySelectorAll('a')].pop()?.getAttribute('href') ?? '')?.[1];
      if (id && b.querySelector('p')?.textContent?.trim()) ids.add(id);
    }
    const out = { learn: [] as number[], native: [] as number[], read: [] as number[] };
    for (let i = -3; i < n; i++) {
      for (const name of i % 2 ? (['learn', 'native'] as const) : (['native', 'learn'] as const)) {
        // A change to the document before each call, as for the scans (timeInPage).
        const marker = document.createElement('span');
        document.body.append(marker);
        marker.remove();
        const start = performance.now();
        const count = name === 'learn' ? api.learnAll() : api.nativeLinks();
        const ms = performance.now() - start;
        if (i >= 0) out[name].push(ms);
        if (name === 'learn') out.read.push(count);
        await new Promise((done) => setTimeout(done, 5));
      }
    }
    return { ...out, expected: ids.size };
  }, iterations);
  check(result.expected > 0, 'detection: the heavy page has no blockquote with text to learn from');
  const wrong = result.read.filter((count) => count !== result.expected);
  check(
    wrong.length === 0,
    `detection: learning read ${wrong[0]} tweets, the page's embed code holds ${result.expected}`,
  );
  return result;
}

export default async function detectionSuite({ quick }: BenchOptions): Promise<SuiteResult> {
  await buildExtension();
  const pages = await servePages(heavyOptions(quick));
  const [minified, readable] = await Promise.all([bundleScanner(true), bundleScanner(false)]);
  const session = await launchWith(NOOP_DIR);
  const figures: Figure[] = [];
  try {
    const page = await session.newPage();
    await page.goto(pages.heavy, { waitUntil: 'load' });
    await page.addScriptTag({ content: minified });
    const iterations = quick ? 5 : 40;
    const times = await timeInPage(page, iterations);
    const counts = await page.evaluate(() => (globalThis as WithScanner).__tmScanner.countedScan());
    checkScans(times.found, counts, pages.heavyStats);
    const costs = await page.evaluate(
      (n: number) => (globalThis as WithScanner).__tmScanner.selectorCosts(n),
      quick ? 3 : 15,
    );
    const selectorCount = (selector: string) => selector.split(',').length;
    const learning = await timeLearning(page, iterations);

    // Where a scan's time goes: the readable bundle keeps function names.
    await page.reload({ waitUntil: 'load' });
    await page.addScriptTag({ content: readable });
    await sleep(200);
    const top = await profileTop(page, async () => {
      await page.evaluate(
        (n: number) => {
          for (let i = 0; i < n; i++) (globalThis as WithScanner).__tmScanner.scan();
        },
        quick ? 2 : 10,
      );
    });

    figures.push(
      compare({
        name: 'one full scan of the heavy page (scanForEmbeds)',
        unit: 'ms',
        measured: times.scan,
        baseline: { name: "querySelectorAll('a[href]')", samples: times.native },
        goal: { text: '≤ 2× native pass', maxRatio: 2 },
        note: `profile of the scan (self time, readable bundle): ${top}`,
      }),
      compare({
        name: "the scan's hook queries alone (each hook and the scripts, merged in document order)",
        unit: 'ms',
        measured: times.hooks,
        baseline: { name: "querySelectorAll('a[href]')", samples: times.native },
        note: `the part of a scan no detector code can avoid: ${costs.length - 1} queries, src/embeds/scan.ts queryHooks()`,
      }),
      compare({
        name: 'the same hooks as one selector list (what a scan queried before)',
        unit: 'ms',
        measured: times.combined,
        baseline: { name: "querySelectorAll('a[href]')", samples: times.native },
        note:
          `${costs.length - 1} selectors. ` +
          'Each alone (ms per pass): ' +
          costs
            .slice(0, -1)
            .map((c) => `${c.name} ${formatNumber(c.ms)}`)
            .join(', ') +
          `; the detectors' own ${selectorCount(costs.at(-1)?.selector ?? '')} selectors joined (what a scan queried before): ` +
          `${formatNumber(costs.at(-1)?.ms ?? 0)}`,
      }),
      single({
        name: 'detector calls per candidate element (most-visited element)',
        unit: 'count',
        value: counts.maxDetectsPerElement,
        goal: { text: '≤ 1 (each node looked at once)', maxValue: 1 },
        note:
          `${formatNumber(counts.candidates)} candidates of ${formatNumber(counts.elements)} elements; ` +
          `${counts.found} embeds found, ${pages.heavyStats.embeds} on the page (${counts.statuses.broken ?? 0} broken, ` +
          `${counts.statuses.pending ?? 0} pending, ${counts.statuses.rendered ?? 0} rendered, as generated); ` +
          `${formatNumber(counts.domCalls)} DOM query/matches calls by the detectors`,
      }),
      single({
        name: 'whole-document traversals per scan',
        unit: 'count',
        value: counts.documentQueries,
        baseline: { name: 'hooks of the scan (scripts included)', value: counts.hooks },
        goal: { text: `≤ ${counts.hooks}: each hook queried once, alone`, maxValue: counts.hooks },
        note:
          'querySelector(All)/getElementsBy… on the document, <html> or <body>; a selector list costs Blink more ' +
          'than its parts queried one by one, so a scan of the whole document queries each hook alone',
      }),
      single({
        name: 'largest single text read (textContent) per scan',
        unit: 'count',
        value: counts.largestTextRead,
        baseline: { name: "the document's text (characters)", value: counts.documentText },
        goal: { text: 'no full-text walk: no read of <body>, none over 1% of the text', maxRatio: 0.01 },
        note: `reads of the whole document: ${counts.fullTextReads}; all reads together ${formatNumber(counts.textRead)} characters (${formatNumber((100 * counts.textRead) / counts.documentText)}% of the text, over ${formatNumber(counts.candidates)} candidates)`,
      }),
    );
    if (counts.fullTextReads > 0) figures[figures.length - 1]!.met = false;
    const perEmbed = (ms: number) => (1000 * ms) / learning.expected;
    figures.push(
      compare({
        name: 'learning as you read (learning on): every tweet of the heavy page read, per embed read',
        unit: 'µs',
        measured: learning.learn.map(perEmbed),
        baseline: { name: "querySelectorAll('a[href]'), per embed read", samples: learning.native.map(perEmbed) },
        note:
          `${learning.expected} tweets read from the page's embed code (the generated blockquotes that keep their text), ` +
          `in ${formatNumber(median(learning.learn))} ms for the page; with learning off, or on a page without ` +
          'embeds, none of it runs (docs/learning.md, "What it costs")',
      }),
    );
  } finally {
    await session.close();
  }
  return {
    suite: 'detection',
    title: 'Detection',
    method:
      `The heavy page (${formatNumber(pages.heavyStats.elements)} elements, ${formatNumber(pages.heavyStats.links)} links, ` +
      `${pages.heavyStats.embeds} embeds of mixed forms, ${pages.heavyStats.broken} of them broken) is loaded in headless Chromium ` +
      `(no-op extension). A bench-only bundle of src/embeds/scan.ts (built with Vite, minified like the content script) is injected ` +
      'into the page, and one full `scanForEmbeds(document)` is timed with performance.now() against one native ' +
      "`document.querySelectorAll('a[href]')`, against the scan's own hook queries (each hook alone, merged in document " +
      'order: `queryHooks()`) and against the same hooks as one selector list, rotating the order each ' +
      `iteration (${quick ? 5 : 40} iterations after 3 warm-up rounds). Before every timed call an element is added to ` +
      'the page and removed, as pages change between two scans: Blink keeps what its live collections ' +
      '(getElementsBy…, document.links) found until the document changes, and a repeated call on an unchanged page ' +
      'would time that cache. A separate, untimed scan wraps the DOM entry points ' +
      '(detect(), querySelector*, getElementsBy*, matches, closest, textContent) to count what a scan touches; a CPU ' +
      'profile (DevTools Profiler, unminified bundle) of repeated scans shows where the time goes. Proof that the ' +
      'scans did the work: every timed scan must find the page’s embeds, as many as the page was generated with, and ' +
      'the counted scan the same embeds with the statuses they were generated with (broken at once, pending until the ' +
      'grace period is over, rendered), querying the document at most once per hook, reading text but never the ' +
      'whole document’s; otherwise the run fails. ' +
      'Learning as you read: the page reader of src/learning/learn-from-page.ts (every tweet of the embed code and of ' +
      'static cards, without the per-page cap) is timed against the native pass in turns, per tweet read; every timed ' +
      'read must find as many tweets as the page has blockquotes of embed code with text (counted in the page with ' +
      'plain DOM calls, not with the extractor).',
    figures,
  };
}
