/**
 * The keyboard shortcut (commands API): switches Tweet Mender off or on for
 * the current tab's site, exactly as the popup switch does.
 */
import { sendToTab } from '../messages/protocol';
import type { WebExtension } from '../messages/web-extension';
import { setEnabledFor } from '../sites/rules';
import { changeSettings } from '../sites/settings';

export const TOGGLE_SITE_COMMAND = 'toggle-site';

export function listenForCommands(browser: WebExtension): void {
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === TOGGLE_SITE_COMMAND) void toggleSiteOfTab(browser, tab?.id);
  });
}

export async function toggleSiteOfTab(browser: WebExtension, tabId: number | undefined): Promise<boolean> {
  const id = tabId ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (id === undefined) return false;
  // The tab's content script knows its page and whether it is on; a tab without
  // one (a browser page, a store) has nothing to switch.
  const report = await sendToTab(browser, id, { type: 'get-report' }).catch(() => null);
  if (!report) return false;
  // Here in the background, the change goes straight into the queue every settings write goes through.
  await changeSettings((settings) => ({
    ...settings,
    rules: setEnabledFor(report.url, !report.enabled, 'site', settings.mode, settings.rules),
  }));
  return true;
}
