/**
 * Wires the content controller to the browser: messaging, settings, WXT's
 * content-script context (timers that stop when the extension is reloaded,
 * history navigation), and the card mounter.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { answerMessage, sendToBackground, type WebExtension } from '../messages/protocol';
import { createCardMounter } from '../repair/mount-card';
import { readSettings, watchSettings } from '../sites/settings';
import { startContentController, type ContentController } from './controller';

export function startContentScript(
  ctx: ContentScriptContext,
  browser: WebExtension,
  document: Document,
  window: Window,
): ContentController {
  const controller = startContentController({
    document,
    window,
    clock: {
      now: () => window.performance.now(),
      setTimeout: (callback, ms) => ctx.setTimeout(callback, ms),
      clearTimeout: (handle) => window.clearTimeout(handle as number),
    },
    background: {
      lookup: (page, embeds) => sendToBackground(browser, { type: 'lookup', page, embeds }),
      getArticle: (articleId) => sendToBackground(browser, { type: 'get-article', articleId }),
      reportChanged: (summary) => {
        sendToBackground(browser, { type: 'report-changed', summary }).catch(() => {
          // The badge is a nicety; a background that is restarting will get the next one.
        });
      },
    },
    settings: { read: readSettings, watch: watchSettings },
    mountCard: createCardMounter(ctx),
  });
  // Registered before any card exists, so it runs before WXT's own UI cleanup:
  // the page gets its nodes back when the extension is updated or removed.
  ctx.onInvalidated(() => controller.stop());

  const onMessage = (
    message: unknown,
    sender: Parameters<Parameters<WebExtension['runtime']['onMessage']['addListener']>[0]>[1],
  ) =>
    answerMessage(
      {
        'get-report': () => controller.getReport(),
        // The popup's "Check again".
        rescan: () => {
          controller.rescan();
          return controller.getReport();
        },
        // The popup's "Show on page".
        'reveal-embed': ({ key }) => controller.revealEmbed(Number(key)),
      },
      message,
      sender,
      browser.runtime,
    );
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
  ctx.addEventListener(window, 'wxt:locationchange', () => controller.rescan());
  return controller;
}
