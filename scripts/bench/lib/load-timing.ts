/**
 * The page-load timings every load figure reads from the page itself, in Chromium and in Firefox:
 * its navigation entry (PerformanceNavigationTiming) and its first-contentful-paint entry, in ms
 * since navigation start, and navigation start itself (performance.timeOrigin, ms since the
 * epoch), which lines the page's clock up with a profile's.
 */

export interface LoadTiming {
  /** performance.timeOrigin: navigation start, ms since the epoch. */
  timeOrigin: number;
  /** ms from navigation start to the load event (loadEventStart). */
  load: number;
  /** ms to the end of the load event's handlers (loadEventEnd). */
  loadEnd: number;
  /** ms to first contentful paint. */
  fcp: number;
}

/**
 * Run in the page, as source text rather than a function: under tsx (`npm run bench`) esbuild
 * wraps a module's named inner functions in `__name(…)`, a helper of the module that the page
 * does not have (https://github.com/evanw/esbuild/issues/2605; the end-to-end harness defines it
 * in the page for its own `evaluate`, tests/e2e/harness/browsers.ts, but the Chromium benchmark
 * drives puppeteer directly). Resolves once the load event's handlers are done and the first
 * contentful paint is known; fails after 5 s.
 */
export const READ_LOAD_TIMING = `new Promise((done, fail) => {
  const deadline = performance.now() + 5000;
  const poll = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    if (nav && nav.loadEventEnd > 0 && fcp) {
      done({ timeOrigin: performance.timeOrigin, load: nav.loadEventStart, loadEnd: nav.loadEventEnd, fcp: fcp.startTime });
    } else if (performance.now() > deadline) fail(new Error('no load or paint timing'));
    else setTimeout(poll, 20);
  };
  poll();
})`;
