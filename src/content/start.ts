/**
 * Wires the content controller to the browser: messaging, settings, WXT's
 * content-script context (invalidation when the extension is reloaded,
 * history navigation), and the card mounter.
 *
 * The content script injects at document_idle, often before the page's load
 * event and first paint. It starts its work after the load event, in the first
 * idle moment: what it did at injection (settings read and watch, the first
 * scan, a message to the background) cost the demo page 1.65× its load time
 * (docs/performance.md, "Page load"). Embeds that may still render wait for a
 * grace period counted from load anyway; a popup that asks earlier starts it.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { answerMessage, sendToBackground, type WebExtension } from '../messages/protocol';
import { createCardMounter } from '../repair/mount-card';
import { readStoredSettings, watchStoredSettings } from '../sites/stored-settings';
import { startContentController, type Clock, type ContentController } from './controller';
import { throttleReports } from './report';

/** The longest the start waits for an idle moment after load. */
export const START_IDLE_TIMEOUT_MS = 300;

export function startContentScript(
  ctx: ContentScriptContext,
  browser: WebExtension,
  document: Document,
  window: Window,
): void {
  let controller: ContentController | null = null;
  const start = (): ContentController => {
    if (!controller) {
      controller = startController(ctx, browser, document, window);
      // Registered before any card exists, so it runs before WXT's own UI cleanup:
      // the page gets its nodes back when the extension is updated or removed.
      const started = controller;
      ctx.onInvalidated(() => started.stop());
      ctx.addEventListener(window, 'wxt:locationchange', () => started.rescan());
    }
    return controller;
  };

  const onMessage = (
    message: unknown,
    sender: Parameters<Parameters<WebExtension['runtime']['onMessage']['addListener']>[0]>[1],
  ) =>
    answerMessage(
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
    );
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

  const whenIdle = () => ctx.requestIdleCallback(() => start(), { timeout: START_IDLE_TIMEOUT_MS });
  if (document.readyState === 'complete') whenIdle();
  else ctx.addEventListener(window, 'load', whenIdle, { once: true });
}

function startController(
  ctx: ContentScriptContext,
  browser: WebExtension,
  document: Document,
  window: Window,
): ContentController {
  // Plain timers: the controller clears its own when it stops (on invalidation). WXT's ctx.setTimeout
  // adds an invalidation listener per timer that is never removed, and checks the runtime on every
  // tick: 7 % of the content script's time on a page that never stops changing.
  const clock: Clock = {
    now: () => window.performance.now(),
    setTimeout: (callback, ms) => window.setTimeout(callback, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
  };
  return startContentController({
    document,
    window,
    clock,
    background: {
      lookup: (page, embeds) => sendToBackground(browser, { type: 'lookup', page, embeds }),
      askUserArchive: (page, embed) => sendToBackground(browser, { type: 'ask-user-archive', page, embed }),
      getArticle: (articleId, activated) =>
        sendToBackground(browser, { type: 'get-article', articleId, ...(activated ? { activated } : {}) }),
      reportChanged: throttleReports((summary) => {
        sendToBackground(browser, { type: 'report-changed', summary }).catch(() => {
          // The badge is a nicety; a background that is restarting will get the next one.
        });
      }, clock),
    },
    settings: {
      read: () => readStoredSettings(browser),
      watch: (onChange) => watchStoredSettings(browser, onChange),
    },
    mountCard: createCardMounter(ctx),
  });
}
