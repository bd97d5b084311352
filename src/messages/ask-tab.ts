/**
 * Asks a tab's content script, bringing in its engine first where none answers: the first stage
 * runs on every page but injects the engine only where the page may hold an embed and the site
 * is on (src/content/first-stage.ts), while the popup and the keyboard shortcut need the report
 * of any page, to show and switch its site (docs/performance.md, "Two stages").
 */
import { sendToTab, type Message, type MessageType, type Response } from './protocol';
import type { WebExtension } from './web-extension';

/** Injects the engine into a tab's top frame; false when it cannot (a browser page, a store). */
export type InjectEngineInto = (tabId: number) => Promise<boolean>;

export async function askTab<K extends MessageType>(
  browser: Pick<WebExtension, 'tabs'>,
  tabId: number,
  message: Message<K>,
  inject: InjectEngineInto,
): Promise<Response<K>> {
  try {
    return await sendToTab(browser, tabId, message);
  } catch (error) {
    // No engine answered. One injected now has its listener once the injection resolves.
    if (!(await inject(tabId).catch(() => false))) throw error;
    return sendToTab(browser, tabId, message);
  }
}
