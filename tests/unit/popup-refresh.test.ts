/**
 * The popup's refreshes overlap: the tab reports each change (report-changed)
 * while an earlier answer may still be on its way. An answer from before the
 * site was switched off must never render after the answer from after it:
 * the switch would show on again, and the user's next press would switch the
 * site off a second time instead of on (a flake of the keyboard test in
 * tests/e2e/reading-and-control.e2e.test.ts was this).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PageReport } from '../../src/messages/report';
import type { WebExtension } from '../../src/messages/web-extension';
import { startPopup } from '../../src/popup/popup';

const URL_ON_PAGE = 'https://news.example/story';
const report = (enabled: boolean): PageReport => ({ url: URL_ON_PAGE, hostname: 'news.example', enabled, embeds: [] });

/** The popup of tab 7, in this document, as the toolbar button opens it. */
const openPopup = () =>
  startPopup({
    document,
    browser: fakeBrowser as unknown as WebExtension,
    search: '?tab=7',
    close: () => undefined,
    writeClipboard: async () => undefined,
  });

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

describe('the popup refreshing its report', () => {
  it('renders the answer of the latest refresh, whatever order the answers come back in', async () => {
    document.body.innerHTML = '<main id="app" aria-busy="true"></main>';
    // The first answer (from before the switch) is slow; the second (after it) is quick.
    let releaseFirst: (value: unknown) => void = () => undefined;
    const answers = [
      new Promise((resolve) => (releaseFirst = () => resolve({ ok: true, value: report(true) }))),
      Promise.resolve({ ok: true, value: report(false) }),
    ];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((() => answers.shift()) as never);

    const started = openPopup();
    await vi.waitFor(() => expect(fakeBrowser.tabs.sendMessage).toHaveBeenCalledTimes(1));
    // The tab says its report changed (the site was switched off): a second refresh.
    await fakeBrowser.runtime.onMessage.trigger({ type: 'report-changed' }, { tab: { id: 7 } } as never);
    await vi.waitFor(() => expect(document.getElementById('site-switch')).not.toBeNull());
    expect((document.getElementById('site-switch') as HTMLInputElement).checked).toBe(false);

    // The stale answer arrives last: it must not show the switch on again.
    releaseFirst(undefined);
    await started;
    await new Promise((done) => setTimeout(done, 20));
    expect((document.getElementById('site-switch') as HTMLInputElement).checked).toBe(false);
  });

  it('sends a press of the site switch to the background at once: a popup closed right after loses nothing', async () => {
    document.body.innerHTML = '<main id="app" aria-busy="true"></main>';
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue({ ok: true, value: report(true) } as never);
    await openPopup();
    const sent = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined as never);
    (document.getElementById('site-switch') as HTMLInputElement).click();
    // Before any await: the popup may be gone by the next task.
    expect(sent).toHaveBeenCalledTimes(1);
    const message = sent.mock.calls[0]?.[0] as { type: string; base: { rules: string[] }; next: { rules: string[] } };
    expect(message).toMatchObject({
      type: 'update-settings',
      base: { rules: [] },
      next: { rules: ['news.example off'] },
    });
  });

  it('keeps the same site switch, with the focus, when the report refreshes: a key press across a refresh is not lost', async () => {
    document.body.innerHTML = '<main id="app" aria-busy="true"></main>';
    const answers = [report(true), report(false)];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async () => ({
      ok: true,
      value: answers.shift() ?? report(false),
    })) as never);
    await openPopup();
    const before = document.getElementById('site-switch') as HTMLInputElement;
    before.focus();
    await fakeBrowser.runtime.onMessage.trigger({ type: 'report-changed' }, { tab: { id: 7 } } as never);
    await vi.waitFor(() => expect(before.checked).toBe(false));
    expect(document.getElementById('site-switch')).toBe(before);
    expect(document.activeElement).toBe(before);
    expect(document.querySelectorAll('#site-switch')).toHaveLength(1);
  });

  it('keeps "Check again" and the unchanged rows when the report refreshes: a click across a refresh is not lost', async () => {
    document.body.innerHTML = '<main id="app" aria-busy="true"></main>';
    const embed = (key: number, status: 'broken' | 'repaired'): PageReport['embeds'][number] => ({
      key,
      kind: 'amp-twitter',
      status,
      reason: status === 'broken' ? 'script-blocked' : null,
      tweetId: String(1000 + key),
      tweetUrl: `https://twitter.com/someone/status/${1000 + key}`,
      match: null,
      tweet: null,
    });
    const answers: PageReport[] = [
      { ...report(true), embeds: [embed(1, 'repaired'), embed(2, 'broken')] },
      // The page changed: embed 2 was repaired, a third appeared before the first, then the site was switched off.
      { ...report(true), embeds: [embed(3, 'broken'), embed(1, 'repaired'), embed(2, 'repaired')] },
      { ...report(false), embeds: [] },
    ];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async () => ({
      ok: true,
      value: answers.shift() ?? report(false),
    })) as never);
    await openPopup();
    const again = document.getElementById('check-again') as HTMLButtonElement;
    const rowOf = (key: number) => document.querySelector(`[data-embed-key="${key}"]`);
    const first = rowOf(1);
    const second = rowOf(2);
    again.focus();

    await fakeBrowser.runtime.onMessage.trigger({ type: 'report-changed' }, { tab: { id: 7 } } as never);
    await vi.waitFor(() => expect(rowOf(3)).not.toBeNull());
    expect(document.getElementById('check-again')).toBe(again);
    expect(document.activeElement).toBe(again);
    expect(rowOf(1)).toBe(first);
    expect(rowOf(2)).not.toBe(second);
    expect(rowOf(2)?.getAttribute('data-embed-status')).toBe('repaired');
    expect([...document.querySelectorAll('[data-embed-key]')].map((row) => row.getAttribute('data-embed-key'))).toEqual(
      ['3', '1', '2'],
    );

    await fakeBrowser.runtime.onMessage.trigger({ type: 'report-changed' }, { tab: { id: 7 } } as never);
    await vi.waitFor(() => expect(document.querySelector('.off-note')).not.toBeNull());
    expect(document.querySelectorAll('[data-embed-key]')).toHaveLength(0);
    expect(document.querySelector('.report .empty')).not.toBeNull();
    expect(document.getElementById('check-again')).toBe(again);
    expect(document.activeElement).toBe(again);
    expect([...document.querySelector('.report')!.children].map((part) => part.className)).toEqual([
      'section-header',
      'off-note',
      'empty',
    ]);
  });
});
