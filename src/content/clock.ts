/**
 * The clock port: the time and the timers the content script's modules are
 * handed (the page's `performance.now` and `setTimeout` in the browser, a
 * manual clock in the tests), so that no module reads the time for itself
 * and a test can move it by hand.
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
