/**
 * Notices that this copy of the content script has been cut off from its
 * extension (updated, reloaded, disabled or removed), so that it gives the
 * page its nodes back and stops (docs/security.md, "Extension update").
 *
 * WXT's ContentScriptContext did this with an event on `document` and a
 * `window.postMessage` that named the extension to every page, and that any
 * page could send to switch the extension off; nothing here goes through the
 * page. In Chrome an orphaned copy keeps running, and its
 * `runtime.id` reads undefined from then on:
 * https://developer.chrome.com/docs/extensions/develop/concepts/content-scripts#isolated_world
 * - while cards stand, a long-lived port to the background: it disconnects at
 *   once when the extension goes (it also disconnects when the service
 *   worker merely idles out; then runtime.id is still there and nothing
 *   happens, and the next card connects again);
 * - while cards stand and the page is visible, a look at runtime.id once a
 *   second (a service worker updated while idle has no port to disconnect);
 * - and whenever the page is shown again or gets focus, and before the
 *   content script's own timers run (at most once a second).
 * Firefox gives no notice at all (the old copy's code just stops): its
 * leftovers are found by the next copy (src/repair/leftovers.ts).
 */
import { LIFETIME_PORT } from '../messages/protocol';
import type { WebExtension } from '../messages/web-extension';

export interface Lifetime {
  /** True while the extension is there; calls onGone (once) when it is not. */
  check(): boolean;
  /** A card went up: keep a port open, and look now and then while `needed()` says cards stand. */
  watchClosely(): void;
  stop(): void;
}

const POLL_MS = 1000;

export function watchLifetime(
  browser: Pick<WebExtension, 'runtime'>,
  window: Window,
  onGone: () => void,
  needed: () => boolean,
): Lifetime {
  const document = window.document;
  let gone = false;
  let close = false;
  let port: ReturnType<WebExtension['runtime']['connect']> | null = null;
  let timer: number | null = null;

  const isAlive = () => {
    try {
      return !!browser.runtime?.id;
    } catch {
      return false;
    }
  };
  const check = () => {
    if (gone) return false;
    if (isAlive()) return true;
    gone = true;
    stop();
    onGone();
    return false;
  };

  const connect = () => {
    if (port || gone) return;
    try {
      port = browser.runtime.connect({ name: LIFETIME_PORT });
      port.onDisconnect.addListener(() => {
        port = null;
        check();
      });
    } catch {
      port = null;
      check();
    }
  };

  const schedule = () => {
    const wanted = close && !gone && document.visibilityState === 'visible';
    if (wanted && timer === null) {
      timer = window.setInterval(tick, POLL_MS);
    } else if (!wanted && timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  };

  /** Nothing to give back any more: no port, no looking. */
  const relax = () => {
    close = false;
    schedule();
    try {
      port?.disconnect();
    } catch {
      // already gone with the extension
    }
    port = null;
  };

  const tick = () => {
    // The last card went: nothing to watch.
    if (check() && !needed()) relax();
  };

  const onShown = () => {
    if (check()) schedule();
  };
  document.addEventListener('visibilitychange', onShown);
  window.addEventListener('pageshow', onShown);
  window.addEventListener('focus', onShown);

  function stop() {
    document.removeEventListener('visibilitychange', onShown);
    window.removeEventListener('pageshow', onShown);
    window.removeEventListener('focus', onShown);
    relax();
  }

  return {
    check,
    watchClosely() {
      if (gone) return;
      close = true;
      connect();
      schedule();
    },
    stop() {
      gone = true;
      stop();
    },
  };
}
