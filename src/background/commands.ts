/**
 * The keyboard shortcut (commands API): switches Tweet Mender off or on for
 * the current tab's site, exactly as the popup switch does.
 */
import { askTab, type InjectEngineInto } from '../messages/ask-tab';
import type { WebExtension } from '../messages/web-extension';
import { setEnabledFor } from '../sites/rules';
import { changeSettings } from '../sites/settings';

export const TOGGLE_SITE_COMMAND = 'toggle-site';

/** Without an engine injector, a tab whose engine does not answer has nothing to switch. */
const NO_INJECTION: InjectEngineInto = async () => false;

export function listenForCommands(browser: WebExtension, inject: InjectEngineInto = NO_INJECTION): void {
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === TOGGLE_SITE_COMMAND) void toggleSiteOfTab(browser, tab?.id, inject);
  });
}

export async function toggleSiteOfTab(
  browser: WebExtension,
  tabId: number | undefined,
  inject: InjectEngineInto = NO_INJECTION,
): Promise<boolean> {
  const id = tabId ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (id === undefined) return false;
  // The tab's content script knows its page and whether it is on (its engine brought in when the
  // page had none); a tab without one (a browser page, a store) has nothing to switch.
  const report = await askTab(browser, id, { type: 'get-report' }, inject).catch(() => null);
  if (!report) return false;
  // Here in the background, the change goes straight into the queue every settings write goes through.
  await changeSettings((settings) => ({
    ...settings,
    rules: setEnabledFor(report.url, !report.enabled, 'site', settings.mode, settings.rules),
  }));
  return true;
}
