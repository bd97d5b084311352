/**
 * The extension API object every part that talks to the browser is handed
 * (WXT's `browser`, or WXT's fakeBrowser in tests), as a type; and the
 * browser's own object, for the code that does without WXT's polyfill. It
 * lives apart from the protocol so that the settings, which the protocol's
 * messages carry, can take it without importing the protocol back.
 */
import type { browser } from 'wxt/browser';

export type WebExtension = typeof browser;

/**
 * The browser's own extension API object, without WXT's polyfill: Firefox's `browser`, Chrome's
 * `chrome`, whose MV3 methods return promises as the polyfill's do. The content script (both
 * stages) and what it shares with the pages (src/i18n/t.ts) use it: the polyfill is ~10 KB of the
 * engine otherwise (docs/performance.md, "Two stages"). What it does not give, a reply from the
 * promise a `runtime.onMessage` listener returns, listenForMessages (protocol.ts) does in both.
 */
export function nativeBrowser(): WebExtension {
  const api = globalThis as unknown as { browser?: WebExtension; chrome?: WebExtension };
  return (api.browser ?? api.chrome)!;
}
