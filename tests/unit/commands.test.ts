import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listenForCommands, toggleSiteOfTab, TOGGLE_SITE_COMMAND } from '../../src/background/commands';
import { readSettings } from '../../src/sites/settings';
import { isEnabledForUrl } from '../../src/sites/settings';
import { commandEvent } from './setup';

/** A tab whose content script reports the given page (fakeBrowser cannot message tabs). */
function withTab(url: string, enabled: boolean) {
  const sendMessage = vi.fn(async () => ({
    ok: true,
    value: { url, hostname: new URL(url).hostname, enabled, embeds: [] },
  }));
  Object.assign(fakeBrowser.tabs, { sendMessage });
  return sendMessage;
}

describe('the keyboard shortcut', () => {
  it('switches the site of the current tab off, then on again', async () => {
    const page = 'https://www.example.com/news/story';
    const sendMessage = withTab(page, true);
    expect(await toggleSiteOfTab(browser, 7)).toBe(true);
    expect(sendMessage).toHaveBeenCalledWith(7, { type: 'get-report' });
    const off = await readSettings();
    expect(off.rules).toEqual(['example.com off']);
    expect(isEnabledForUrl(off, 'https://blog.example.com/')).toBe(false);

    withTab(page, false);
    expect(await toggleSiteOfTab(browser, 7)).toBe(true);
    expect((await readSettings()).rules).toEqual([]);
  });

  it('does nothing on a tab without the content script (a browser page)', async () => {
    Object.assign(fakeBrowser.tabs, { sendMessage: vi.fn(async () => Promise.reject(new Error('no receiver'))) });
    expect(await toggleSiteOfTab(browser, 3)).toBe(false);
    expect((await readSettings()).rules).toEqual([]);
  });

  it('answers only its own command', async () => {
    const sendMessage = withTab('https://example.org/', true);
    listenForCommands(browser);
    commandEvent.trigger('something-else', { id: 1 });
    commandEvent.trigger(TOGGLE_SITE_COMMAND, { id: 1 });
    await vi.waitFor(async () => expect((await readSettings()).rules).toEqual(['example.org off']));
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });
});
