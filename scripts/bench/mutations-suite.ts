/**
 * Mutations: what the content script costs a page that keeps changing.
 *
 * - An infinite-scroll feed appends 10,000 elements in 100 batches: the
 *   renderer main thread's busy time (CDP Performance.getMetrics
 *   TaskDuration) from the first batch until the content script has settled
 *   (its grace period included), Tweet Mender against the no-op extension.
 * - A page that changes every frame for 10 s: the share of the main thread
 *   spent in the content script (DevTools CPU profile, samples with a
 *   content-script frame on the stack), overall and in its worst second.
 */
import type { Page } from 'puppeteer-core';
import { launchWith, metrics, sleep, type BenchBrowser } from './lib/browser';
import {
  contentScriptUrls,
  profileContentScript,
  scriptShare,
  startProfiler,
  stopProfiler,
  type ScriptShare,
} from './lib/profile';
import { heavyOptions } from './lib/options';
import {
  buildExtension,
  buildReadableExtension,
  EXTENSION_DIR,
  FLOOR_COUNTS,
  FLOOR_DIR,
  NOOP_DIR,
  servePages,
} from './lib/setup';
import { compare, differenceInterval, formatNumber, median, single } from './lib/stats';
import { check } from './lib/proof';
import { watchContentScript } from './lib/watch';
import type { BenchOptions, Figure, SuiteResult } from './types';

type Variant = 'ext' | 'noop' | 'floor';
const DIRS: Record<Variant, () => string> = { ext: () => EXTENSION_DIR, noop: () => NOOP_DIR, floor: () => FLOOR_DIR };
/** The three extensions in turns, each round starting one further: ext noop floor, noop floor ext, … */
const VARIANTS: Variant[] = ['ext', 'noop', 'floor'];
const inTurn = (round: number): Variant[] => VARIANTS.map((_, i) => VARIANTS[(round + i) % VARIANTS.length]!);

interface FloorCounts {
  records: number;
  callbacks: number;
}

/**
 * What the floor extension's content script counted on this page so far, read from its isolated
 * world over the DevTools protocol (the page cannot see it); null when no world of the page holds
 * the counts (the floor did not run).
 */
async function readFloorCounts(page: Page): Promise<FloorCounts | null> {
  const cdp = await page.createCDPSession();
  const contexts: number[] = [];
  cdp.on('Runtime.executionContextCreated', (event: { context: { id: number; auxData?: { type?: string } } }) => {
    if (event.context.auxData?.type === 'isolated') contexts.push(event.context.id);
  });
  try {
    // Runtime.enable reports every context that exists already.
    await cdp.send('Runtime.enable');
    for (const contextId of contexts) {
      const { result } = await cdp.send('Runtime.evaluate', {
        expression: `JSON.stringify(globalThis.${FLOOR_COUNTS} ?? null)`,
        contextId,
        returnByValue: true,
      });
      const counts = typeof result.value === 'string' ? (JSON.parse(result.value) as FloorCounts | null) : null;
      if (counts) return counts;
    }
    return null;
  } finally {
    await cdp.detach();
  }
}
type Bench = typeof globalThis & { __bench: { start(...args: number[]): Promise<number> } };

/** The content script waits this long before calling a pending embed broken (grace-periods.ts GRACE_PERIOD_MS). */
const GRACE_MS = 2500;

async function feedSample(page: Page, url: string, batches: number, settleMs: number) {
  await page.goto(url, { waitUntil: 'load' });
  await sleep(300);
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  const before = await metrics(cdp);
  const elements = await page.evaluate((n: number) => (globalThis as Bench).__bench.start(n, 100, 16), batches);
  // Until the content script has looked again at the embeds still pending after the grace period.
  await sleep(settleMs);
  const after = await metrics(cdp);
  await cdp.detach();
  const delta = (key: string) => ((after[key] ?? 0) - (before[key] ?? 0)) * 1000;
  return { task: delta('TaskDuration'), script: delta('ScriptDuration'), elements };
}

async function churnSample(session: BenchBrowser, page: Page, url: string, durationMs: number) {
  await page.goto(url, { waitUntil: 'load' });
  await sleep(500);
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  await startProfiler(cdp);
  const before = await metrics(cdp);
  const changes = await page.evaluate((ms: number) => (globalThis as Bench).__bench.start(ms), durationMs);
  const after = await metrics(cdp);
  const profile = await stopProfiler(cdp);
  await cdp.detach();
  const share = scriptShare(profile, contentScriptUrls(session));
  const wall = (after.Timestamp! - before.Timestamp!) * 1000;
  const delta = (key: string) => ((after[key] ?? Number.NaN) - (before[key] ?? Number.NaN)) * 1000;
  return {
    share,
    changes,
    wall,
    /** ms of the renderer's main thread: all of it (TaskDuration), and in scripts (ScriptDuration). */
    task: delta('TaskDuration'),
    script: delta('ScriptDuration'),
    busy: (100 * delta('TaskDuration')) / wall,
  };
}

/**
 * Issue 12's measure of the constant-mutation page: what Tweet Mender adds to the page's script
 * time and busy time, as a share of the time measured (median Tweet Mender − median no-op, over
 * the median wall time). "+537 ms (5.4%)" of extra script time over 10 s was the figure before;
 * the goal is ≤ 2%. The interval is a bootstrap of the difference of medians.
 */
function extraOverNoop(
  churn: Record<'ext' | 'noop', { wall: number; task: number; script: number }[]>,
  churnMs: number,
) {
  const figures: Figure[] = [];
  const wall = median([...churn.ext, ...churn.noop].map((c) => c.wall));
  for (const [key, metric, what] of [
    ['script', 'ScriptDuration', 'script time'],
    ['task', 'TaskDuration', 'main-thread busy time'],
  ] as const) {
    const ext = churn.ext.map((c) => c[key]);
    const noop = churn.noop.map((c) => c[key]);
    const base = compare({
      name: `constant mutation (${churnMs / 1000} s): ${what}`,
      unit: 'ms',
      measured: ext,
      baseline: { name: 'no-op extension', samples: noop },
      note: `${metric} (CDP Performance.getMetrics) over the run: the page's and the content script's`,
    });
    const extra = median(ext) - median(noop);
    const interval = differenceInterval(ext, noop);
    const share = (ms: number) => (100 * ms) / wall;
    figures.push(
      base,
      single({
        name: `constant mutation: extra ${what}, Tweet Mender − no-op, share of the ${formatNumber(wall / 1000)} s`,
        unit: '%',
        value: share(extra),
        // Issue 12's goal is set on the script time; the busy time is shown beside it, to see what it leaves out.
        goal: key === 'script' ? { text: '≤ 2% (issue 12)', maxValue: 2 } : undefined,
        note:
          `${extra >= 0 ? '+' : ''}${formatNumber(extra)} ms (median Tweet Mender − median no-op, ` +
          `${churn.ext.length} + ${churn.noop.length} runs)` +
          (interval
            ? `; 95% bootstrap interval ${share(interval[0]).toFixed(2)}–${share(interval[1]).toFixed(2)}%`
            : ''),
      }),
    );
  }
  return figures;
}

export default async function mutationsSuite({ quick }: BenchOptions): Promise<SuiteResult> {
  await buildExtension();
  const pages = await servePages(heavyOptions(quick));
  const rounds = quick ? 1 : 6;
  const perLaunch = quick ? 1 : 2;
  const settleMs = quick ? 500 : GRACE_MS + 700;
  const churnMs = quick ? 1000 : 10_000;
  /** 100 batches of 100 elements (the feed); --quick appends a quarter of it. */
  const batches = quick ? 25 : 100;
  const churnRounds = quick ? 1 : 3;

  const feed: Record<Variant, { task: number; script: number; elements: number }[]> = { ext: [], noop: [], floor: [] };
  const churn: Record<'ext' | 'noop', Awaited<ReturnType<typeof churnSample>>[]> = { ext: [], noop: [] };
  /** Mutation records the floor's observer received per feed sample (its proof of running). */
  const floorRecords: number[] = [];
  /** Page loads the content script reported on (Chrome's document ids), over all launches. */
  const proven = new Set<string>();
  for (let round = 0; round < Math.max(rounds, churnRounds); round++) {
    for (const variant of inTurn(round)) {
      // The floor is measured in the feed only.
      if (variant === 'floor' && round >= rounds) continue;
      const session = await launchWith(DIRS[variant]());
      // A watch that cannot start must still close the browser, or the run hangs on it.
      const watch = await watchContentScript(session).catch(async (error: unknown) => {
        await session.close();
        throw error;
      });
      /** After a sample, outside what it measured: the content script ran on that load and found what the page holds. */
      const prove = async (url: string, embeds: number, what: string) => {
        if (variant !== 'ext') return;
        const load = await watch.waitForReport(url, (s) => s.found === embeds, `${what}: ${embeds} embeds found`, {
          except: proven,
        });
        proven.add(load.documentId);
      };
      try {
        const page = await session.newPage();
        if (round < rounds) {
          for (let i = 0; i < perLaunch; i++) {
            feed[variant].push(await feedSample(page, pages.feed, batches, settleMs));
            // One embed per batch.
            await prove(pages.feed, batches, `feed ${i + 1}`);
            if (variant === 'floor') {
              // Outside the measured window: the floor's observer saw every batch the page appended.
              const counts = await readFloorCounts(page);
              check(
                counts && counts.records >= batches && counts.callbacks > 0,
                `floor extension, feed ${i + 1}: its observer counted ${JSON.stringify(counts)} (did it run?)`,
              );
              floorRecords.push(counts.records);
            }
          }
        }
        if (round < churnRounds && variant !== 'floor') {
          const sample = await churnSample(session, page, pages.churn, churnMs);
          churn[variant].push(sample);
          // The article's two embeds; and its profile has samples of the content script.
          await prove(pages.churn, 2, 'constant mutation');
          if (variant === 'ext') {
            check(
              sample.share.scriptMs > 0,
              'constant mutation: no profile sample of the content script (did it run? does its URL match?)',
            );
          }
        }
        if (variant !== 'ext') watch.expectNone(`${variant} extension`);
      } finally {
        await watch.close();
        await session.close();
      }
    }
  }

  // Where the content script's time goes in the feed: one profiled run of the readable build.
  // Skipped by --quick, to stay under a minute.
  let feedProfile: ScriptShare | null = null;
  const readable = quick ? null : await launchWith(await buildReadableExtension());
  if (readable) {
    try {
      const page = await readable.newPage();
      await page.goto(pages.feed, { waitUntil: 'load' });
      await sleep(300);
      feedProfile = await profileContentScript(readable, page, async () => {
        await page.evaluate((n: number) => (globalThis as Bench).__bench.start(n, 100, 16), batches);
        await sleep(settleMs);
      });
      check(feedProfile.scriptMs > 0, 'profiled feed: no sample of the content script (did it run?)');
    } finally {
      await readable.close();
    }
  }

  const extShares = churn.ext.map((c) => (100 * c.share.scriptMs) / c.share.wallMs);
  const worstSeconds = churn.ext.map((c) => Math.max(...c.share.perSecond));
  const figures: Figure[] = [
    compare({
      name: `infinite feed (${formatNumber(batches * 100)} elements in ${batches} batches): main-thread time`,
      unit: 'ms',
      measured: feed.ext.map((s) => s.task),
      baseline: { name: 'no-op extension', samples: feed.noop.map((s) => s.task) },
      goal: { text: '≤ 1.05× no-op', maxRatio: 1.05 },
      note:
        `renderer main thread busy (TaskDuration) from the first batch to ${formatNumber(settleMs)} ms after the last; ` +
        `${formatNumber(median(feed.ext.map((s) => s.elements)))} elements at the end` +
        (feedProfile
          ? `. Profile (readable build, one run): content script ${formatNumber(feedProfile.scriptMs)} ms; heaviest: ${feedProfile.top}`
          : ''),
    }),
    compare({
      name: 'infinite feed: the floor (an extension whose content script only observes, as the engine does): main-thread time',
      unit: 'ms',
      measured: feed.floor.map((s) => s.task),
      baseline: { name: 'no-op extension', samples: feed.noop.map((s) => s.task) },
      note:
        `the no-op extension with a first stage that observes the document with the engine's options ` +
        `(src/content/page-watcher.ts OBSERVE) and only counts the records: what no content script watching the page ` +
        `can avoid; its observer counted ${formatNumber(median(floorRecords))} records per feed (median), read from its isolated world`,
    }),
    compare({
      name: 'infinite feed: Tweet Mender over the floor: main-thread time',
      unit: 'ms',
      measured: feed.ext.map((s) => s.task),
      baseline: { name: 'floor extension', samples: feed.floor.map((s) => s.task) },
      note: "the engine's own work in the feed, beyond watching the page",
    }),
    compare({
      name: 'infinite feed: script time',
      unit: 'ms',
      measured: feed.ext.map((s) => s.script),
      baseline: { name: 'no-op extension', samples: feed.noop.map((s) => s.script) },
      note: "ScriptDuration: the page's script and the content script's",
    }),
    compare({
      name: `constant mutation (${churnMs / 1000} s): content script share of the main thread`,
      unit: '%',
      measured: extShares,
      goal: { text: '≤ 3%', maxValue: 3 },
      note: `samples with a content-script frame on the stack ÷ wall time; heaviest content-script functions (last run): ${churn.ext.at(-1)?.share.top || 'none'}`,
    }),
    compare({
      name: 'constant mutation: content script share in its worst second',
      unit: '%',
      measured: worstSeconds,
      goal: { text: '≤ 5% in every second', maxValue: 5 },
    }),
    ...extraOverNoop(churn, churnMs),
    compare({
      name: 'constant mutation: main thread busy (all work)',
      unit: '%',
      measured: churn.ext.map((c) => c.busy),
      baseline: { name: 'no-op extension', samples: churn.noop.map((c) => c.busy) },
      note: `TaskDuration ÷ wall time; ${formatNumber(median(churn.ext.map((c) => c.changes)))} DOM changes per run`,
    }),
  ];
  return {
    suite: 'mutations',
    title: 'Mutations',
    method:
      `Headless Chromium, fresh browser and profile per launch, Tweet Mender, the no-op extension and (in the feed) the floor extension taking turns. ` +
      `Feed: a page appends 10,000 elements in 100 batches 16 ms apart (10 items of 10 elements per batch, one a tweet ` +
      `embed in one of three forms); the renderer's main-thread time (CDP Performance.getMetrics TaskDuration) is ` +
      `measured from the first batch until ${formatNumber(settleMs)} ms after the last, so that the content script's ` +
      `grace-period follow-up is included (${feed.ext.length} samples per extension, ${perLaunch} per launch). ` +
      `A third extension, the floor, takes its turn in the feed: the no-op extension whose content script observes the ` +
      `document with the engine's MutationObserver options and only counts the records, in its isolated world; after ` +
      `each of its samples the benchmark reads those counts over the DevTools protocol and fails the run unless its ` +
      `observer saw at least one record per batch. ` +
      `Constant mutation: a page updates a ticker, toggles classes, adds and drops live-blog entries and swaps a ` +
      `carousel slide every 16 ms for ${churnMs / 1000} s, under the DevTools CPU profiler (250 µs sampling); ` +
      `a sample counts for the content script when a frame of the content script (the manifest's first stage chrome-extension://…/content-script.js, or the engine it brings in, content-engine.js) is on its stack ` +
      `(so the DOM calls it makes count too) (${churn.ext.length} runs per extension). Proof that Tweet Mender ran: ` +
      `after every sample its content script has reported to the background, on its own, that it found the page's ` +
      `embeds (${batches} in the feed, one per batch; 2 beside the changing parts), every constant-mutation profile ` +
      `has samples of it, and the no-op and floor launches receive no message (${proven.size} page loads proven).`,
    figures,
  };
}
