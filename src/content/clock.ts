/**
 * The clock the content script's parts are handed (timers and the time), so
 * that tests drive it by hand. Declared here, apart from the controller, so
 * that the parts the controller wires together can name it without importing
 * the controller back.
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
