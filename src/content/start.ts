/**
 * Wires the content controller to the browser: messaging, settings, the card
 * mounter, history navigation, and the extension's lifetime (an old copy
 * gives the page its nodes back when the extension is updated or removed).
 *
 * Nothing here goes through the page: no event, message or attribute of ours
 * that a page could observe or send (docs/security.md, "Detection" and
 * "Switch-off"). That is why the content script is not built with WXT's
 * defineContentScript, whose ContentScriptContext announces the extension on
 * `document` and `window` and stops when a page repeats that announcement.
 *
 * The content script injects at document_idle, often before the page's load
 * event and first paint. It starts its work after the load event, in the first
 * idle moment: what it did at injection (settings read and watch, the first
 * scan, a message to the background) cost the demo page 1.65× its load time
 * (docs/performance.md, "Page load"). Embeds that may still render wait for a
 * grace period counted from load anyway; a popup that asks earlier starts it.
 */
import {
  answerContentMessage,
  listenForMessages,
  sendToBackground,
  type Message,
  type MessageType,
  type Response,
} from '../messages/protocol';
import type { WebExtension } from '../messages/web-extension';
import { removeLeftoverCards } from '../repair/leftovers';
import { createCardMounter, type MountCard } from '../repair/mount-card';
import { readStoredSettings, watchStoredSettings } from '../sites/stored-settings';
import { loadCardsWith } from './cards-on-demand';
import type { Clock } from './clock';
import { startContentController, type ContentController } from './controller';
import { watchLifetime, type Lifetime } from './lifetime';
import { watchLocation } from './location';
import { throttleReports } from './report-throttle';

/** The longest the start waits for an idle moment after load. */
export const START_IDLE_TIMEOUT_MS = 300;
/** The content script's own timers look whether the extension is still there at most this often. */
const LIFETIME_CHECK_MS = 1000;

export interface ContentScript {
  /** Gives the page its nodes back and stops listening (the extension went, or a test ends). */
  stop(): void;
}

/**
 * `global`: the content scripts' own global object (Chrome's isolated world, Firefox's sandbox),
 * where the cards' file leaves its renderers (src/content/cards-on-demand.ts).
 */
export function startContentScript(
  browser: WebExtension,
  document: Document,
  window: Window,
  global: object,
): ContentScript {
  let controller: ContentController | null = null;
  let stopped = false;
  let unwatchLocation = () => {};
  let idleHandle: number | null = null;
  const lifetime = watchLifetime(
    browser,
    window,
    () => stop(),
    () => (controller?.counts().cards ?? 0) > 0,
  );

  // A per-install value no page can read: Firefox's extension base URL holds a random UUID per install.
  const marker = browser.runtime.getURL('/');
  // The cards' code is injected into this frame when the first card is about to be mounted.
  const loadCards = loadCardsWith(global, () => sendWatchingLifetime(browser, lifetime, { type: 'load-cards' }));
  const mount = createCardMounter(marker, loadCards);
  const mountCard: MountCard = async (nodes, render, options) => {
    const card = await mount(nodes, render, options);
    if (card) lifetime.watchClosely();
    return card;
  };

  const start = (): ContentController => {
    if (stopped) throw new Error('stopped');
    if (!controller) {
      // Cards an earlier copy left behind (Firefox cuts it off without notice) go before the first
      // scan; in a frame, before the first scan looks inside it (an earlier copy mounted cards only
      // in frames its scans looked into). Not by opening every frame here: opening a frame from the
      // content script sets up the extension's world in it, 1–2 ms a frame (docs/performance.md,
      // "Frames are not opened").
      removeLeftoverCards(document, marker);
      controller = startController(browser, document, window, lifetime, mountCard, (doc) =>
        removeLeftoverCards(doc, marker),
      );
      const started = controller;
      unwatchLocation = watchLocation(window, () => started.rescan());
    }
    return controller;
  };

  // The popup's questions. Through sendResponse: the engine has the browser's own API object (listenForMessages).
  const unlisten = listenForMessages(browser.runtime, (message, sender) =>
    answerContentMessage(
      {
        'get-report': () => start().getReport(),
        // The popup's "Check again".
        rescan: () => {
          start().rescan();
          return start().getReport();
        },
        // The popup's "Show on page".
        'reveal-embed': ({ key }) => start().revealEmbed(Number(key)),
      },
      message,
      sender,
      browser.runtime,
    ),
  );

  const whenIdle = () => {
    idleHandle = window.requestIdleCallback(() => start(), { timeout: START_IDLE_TIMEOUT_MS });
  };
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });

  function stop() {
    if (stopped) return;
    stopped = true;
    controller?.stop();
    unwatchLocation();
    lifetime.stop();
    window.removeEventListener('load', whenIdle);
    if (idleHandle !== null) window.cancelIdleCallback(idleHandle);
    try {
      unlisten();
    } catch {
      // The extension is gone, and its listeners with it.
    }
  }
  return { stop };
}

/**
 * Sends to the background. A message that fails may mean the extension went (updated or removed, and
 * Firefox gives an orphaned content script no notice): this copy looks, and stops if so, before the
 * error goes on to the caller.
 */
function sendWatchingLifetime<K extends MessageType>(
  browser: WebExtension,
  lifetime: Lifetime,
  message: Message<K>,
): Promise<Response<K>> {
  return sendToBackground(browser, message).catch((error: unknown) => {
    lifetime.check();
    throw error;
  });
}

function startController(
  browser: WebExtension,
  document: Document,
  window: Window,
  lifetime: Lifetime,
  mountCard: MountCard,
  onFrameDocument: (doc: Document) => void,
): ContentController {
  // Plain timers: the controller clears its own when it stops. Before one runs, the extension is
  // looked for (at most once a second): an orphaned copy stops at its next bit of work.
  let checkedAt = -Infinity;
  const alive = () => {
    const now = window.performance.now();
    if (now - checkedAt < LIFETIME_CHECK_MS) return true;
    checkedAt = now;
    return lifetime.check();
  };
  const clock: Clock = {
    now: () => window.performance.now(),
    setTimeout: (callback, ms) =>
      window.setTimeout(() => {
        if (alive()) callback();
      }, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
  };
  return startContentController({
    document,
    window,
    clock,
    background: {
      lookup: (page, embeds) => sendWatchingLifetime(browser, lifetime, { type: 'lookup', page, embeds }),
      askUserArchive: (page, embed) => sendToBackground(browser, { type: 'ask-user-archive', page, embed }),
      getArticle: (articleId, activated) =>
        sendToBackground(browser, { type: 'get-article', articleId, ...(activated ? { activated } : {}) }),
      reportChanged: throttleReports((summary) => {
        sendWatchingLifetime(browser, lifetime, { type: 'report-changed', summary }).catch(() => {
          // The badge is a nicety; a background that is restarting will get the next one.
        });
      }, clock),
    },
    settings: {
      read: () => readStoredSettings(browser),
      watch: (onChange) => watchStoredSettings(browser, onChange),
    },
    mountCard,
    onFrameDocument,
  });
}
