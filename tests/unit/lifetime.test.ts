/**
 * How an orphaned copy notices that its extension went (src/content/lifetime.ts):
 * runtime.id gone, seen on a port disconnect, when the page is shown again, or
 * once a second while cards stand and the page is visible; never from the page.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchLifetime } from '../../src/content/lifetime';
import { LIFETIME_PORT } from '../../src/messages/protocol';
import type { WebExtension } from '../../src/messages/web-extension';

function fakeRuntime() {
  const state = { id: 'extension-id' as string | undefined, ports: [] as { name: string; disconnect: () => void }[] };
  const disconnects: (() => void)[] = [];
  const runtime = {
    get id() {
      return state.id;
    },
    connect({ name }: { name: string }) {
      const port = {
        name,
        disconnect: vi.fn(),
        onDisconnect: { addListener: (listener: () => void) => disconnects.push(listener) },
      };
      state.ports.push(port);
      return port;
    },
  };
  return {
    browser: { runtime } as unknown as Pick<WebExtension, 'runtime'>,
    state,
    /** The extension side closes every port (the service worker stopped, or the extension went). */
    dropPorts: () => disconnects.splice(0).forEach((listener) => listener()),
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('watchLifetime', () => {
  it('a port that drops while the extension is there (an idle service worker) changes nothing; one that drops with it, stops', () => {
    const { browser, state, dropPorts } = fakeRuntime();
    const gone = vi.fn();
    const lifetime = watchLifetime(browser, window, gone, () => true);
    lifetime.watchClosely();
    expect(state.ports.map((p) => p.name)).toEqual([LIFETIME_PORT]);
    dropPorts();
    expect(gone).not.toHaveBeenCalled();
    // The next card connects again.
    lifetime.watchClosely();
    expect(state.ports).toHaveLength(2);
    state.id = undefined;
    dropPorts();
    expect(gone).toHaveBeenCalledTimes(1);
    expect(lifetime.check()).toBe(false);
    expect(gone).toHaveBeenCalledTimes(1);
  });

  it('looks once a second while cards stand and the page is visible, and stops looking when the last card went', () => {
    const { browser, state } = fakeRuntime();
    const gone = vi.fn();
    let cards = 1;
    const id = vi.spyOn(browser.runtime, 'id', 'get');
    const lifetime = watchLifetime(browser, window, gone, () => cards > 0);
    vi.advanceTimersByTime(5000);
    expect(id).not.toHaveBeenCalled(); // nothing to give back: no timer at all
    lifetime.watchClosely();
    vi.advanceTimersByTime(3000);
    expect(id).toHaveBeenCalledTimes(3);
    cards = 0;
    vi.advanceTimersByTime(1000);
    const looked = id.mock.calls.length;
    vi.advanceTimersByTime(10_000);
    expect(id.mock.calls.length).toBe(looked);
    expect(state.ports[0]?.disconnect).toHaveBeenCalled();
    // Cards again, and the extension goes while the page shows them.
    cards = 1;
    lifetime.watchClosely();
    state.id = undefined;
    vi.advanceTimersByTime(1000);
    expect(gone).toHaveBeenCalledTimes(1);
  });

  it('looks when the page is shown again or gets focus (events a page can fire too: they only make it look)', () => {
    const { browser, state } = fakeRuntime();
    const gone = vi.fn();
    watchLifetime(browser, window, gone, () => false);
    window.dispatchEvent(new Event('focus'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(gone).not.toHaveBeenCalled();
    state.id = undefined;
    window.dispatchEvent(new Event('pageshow'));
    expect(gone).toHaveBeenCalledTimes(1);
  });

  it('stop() lets go of everything', () => {
    const { browser, state } = fakeRuntime();
    const gone = vi.fn();
    const lifetime = watchLifetime(browser, window, gone, () => true);
    lifetime.watchClosely();
    lifetime.stop();
    expect(state.ports[0]?.disconnect).toHaveBeenCalled();
    state.id = undefined;
    window.dispatchEvent(new Event('focus'));
    vi.advanceTimersByTime(5000);
    expect(gone).not.toHaveBeenCalled();
  });
});
