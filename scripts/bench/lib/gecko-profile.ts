/**
 * Reading a Gecko profile (the JSON Firefox writes at shutdown with MOZ_PROFILER_SHUTDOWN): the
 * main thread of the content process that showed one page, cut to one window of that page's life.
 *
 * The format, as read here (docs/performance.md, "Firefox main-thread time"):
 * the parent process's profile holds its threads and, in `processes`, one profile per child
 * process, each with its own `meta.startTime` (ms since the epoch) to which its threads' sample and
 * marker times are relative. A thread's samples are rows of its `samples.schema` (stack, time,
 * threadCPUDelta…); a stack is a (prefix, frame) row of `stackTable`; a frame's row of `frameTable`
 * names its location (an index into the thread's `stringTable`: a JavaScript frame's script URL is
 * in it) and its category (an index into `meta.categories`: "Idle", "JavaScript", "Layout"…). Each
 * process's `pages` maps the inner window ids of its documents to their URLs.
 */
import { readFileSync } from 'node:fs';
import { check } from './proof';

interface Table {
  schema: Record<string, number>;
  data: unknown[][];
}

interface GeckoThread {
  name: string;
  processType: string;
  pid: number | string;
  samples: Table;
  markers: Table;
  stackTable: Table;
  frameTable: Table;
  stringTable: string[];
}

interface GeckoPage {
  innerWindowID: number;
  url: string;
  /** 0 for a tab's top-level document. */
  embedderInnerWindowID: number;
}

export interface GeckoProfile {
  meta: {
    startTime: number;
    interval: number;
    categories: { name: string }[];
    sampleUnits?: { threadCPUDelta?: string };
  };
  threads: GeckoThread[];
  pages?: GeckoPage[];
  processes?: GeckoProfile[];
}

/** Reads the profile Firefox wrote; the caller drops it as soon as it is read (tens of MB). */
export function readGeckoProfile(file: string): GeckoProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    check(false, `no Gecko profile at ${file}: Firefox did not write one at shutdown (MOZ_PROFILER_SHUTDOWN)`);
  }
  return JSON.parse(text) as GeckoProfile;
}

/** One page load, in the page's own clock: `performance.timeOrigin` (ms since the epoch) and ms since it. */
export interface PageLoadWindow {
  /** performance.timeOrigin: navigation start, ms since the epoch. */
  timeOrigin: number;
  /** PerformanceNavigationTiming.loadEventStart, ms since timeOrigin. */
  load: number;
  /** The end of the window, ms since timeOrigin. */
  end: number;
}

export interface MainThreadTime {
  /** Main-thread time in the window whose stack is not idle, ms (each sample stands for the time to the next). */
  busyMs: number;
  /** Of it, time with a frame of the extension (its moz-extension:// origin) on the stack, ms. */
  extensionMs: number;
  /** CPU time the main thread used in the window (the profiler's threadCPUDelta), ms. */
  cpuMs: number;
  samples: number;
  busySamples: number;
  extensionSamples: number;
  /** The profile's load event of the page minus the page's own (timeOrigin + load), ms: how well the clocks agree. */
  offsetMs: number;
}

/** How far the profile's load event may be from the page's own before the two clocks are called unaligned. */
const MAX_OFFSET_MS = 50;

function column(table: Table, name: string): number {
  const index = table.schema[name];
  check(index !== undefined, `Gecko profile: no "${name}" column in ${JSON.stringify(table.schema)}`);
  return index;
}

/** Every process profile in the tree: the parent's and its children's. */
function allProcesses(profile: GeckoProfile): GeckoProfile[] {
  return [profile, ...(profile.processes ?? []).flatMap(allProcesses)];
}

/**
 * The main-thread time of the page at `url` (loaded once in the profiled session, as a tab's
 * top-level document) between navigation start and `window.end`. Fails the run when the page's
 * process is not in the profile, when the profile's load event of that document is more than
 * 50 ms from the page's own (the two clocks would not be aligned), or when the process's samples
 * do not reach from before the load event to the end of the window.
 */
export function measurePageMainThread(
  profile: GeckoProfile,
  url: string,
  window: PageLoadWindow,
  extensionOrigin: string,
): MainThreadTime {
  const categories = profile.meta.categories.map((c) => c.name);
  const idle = categories.indexOf('Idle');
  check(idle >= 0, `Gecko profile: no "Idle" category in ${categories.join(', ')}`);
  // The page's process: the one whose documents include the page as a top-level document.
  const found = allProcesses(profile).flatMap((process) =>
    (process.pages ?? [])
      .filter((page) => page.url === url && page.embedderInnerWindowID === 0)
      .map((page) => ({ process, windowId: page.innerWindowID })),
  );
  check(found.length === 1, `Gecko profile: ${found.length} top-level documents of ${url} (expected 1)`);
  const { process, windowId } = found[0]!;
  const thread = process.threads.find((t) => t.name === 'GeckoMain');
  check(thread, `Gecko profile: the process showing ${url} has no GeckoMain thread`);
  check(thread.processType === 'tab', `Gecko profile: ${url} is in a "${thread.processType}" process, not a tab's`);
  check(
    thread.stringTable.some((s) => s.includes(url)),
    `Gecko profile: the main thread of the process showing ${url} never names it`,
  );
  const base = process.meta.startTime;

  // The clocks: the page's load event (timeOrigin + loadEventStart) against the profile's marker
  // of that very document's load event, both in ms since the epoch. The marker is the Navigation
  // "Load" one (its start; the end comes in a row of its own): the DOMEvent "load" markers of the
  // window also include the load of the initial about:blank document the window starts with,
  // ~200 ms before the page's on the page without embeds.
  const markers = thread.markers;
  const [mName, mStart, mData] = [column(markers, 'name'), column(markers, 'startTime'), column(markers, 'data')];
  const loadMarkers = markers.data.filter((row) => {
    const data = row[mData] as { category?: string; innerWindowID?: number } | null;
    return (
      thread.stringTable[row[mName] as number] === 'Load' &&
      data?.category === 'Navigation' &&
      data.innerWindowID === windowId &&
      (row[mStart] as number) > 0
    );
  });
  check(loadMarkers.length === 1, `Gecko profile: ${loadMarkers.length} load markers for ${url} (expected 1)`);
  const loadMarker = loadMarkers[0]!;
  const offsetMs = base + (loadMarker[mStart] as number) - (window.timeOrigin + window.load);
  check(
    Math.abs(offsetMs) <= MAX_OFFSET_MS,
    `Gecko profile: its load event of ${url} is ${offsetMs.toFixed(1)} ms from the page's own ` +
      `(more than ${MAX_OFFSET_MS} ms): the profile's clock and the page's are not aligned`,
  );

  // Each stack's category (its innermost frame's that has one) and whether the extension is on it.
  const strings = thread.stringTable;
  const frames = thread.frameTable;
  const [fLocation, fCategory] = [column(frames, 'location'), column(frames, 'category')];
  const frameCategory = frames.data.map((f) => f[fCategory] as number | null);
  const frameIsExtension = frames.data.map((f) => strings[f[fLocation] as number]!.includes(extensionOrigin));
  const stacks = thread.stackTable;
  const [sPrefix, sFrame] = [column(stacks, 'prefix'), column(stacks, 'frame')];
  const stackCategory: (number | null)[] = [];
  const stackIsExtension: boolean[] = [];
  stacks.data.forEach((row, i) => {
    const prefix = row[sPrefix] as number | null;
    const frame = row[sFrame] as number;
    // The format lists a prefix before the stacks that extend it.
    check(prefix === null || prefix < i, 'Gecko profile: a stack listed before its prefix');
    stackCategory.push(frameCategory[frame] ?? (prefix === null ? null : stackCategory[prefix]!));
    stackIsExtension.push(frameIsExtension[frame]! || (prefix !== null && stackIsExtension[prefix]!));
  });

  const samples = thread.samples;
  const [cStack, cTime] = [column(samples, 'stack'), column(samples, 'time')];
  const cCpu = samples.schema.threadCPUDelta;
  const cpuUnit = profile.meta.sampleUnits?.threadCPUDelta;
  const cpuScale = cpuUnit === 'ns' ? 1e-6 : cpuUnit === 'µs' ? 1e-3 : Number.NaN;
  check(cCpu !== undefined && !Number.isNaN(cpuScale), `Gecko profile: no CPU time in ns or µs (${cpuUnit})`);
  const [start, end] = [window.timeOrigin - base, window.timeOrigin + window.end - base];
  const times = samples.data.map((row) => row[cTime] as number);
  check(
    times.length > 0 && times[0]! <= (loadMarker[mStart] as number) && times.at(-1)! >= end,
    `Gecko profile: the samples of ${url}'s process do not cover its load and window`,
  );
  const result: MainThreadTime = {
    busyMs: 0,
    extensionMs: 0,
    cpuMs: 0,
    samples: 0,
    busySamples: 0,
    extensionSamples: 0,
    offsetMs,
  };
  for (let i = 0; i < samples.data.length; i++) {
    const at = times[i]!;
    if (at < start || at >= end) continue;
    // A sample stands for the time until the next one, as in the Chromium profiles (profile.ts).
    const ms = Math.min(times[i + 1] ?? end, end) - at;
    const row = samples.data[i]!;
    result.samples++;
    result.cpuMs += ((row[cCpu] as number | null) ?? 0) * cpuScale;
    const stack = row[cStack] as number | null;
    if (stack === null || stackCategory[stack] === idle) continue;
    result.busySamples++;
    result.busyMs += ms;
    if (stackIsExtension[stack]) {
      result.extensionSamples++;
      result.extensionMs += ms;
    }
  }
  return result;
}
