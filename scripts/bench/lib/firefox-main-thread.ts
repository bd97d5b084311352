/**
 * Firefox's main-thread time on the heavy page, from a Gecko profile (Firefox has no Long Tasks
 * API and no Performance.getMetrics; docs/performance.md, "Firefox main-thread time").
 *
 * Firefox is launched with the profiler started by its environment (MOZ_PROFILER_STARTUP…) and
 * writes the profile of the whole session when it shuts down (MOZ_PROFILER_SHUTDOWN), so each
 * launch measures one page load: the demo page once unmeasured (as in the other load figures),
 * then the heavy page from a blank tab, left until its load event + the window, then the browser
 * is closed and the profile read (gecko-profile.ts): the main thread of the content process that
 * showed the page, from navigation start to load + window, in the page's own clock
 * (performance.timeOrigin) aligned with the profile's (its process's meta.startTime).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, type Session } from '../../../tests/e2e/harness/browsers';
import { sleep } from './browser';
import { loadOnce, proveLoad } from './firefox-load';
import {
  measureExtensionFunctions,
  measurePageMainThread,
  readGeckoProfile,
  type ExtensionFunctions,
  type GeckoProfile,
  type MainThreadTime,
  type PageLoadWindow,
} from './gecko-profile';
import type { LoadTiming } from './load-timing';
import { check } from './proof';
import { buildFirefoxExtension, buildReadableFirefoxExtension, FIREFOX_NOOP_DIR, type BenchPages } from './setup';
import { compare, formatNumber, interleaved, median } from './stats';
import type { Figure } from '../types';
import { scanForEmbeds } from '../../../src/embeds/scan';

type Variant = 'ext' | 'noop';

/**
 * The profiler's settings: JavaScript frames (their script URLs tell the extension's code apart)
 * and native stacks, each thread's CPU time, only the main threads (GeckoMain of every process),
 * a sample every 1 ms, and a buffer that holds a whole launch (10 M entries, ~80 MB).
 */
function profilerEnv(file: string): Record<string, string> {
  return {
    MOZ_PROFILER_STARTUP: '1',
    MOZ_PROFILER_STARTUP_FEATURES: 'js,stackwalk,cpu',
    MOZ_PROFILER_STARTUP_FILTERS: 'GeckoMain',
    MOZ_PROFILER_STARTUP_INTERVAL: '1',
    MOZ_PROFILER_STARTUP_ENTRIES: '10000000',
    MOZ_PROFILER_SHUTDOWN: file,
  };
}

/**
 * Launches Firefox with `env` added to its environment. The harness's launcher passes this
 * process's environment on to Firefox, so it is set for the launch only and put back after.
 */
async function launchWithEnv(env: Record<string, string>, extensionDir: string): Promise<Session> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await launch('firefox', { extensionDir });
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  }
}

type PageName = 'plain' | 'heavy';
/** Measured in this order in every launch: the common case first, then the heavy page. */
const PAGE_NAMES = ['plain', 'heavy'] as const;
/** What is read from a launch's profile for one page: its main-thread time, or the extension's functions. */
type ReadProfile<T> = (profile: GeckoProfile, url: string, window: PageLoadWindow, extensionOrigin: string) => T;

/**
 * One launch: each of `names` (the page without embeds, then the heavy page), each from a blank
 * tab and left until its load event + its window; then the browser is closed, and each page's
 * figures read by `read` from the launch's one profile, from its own navigation start to its load
 * + its window.
 */
async function profileOneLaunch<T>(
  variant: Variant,
  extensionDir: string,
  pages: BenchPages,
  windowMs: Record<PageName, number>,
  settleMs: number,
  names: readonly PageName[],
  read: ReadProfile<T>,
): Promise<Partial<Record<PageName, T>>> {
  const dir = mkdtempSync(join(tmpdir(), 'tweet-mender-gecko-'));
  const file = join(dir, 'profile.json');
  const urls: Record<PageName, string> = { plain: pages.plain, heavy: pages.heavy };
  try {
    const session = await launchWithEnv(profilerEnv(file), variant === 'ext' ? extensionDir : FIREFOX_NOOP_DIR);
    const timings = new Map<PageName, LoadTiming>();
    try {
      const page = await session.newPage();
      // One of the extension's own pages, to ask the engine in the measured tab for its report (as the popup does).
      const helper = await session.openExtensionPage('popup.html?tab=none');
      // The measured tab in front: a background tab's timers and paints are held back.
      await page.bringToFront();
      // One unmeasured load first, as in the other load figures (the content process's start-up, fonts, caches).
      await page.goto(pages.demo);
      for (const name of names) {
        await page.goto('about:blank');
        await sleep(settleMs);
        const timing = await loadOnce(page, urls[name]);
        timings.set(name, timing);
        const now = await page.evaluate(() => performance.now());
        await sleep(Math.max(0, timing.load + windowMs[name] - now) + 50);
        // Proof, after the window (the profile is cut before it), as in the Firefox load figures.
        const what = `Firefox profiled ${name} page load (${variant === 'ext' ? 'Tweet Mender' : 'no-op'})`;
        const embeds = name === 'heavy' ? pages.heavyStats.embeds : 0;
        await proveLoad({ variant, page, helper, url: urls[name], embeds, what });
      }
    } finally {
      // Firefox writes the profile as it shuts down.
      await session.close();
    }
    const profile = readGeckoProfile(file);
    const cut = (name: PageName): T => {
      const timing = timings.get(name)!;
      const window = { timeOrigin: timing.timeOrigin, load: timing.load, end: timing.load + windowMs[name] };
      return read(profile, urls[name], window, session.extensionOrigin);
    };
    return Object.fromEntries(names.map((name) => [name, cut(name)]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface FirefoxMainThreadRun {
  samples: Record<Variant, Record<PageName, MainThreadTime[]>>;
  windowMs: Record<PageName, number>;
  rounds: number;
  /** One Tweet Mender launch and no no-op one. */
  quick: boolean;
}

/** The profiled launches, Tweet Mender and the no-op taking turns, with the checks that make figures of them. */
export async function profileFirefoxMainThread({
  quick,
  pages,
}: {
  quick: boolean;
  pages: BenchPages;
}): Promise<FirefoxMainThreadRun> {
  const extensionDir = await buildFirefoxExtension();
  // 6 launches of ~20 s each per variant (the bootstrap interval needs 4), the windows of the
  // Chromium busy-time figures (load-suite.ts). --quick (CI, ~20 s for all of this at most): one
  // Tweet Mender launch, no no-op one (a launch takes 10–14 s on a shared machine), with shorter
  // windows (the first stage looks ≤ 300 ms after load; the engine's first scan follows the load event).
  const rounds = quick ? 1 : 6;
  const windowMs: Record<PageName, number> = quick ? { plain: 500, heavy: 1000 } : { plain: 1500, heavy: 7000 };
  /** The blank tab's rest before each measured load, for the previous page's teardown. */
  const settleMs = quick ? 250 : 500;
  const samples: Record<Variant, Record<PageName, MainThreadTime[]>> = {
    ext: { plain: [], heavy: [] },
    noop: { plain: [], heavy: [] },
  };
  for (let round = 0; round < rounds; round++) {
    for (const variant of quick ? (['ext'] as const) : interleaved<Variant>(round, 'ext', 'noop')) {
      const launched = await profileOneLaunch(
        variant,
        extensionDir,
        pages,
        windowMs,
        settleMs,
        PAGE_NAMES,
        measurePageMainThread,
      );
      for (const name of PAGE_NAMES) {
        const time = launched[name]!;
        const what = `Firefox profile, ${name} page, ${variant === 'ext' ? 'Tweet Mender' : 'no-op'} launch ${round + 1}`;
        check(time.busySamples > 0, `${what}: no busy sample of the page's main thread`);
        if (variant === 'noop') {
          check(
            time.extensionSamples === 0,
            `${what}: ${time.extensionSamples} samples with the no-op extension's (empty) scripts on the stack`,
          );
        } else if (name === 'heavy') {
          check(time.extensionSamples > 0, `${what}: no sample with the extension's code on the stack`);
        }
        samples[variant][name].push(time);
      }
    }
  }
  return { samples, windowMs, rounds, quick };
}

/**
 * Where Tweet Mender's time goes in Firefox, by function: `launches` more profiled launches of the
 * readable (unminified) Firefox build, the same as the Tweet Mender launches above but with the
 * heavy page only, each load's extension samples aggregated by function (gecko-profile.ts
 * measureExtensionFunctions). Only for names: the readable build is never measured for cost.
 */
export async function profileFirefoxFunctions({
  pages,
  launches,
  windowMs = 7000,
  extensionDir,
}: {
  pages: BenchPages;
  launches: number;
  windowMs?: number;
  /** Another build to profile (a scratch variant); the readable build unless given. */
  extensionDir?: string;
}): Promise<ExtensionFunctions[]> {
  const dir = extensionDir ?? (await buildReadableFirefoxExtension());
  const loads: ExtensionFunctions[] = [];
  for (let i = 0; i < launches; i++) {
    const windows = { plain: 0, heavy: windowMs };
    const { heavy } = await profileOneLaunch('ext', dir, pages, windows, 500, ['heavy'], measureExtensionFunctions);
    const what = `Firefox profile by function (readable build), heavy page, launch ${i + 1}`;
    check(heavy && heavy.samples > 0, `${what}: no sample with the extension's code on the stack`);
    // The names were read, and are the source's: the scanner's entry point is among them.
    check(
      Object.keys(heavy.inclusive).some((name) => name.startsWith(`${scanForEmbeds.name} `)),
      `${what}: no frame named ${scanForEmbeds.name} (minified, or the frames' names not read)`,
    );
    loads.push(heavy);
  }
  return loads;
}

/** The `count` heaviest entries of one table of the loads, by their median over the loads (0 where absent). */
export function topFunctions(
  loads: readonly ExtensionFunctions[],
  table: 'self' | 'own' | 'inclusive',
  count: number,
): { name: string; ms: number }[] {
  const names = new Set(loads.flatMap((load) => Object.keys(load[table])));
  return [...names]
    .map((name) => ({ name, ms: median(loads.map((load) => load[table][name] ?? 0)) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
}

const listFunctions = (top: { name: string; ms: number }[]) =>
  top.map(({ name, ms }) => `${name} ${ms.toFixed(1)} ms`).join(', ');

export async function measureFirefoxMainThread(options: {
  quick: boolean;
  pages: BenchPages;
}): Promise<{ figures: Figure[]; method: string }> {
  const { samples, windowMs, rounds, quick } = await profileFirefoxMainThread(options);
  const { pages } = options;
  // By function: one more launch of the readable build (not in --quick, to stay short).
  const functions = quick ? [] : await profileFirefoxFunctions({ pages, launches: 1, windowMs: windowMs.heavy });
  const byFunction = functions.length
    ? `; by function (one launch of the readable build, ${formatNumber(median(functions.map((f) => f.totalMs)))} ` +
      `ms of its code): heaviest by what was running, ${listFunctions(topFunctions(functions, 'self', 8))}; ` +
      `inclusive, ${listFunctions(topFunctions(functions, 'inclusive', 8))}`
    : '';
  const labels: Record<PageName, string> = {
    plain: 'Firefox: page without embeds',
    heavy: `Firefox: heavy page (${formatNumber(pages.heavyStats.elements)} elements)`,
  };
  // --quick has no no-op launch: no baseline, no ratio.
  const noop = (values: readonly number[]) =>
    values.length ? { name: 'no-op extension (Firefox)', samples: values } : undefined;
  const noopNote = quick ? '--quick: no no-op launch' : 'the no-op extension has none in any launch (checked)';
  const figures: Figure[] = [];
  for (const name of PAGE_NAMES) {
    const pick = (variant: Variant, key: keyof MainThreadTime) => samples[variant][name].map((s) => s[key]);
    const until = `navigation to load + ${formatNumber(windowMs[name] / 1000)} s`;
    const shares = samples.ext[name].map((s) => (100 * s.extensionMs) / s.busyMs);
    const withCode = samples.ext[name].filter((s) => s.extensionSamples > 0).length;
    figures.push(
      compare({
        name: `${labels[name]}: main-thread busy time, ${until}`,
        unit: 'ms',
        measured: pick('ext', 'busyMs'),
        baseline: noop(pick('noop', 'busyMs')),
        // Judged against the no-op only when there is one (not in --quick).
        goal: quick ? undefined : { text: '≤ 1.03× no-op, with its interval', maxRatio: 1.03 },
        note:
          "Gecko profile of the page's content process, main thread: samples whose stack is not idle, each " +
          `counted for the time to the next (1 ms apart); ${formatNumber(median(pick('ext', 'busySamples')))} ` +
          'busy samples (median)',
      }),
      compare({
        name: `${labels[name]}: main-thread CPU time, ${until}`,
        unit: 'ms',
        measured: pick('ext', 'cpuMs'),
        baseline: noop(pick('noop', 'cpuMs')),
        note: "the same thread's CPU time in the same window (the profiler's threadCPUDelta), idle or not",
      }),
      compare({
        name: `${labels[name]}: of the busy time, with Tweet Mender's code on the stack`,
        unit: 'ms',
        measured: pick('ext', 'extensionMs'),
        note:
          `samples with a frame of the extension's moz-extension:// origin on the stack (the first stage, the ` +
          `engine, and what they call), in ${withCode} of ${samples.ext[name].length} launches; ` +
          `${median(shares).toFixed(1)}% of the busy time (median of the launches); ${noopNote}` +
          (name === 'heavy' ? byFunction : ''),
      }),
    );
  }
  const offsets = Object.values(samples).flatMap((byPage) =>
    Object.values(byPage).flatMap((times) => times.map((s) => Math.abs(s.offsetMs))),
  );
  const method =
    'Firefox main-thread time: ' +
    (quick
      ? 'one more launch of Firefox ESR, Tweet Mender only (--quick: no no-op launch), '
      : `${rounds * 2} more launches of Firefox ESR (Tweet Mender and the no-op taking turns), each `) +
    'with the Gecko profiler started from its environment (MOZ_PROFILER_STARTUP, features ' +
    'js, stackwalk and cpu, main threads only, a sample every 1 ms) and the profile written when the browser ' +
    'closes (MOZ_PROFILER_SHUTDOWN). Each launch loads the demo page once unmeasured, then the page without ' +
    `embeds and the heavy page once each from a blank tab, each left until ${formatNumber(windowMs.plain / 1000)} ` +
    `s and ${formatNumber(windowMs.heavy / 1000)} s after its load event, and closes. From the profile, for ` +
    'each page: the main thread of the content process whose documents include it, its samples from its ' +
    "navigation start to the end of its window (the page's performance.timeOrigin against the process's " +
    "meta.startTime; the run fails if the profile's load event of that document is more than 50 ms from the " +
    `page's own: at most ${formatNumber(Math.max(...offsets))} ms in this run); busy: a stack whose innermost ` +
    'categorised frame is not "Idle", each sample counted for the time to the next; the extension\'s: a frame ' +
    "of its moz-extension:// origin on the stack. The run fails unless each page's process is found and has " +
    'busy samples, every Tweet Mender launch has samples of its code on the heavy page and its engine reports ' +
    "that page's embeds after the window (on the page without embeds: no engine until an embed the benchmark " +
    'adds after the window brings it in), and no no-op launch has any sample of the extension or an engine that ' +
    'answers. Each profile (~20–40 MB) is read once and deleted.' +
    (quick
      ? ''
      : ' By function: one more launch of the readable (unminified) Firefox build, heavy page only, its samples ' +
        "with the extension's code on the stack counted by the innermost named frame called from that code (one " +
        'of its functions, or the DOM call, builtin or GC it made, named after its caller; native frames are ' +
        'unsymbolicated addresses and skipped) and by every function of the extension on the stack (inclusive); ' +
        `the run fails unless that launch has samples of its code and a frame named ${scanForEmbeds.name}.`);
  return { figures, method };
}
