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

/** The page's main thread, cut to its window, with each stack's category worked out. */
interface PageThread {
  thread: GeckoThread;
  /** The window in the process's time, ms. */
  start: number;
  end: number;
  /** Each sample's time, in the process's time. */
  times: number[];
  /** Whether each stack is busy: its innermost frame with a category has one other than "Idle". */
  stackIsBusy: boolean[];
  offsetMs: number;
}

/**
 * Finds the main thread of the process showing the page at `url` (loaded once in the profiled
 * session, as a tab's top-level document) and checks that the profile's clock agrees with the
 * page's and that its samples cover the window: fails the run when the page's process is not in
 * the profile, when the profile's load event of that document is more than 50 ms from the page's
 * own, or when the process's samples do not reach from before the load event to the end of the window.
 */
function findPageThread(profile: GeckoProfile, url: string, window: PageLoadWindow): PageThread {
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

  // Each stack's category: its innermost frame's that has one.
  const frames = thread.frameTable;
  const fCategory = column(frames, 'category');
  const frameCategory = frames.data.map((f) => (f[fCategory] as number | null | undefined) ?? null);
  const stackCategory: (number | null)[] = [];
  forEachStack(thread, (frame, prefix) => {
    stackCategory.push(frameCategory[frame] ?? (prefix === null ? null : stackCategory[prefix]!));
  });

  const [start, end] = [window.timeOrigin - base, window.timeOrigin + window.end - base];
  const times = thread.samples.data.map((row) => row[column(thread.samples, 'time')] as number);
  check(
    times.length > 0 && times[0]! <= (loadMarker[mStart] as number) && times.at(-1)! >= end,
    `Gecko profile: the samples of ${url}'s process do not cover its load and window`,
  );
  return { thread, start, end, times, stackIsBusy: stackCategory.map((c) => c !== idle), offsetMs };
}

/** Calls `visit` with each row of the thread's stack table in order (a prefix before the stacks that extend it). */
function forEachStack(thread: GeckoThread, visit: (frame: number, prefix: number | null) => void): void {
  const stacks = thread.stackTable;
  const [sPrefix, sFrame] = [column(stacks, 'prefix'), column(stacks, 'frame')];
  stacks.data.forEach((row, i) => {
    const prefix = row[sPrefix] as number | null;
    // The format lists a prefix before the stacks that extend it.
    check(prefix === null || prefix < i, 'Gecko profile: a stack listed before its prefix');
    visit(row[sFrame] as number, prefix);
  });
}

/**
 * Calls `visit` with each busy sample of the window: its stack and the time it stands for (until
 * the next sample, as in the Chromium profiles, profile.ts). Returns every sample of the window's count.
 */
function forEachBusySample(
  cut: PageThread,
  visit: (stack: number, ms: number, row: unknown[]) => void,
  visitAny: (row: unknown[]) => void = () => {},
): void {
  const samples = cut.thread.samples;
  const cStack = column(samples, 'stack');
  const { times, start, end } = cut;
  for (let i = 0; i < samples.data.length; i++) {
    const at = times[i]!;
    if (at < start || at >= end) continue;
    const ms = Math.min(times[i + 1] ?? end, end) - at;
    const row = samples.data[i]!;
    visitAny(row);
    const stack = row[cStack] as number | null;
    if (stack === null || !cut.stackIsBusy[stack]) continue;
    visit(stack, ms, row);
  }
}

/** Whether each frame of the thread is one of the extension's (its location names the extension's origin). */
function extensionFrames(thread: GeckoThread, extensionOrigin: string): boolean[] {
  const fLocation = column(thread.frameTable, 'location');
  return thread.frameTable.data.map((f) => thread.stringTable[f[fLocation] as number]!.includes(extensionOrigin));
}

/**
 * The main-thread time of the page at `url` (loaded once in the profiled session, as a tab's
 * top-level document) between navigation start and `window.end`, with the checks of findPageThread.
 */
export function measurePageMainThread(
  profile: GeckoProfile,
  url: string,
  window: PageLoadWindow,
  extensionOrigin: string,
): MainThreadTime {
  const cut = findPageThread(profile, url, window);
  const { thread } = cut;
  // Whether the extension is on each stack.
  const frameIsExtension = extensionFrames(thread, extensionOrigin);
  const stackIsExtension: boolean[] = [];
  forEachStack(thread, (frame, prefix) => {
    stackIsExtension.push(frameIsExtension[frame]! || (prefix !== null && stackIsExtension[prefix]!));
  });

  const samples = thread.samples;
  const cCpu = samples.schema.threadCPUDelta;
  const cpuUnit = profile.meta.sampleUnits?.threadCPUDelta;
  const cpuScale = cpuUnit === 'ns' ? 1e-6 : cpuUnit === 'µs' ? 1e-3 : Number.NaN;
  check(cCpu !== undefined && !Number.isNaN(cpuScale), `Gecko profile: no CPU time in ns or µs (${cpuUnit})`);
  const result: MainThreadTime = {
    busyMs: 0,
    extensionMs: 0,
    cpuMs: 0,
    samples: 0,
    busySamples: 0,
    extensionSamples: 0,
    offsetMs: cut.offsetMs,
  };
  forEachBusySample(
    cut,
    (stack, ms) => {
      result.busySamples++;
      result.busyMs += ms;
      if (stackIsExtension[stack]) {
        result.extensionSamples++;
        result.extensionMs += ms;
      }
    },
    (row) => {
      result.samples++;
      result.cpuMs += ((row[cCpu] as number | null) ?? 0) * cpuScale;
    },
  );
  return result;
}

/** Where the extension's share of a page's main-thread time goes, by function: ms per name. */
export interface ExtensionFunctions {
  /**
   * By what was running: the innermost named frame called from the extension's code, i.e. one of its
   * own functions running its own code ("scanForEmbeds content-engine.js:2135"), or what that code
   * called, named after the function that called it ("querySelectorAll blockquote ← queryHooks"): a
   * DOM call through the content script's Xray wrappers, a builtin, a GC. Native frames (bare
   * addresses: the profile is not symbolicated) are skipped for the innermost named frame above them.
   */
  self: Record<string, number>;
  /** By the extension's own innermost function: its own code and every call out of the extension it makes. */
  own: Record<string, number>;
  /** By every function of the extension on the stack (each counted once per sample, recursion or not). */
  inclusive: Record<string, number>;
  /** The busy time with the extension on the stack, ms (the sum of `own`). */
  totalMs: number;
  samples: number;
}

/** A bare code address: a native frame the profile does not name (it is written unsymbolicated). */
const ADDRESS = /^0x[0-9a-f]+$/i;
/** A JavaScript frame's location: "name (url:line:column)", then Firefox's "[source id]". */
const JS_FRAME = /^(.*) \((\S+):(\d+):\d+\)(?:\[\d+\])?$/;

/**
 * A frame's name for the report: a JavaScript function as its name and its script's path and line
 * inside the extension ("scanForEmbeds content-engine.js:2135"), or its name and the script's last
 * path segment elsewhere ("next self-hosted"); a script's top level as its path; a label ("get
 * HTMLCollection.length", "querySelectorAll blockquote", "Minor GC") as it is.
 */
export function nameGeckoFrame(location: string, extensionOrigin: string): string {
  const js = JS_FRAME.exec(location);
  if (js) {
    const [, name, url, line] = js as unknown as [string, string, string, string];
    return url.startsWith(`${extensionOrigin}/`)
      ? `${name} ${url.slice(extensionOrigin.length + 1)}:${line}`
      : `${name} ${url.split('/').at(-1)!}`;
  }
  const bare = location.replace(/\[\d+\]$/, '');
  return bare.startsWith(`${extensionOrigin}/`) ? `(top level) ${bare.slice(extensionOrigin.length + 1)}` : bare;
}

/**
 * The extension's busy time on the page's main thread in the window, by function (the same window,
 * the same busy samples and the same checks as measurePageMainThread). Names mean something only in
 * a profile of a build that is not minified (setup.ts buildReadableFirefoxExtension).
 */
export function measureExtensionFunctions(
  profile: GeckoProfile,
  url: string,
  window: PageLoadWindow,
  extensionOrigin: string,
): ExtensionFunctions {
  const cut = findPageThread(profile, url, window);
  const { thread } = cut;
  const fLocation = column(thread.frameTable, 'location');
  const frameIsExtension = extensionFrames(thread, extensionOrigin);
  const frameName = thread.frameTable.data.map((f) => {
    const location = thread.stringTable[f[fLocation] as number]!;
    return ADDRESS.test(location) ? null : nameGeckoFrame(location, extensionOrigin);
  });
  // For each stack: the extension's innermost function on it, the innermost named frame called
  // from it (null while that function runs its own code), and every extension function on it.
  const own: (string | null)[] = [];
  const leaf: (string | null)[] = [];
  const onStack: (readonly string[])[] = [];
  const none: readonly string[] = [];
  forEachStack(thread, (frame, prefix) => {
    const name = frameName[frame] ?? null;
    if (frameIsExtension[frame]) {
      own.push(name);
      leaf.push(null);
      const below = prefix === null ? none : onStack[prefix]!;
      onStack.push(name === null || below.includes(name) ? below : [...below, name]);
    } else {
      const caller = prefix === null ? null : own[prefix]!;
      own.push(caller);
      // Inside the extension's call, the innermost frame with a name; outside it, nothing.
      leaf.push(caller === null ? null : (name ?? (prefix === null ? null : leaf[prefix]!)));
      onStack.push(prefix === null ? none : onStack[prefix]!);
    }
  });
  const result: ExtensionFunctions = { self: {}, own: {}, inclusive: {}, totalMs: 0, samples: 0 };
  const add = (table: Record<string, number>, key: string, ms: number) => {
    table[key] = (table[key] ?? 0) + ms;
  };
  forEachBusySample(cut, (stack, ms) => {
    const fn = own[stack];
    if (fn === null || fn === undefined) return;
    result.samples++;
    result.totalMs += ms;
    add(result.own, fn, ms);
    const called = leaf[stack];
    add(result.self, called ? `${called} ← ${fn.replace(/ \S+$/, '')}` : fn, ms);
    for (const name of onStack[stack]!) add(result.inclusive, name, ms);
  });
  return result;
}
