/**
 * The benchmark's reading of a Gecko profile (scripts/bench/lib/gecko-profile.ts): which samples
 * of which process count as the page's busy time and as the extension's, and that a profile whose
 * clock or process does not match the page stops the run instead of giving a figure. The profile
 * here is written by hand in the format Firefox writes (docs/performance.md, "Firefox main-thread
 * time"); the expected times are counted by hand from it.
 */
import { describe, expect, it } from 'vitest';
import {
  measureExtensionFunctions,
  measurePageMainThread,
  nameGeckoFrame,
  type GeckoProfile,
} from '../../scripts/bench/lib/gecko-profile';
import { BenchCheckError } from '../../scripts/bench/lib/proof';

const PAGE = 'http://127.0.0.1:8000/heavy.html';
const EXTENSION = 'moz-extension://6f1c9a52-5b7e-4c1e-9d2a-0c8f6d4b1e11';
/** The content process's profiler start, ms since the epoch; the parent's is 900 ms earlier, as in real profiles. */
const CHILD_START = 1_800_000_000_000;

/** Samples 1 ms apart from 90 to 230 (process time): stack 0 (idle) unless listed. */
function sampleRows(busy: Record<number, number>): unknown[][] {
  const rows: unknown[][] = [];
  for (let at = 90; at <= 230; at++) rows.push([busy[at] ?? 0, at, 500_000]);
  return rows;
}

function profile(busy: Record<number, number>, url = PAGE): GeckoProfile {
  const strings = [
    'Load',
    'DOMEvent',
    'epoll_wait',
    'layoutPage (http://127.0.0.1:8000/page.js:1:10)',
    `scan (${EXTENSION}/content-scripts/content.js:1:200)`,
    'nsINode::QuerySelectorAll',
    url,
  ];
  return {
    meta: {
      startTime: CHILD_START - 900,
      interval: 1,
      categories: [{ name: 'Idle' }, { name: 'Other' }, { name: 'JavaScript' }],
      sampleUnits: { threadCPUDelta: 'ns' },
    },
    threads: [],
    processes: [
      {
        meta: { startTime: CHILD_START, interval: 1, categories: [] },
        pages: [{ innerWindowID: 7, url, embedderInnerWindowID: 0 }],
        threads: [
          {
            name: 'GeckoMain',
            processType: 'tab',
            pid: 42,
            stringTable: strings,
            // Frames: 0 idle wait, 1 the page's script, 2 the extension's script, 3 a native call with no category.
            frameTable: {
              schema: { location: 0, category: 1 },
              data: [
                [2, 0],
                [3, 2],
                [4, 2],
                [5, null],
              ],
            },
            // Stacks: 0 idle; 1 page; 2 page → extension; 3 page → extension → native (JavaScript, inherited).
            stackTable: {
              schema: { prefix: 0, frame: 1 },
              data: [
                [null, 0],
                [null, 1],
                [1, 2],
                [2, 3],
              ],
            },
            samples: { schema: { stack: 0, time: 1, threadCPUDelta: 2 }, data: sampleRows(busy) },
            markers: {
              schema: { name: 0, startTime: 1, endTime: 2, phase: 3, data: 4 },
              data: [
                // The initial about:blank document's load event in the same window: not the page's.
                [1, 105, 0, 2, { type: 'DOMEvent', eventType: 'load', target: 'document', innerWindowID: 7 }],
                [0, 200, 0, 2, { type: 'tracing', category: 'Navigation', innerWindowID: 7 }],
                [0, 0, 202, 3, { type: 'tracing', category: 'Navigation', innerWindowID: 7 }],
              ],
            },
          },
        ],
      },
    ],
  };
}

/** Navigation start at process time 100, load event at 200, window to 220 (load + 20 ms). */
const WINDOW = { timeOrigin: CHILD_START + 100, load: 100, end: 120 };

describe('measurePageMainThread', () => {
  it("counts the page process's non-idle samples in the window, and those with the extension on the stack", () => {
    // 95 and 220 are outside the window; 101 the page's; 102 and 103 the extension's (103 through a native frame).
    const time = measurePageMainThread(profile({ 95: 1, 101: 1, 102: 2, 103: 3, 220: 2 }), PAGE, WINDOW, EXTENSION);
    expect(time.busySamples).toBe(3);
    expect(time.busyMs).toBeCloseTo(3);
    expect(time.extensionSamples).toBe(2);
    expect(time.extensionMs).toBeCloseTo(2);
    expect(time.samples).toBe(120);
    expect(time.cpuMs).toBeCloseTo(60); // 120 samples of 0.5 ms of CPU
    expect(time.offsetMs).toBeCloseTo(0);
  });

  it('stops the run when the page and profile clocks disagree on the load event', () => {
    // As if the window were cut with the parent process's start time: 900 ms off.
    const shifted = { ...WINDOW, timeOrigin: WINDOW.timeOrigin - 900 };
    expect(() => measurePageMainThread(profile({ 101: 1 }), PAGE, shifted, EXTENSION)).toThrow(BenchCheckError);
  });

  it('stops the run when the page is in no process of the profile', () => {
    const other = profile({ 101: 1 }, 'http://127.0.0.1:8000/plain.html');
    expect(() => measurePageMainThread(other, PAGE, WINDOW, EXTENSION)).toThrow(/0 top-level documents/);
  });
});

/**
 * The same profile, with the frames of a call tree of the extension's code, as Firefox ESR writes
 * them (locations copied from a real profile of the readable build: a JavaScript frame is "name
 * (url:line:column)[source id]", a DOM call or a GC a label, a native frame a bare address).
 */
function functionsProfile(busy: Record<number, number>): GeckoProfile {
  const base = profile(busy);
  const thread = base.processes![0]!.threads[0]!;
  const strings = [...thread.stringTable];
  const at = (text: string) => strings.push(text) - 1;
  const frame = (location: string, category: number | null) => [at(location), category];
  thread.stringTable = strings;
  // Categories: 0 Idle, 1 Other, 2 JavaScript (the parent's meta, shared by its processes here).
  thread.frameTable = {
    schema: { location: 0, category: 1 },
    data: [
      frame('epoll_wait', 0), // 0
      frame('layoutPage (http://127.0.0.1:8000/page.js:1:10)[3]', 2), // 1: the page's
      frame(`scan (${EXTENSION}/content-engine.js:10:5)[89]`, 2), // 2: the extension's
      frame(`detect (${EXTENSION}/content-engine.js:20:3)[89]`, 2), // 3: the extension's
      frame('get Node.parentNode', 1), // 4: a DOM call (a label)
      frame('0x7f092016c903', null), // 5: a native frame, unsymbolicated
      frame('Minor GC', 1), // 6: a GC (a label)
    ],
  };
  thread.stackTable = {
    schema: { prefix: 0, frame: 1 },
    data: [
      [null, 0], // 0 idle
      [null, 1], // 1 page
      [1, 2], // 2 page → scan
      [2, 3], // 3 page → scan → detect
      [3, 4], // 4 … detect → get Node.parentNode
      [4, 5], // 5 … detect → get Node.parentNode → native
      [3, 5], // 6 … detect → native
      [3, 2], // 7 … detect → scan (recursion)
      [7, 6], // 8 … detect → scan → Minor GC
      [2, 1], // 9 page → scan → the page's function (a callback of the page's)
    ],
  };
  return base;
}

describe('measureExtensionFunctions', () => {
  // One sample of each stack from 101 to 109, 1 ms each; 95 and 220 are outside the window.
  const busy = { 95: 3, 101: 1, 102: 2, 103: 3, 104: 4, 105: 5, 106: 6, 107: 7, 108: 8, 109: 9, 220: 3 };
  const scan = 'scan content-engine.js:10';
  const detect = 'detect content-engine.js:20';

  it('counts by what was running: its own code, or the DOM call, GC or page code it made, named after the caller', () => {
    const functions = measureExtensionFunctions(functionsProfile(busy), PAGE, WINDOW, EXTENSION);
    // 102, 107: scan's own code; 103, 106: detect's (106 in a native frame it called, no name of
    // its own); 104, 105: detect's parentNode read (105 in a native frame under it).
    expect(functions.self).toEqual({
      [scan]: 2,
      [detect]: 2,
      'get Node.parentNode ← detect': 2,
      'Minor GC ← scan': 1,
      'layoutPage page.js ← scan': 1,
    });
    expect(functions.totalMs).toBe(8);
    expect(functions.samples).toBe(8);
  });

  it("counts by the extension's innermost function, and by every function of it on the stack once", () => {
    const functions = measureExtensionFunctions(functionsProfile(busy), PAGE, WINDOW, EXTENSION);
    expect(functions.own).toEqual({ [scan]: 4, [detect]: 4 });
    // 107 and 108 have scan twice on the stack (scan → detect → scan): counted once each.
    expect(functions.inclusive).toEqual({ [scan]: 8, [detect]: 6 });
    // The same samples as the extension's share of the main-thread time.
    expect(measurePageMainThread(functionsProfile(busy), PAGE, WINDOW, EXTENSION).extensionSamples).toBe(8);
  });

  it('names frames as the report shows them', () => {
    // Locations as Firefox ESR 153 writes them, copied from a profile of the readable build.
    const uuid = 'moz-extension://6f1c9a52-5b7e-4c1e-9d2a-0c8f6d4b1e11';
    expect(nameGeckoFrame(`queryHooks/contentEngine.hooks< (${uuid}/content-engine.js:2214:118)[89]`, uuid)).toBe(
      'queryHooks/contentEngine.hooks< content-engine.js:2214',
    );
    expect(nameGeckoFrame('next (self-hosted:392:27)[14]', uuid)).toBe('next self-hosted');
    expect(nameGeckoFrame(`${uuid}/content-script.js[10]`, uuid)).toBe('(top level) content-script.js');
    expect(nameGeckoFrame('querySelectorAll a[href*="/status"]', uuid)).toBe('querySelectorAll a[href*="/status"]');
    expect(nameGeckoFrame('getDB (chrome://extensions/content/child/ext-storage.js:152:9)[65]', uuid)).toBe(
      'getDB ext-storage.js',
    );
  });
});
