/**
 * History navigation without WXT's `wxt:locationchange` (src/content/location.ts):
 * the Navigation API where there is one, popstate, hashchange and a look at
 * the address while the page is visible where there is not.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchLocation } from '../../src/content/location';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  delete (window as { navigation?: unknown }).navigation;
  history.replaceState(null, '', '/');
});

describe('watchLocation', () => {
  it('with the Navigation API: every same-document navigation, once per new address', () => {
    const target = new EventTarget();
    (window as { navigation?: unknown }).navigation = target;
    const changed = vi.fn();
    const stop = watchLocation(window, changed);
    history.pushState(null, '', '/next');
    target.dispatchEvent(new Event('currententrychange'));
    expect(changed).toHaveBeenCalledTimes(1);
    // A page firing the event with the same address: nothing.
    target.dispatchEvent(new Event('currententrychange'));
    expect(changed).toHaveBeenCalledTimes(1);
    // No polling where the API tells.
    history.pushState(null, '', '/quiet');
    vi.advanceTimersByTime(5000);
    expect(changed).toHaveBeenCalledTimes(1);
    stop();
    target.dispatchEvent(new Event('currententrychange'));
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('without it (Firefox ESR): popstate and hashchange at once, pushState within a second while visible', () => {
    const changed = vi.fn();
    const stop = watchLocation(window, changed);
    history.pushState(null, '', '/a');
    window.dispatchEvent(new Event('popstate'));
    expect(changed).toHaveBeenCalledTimes(1);
    window.dispatchEvent(new Event('hashchange'));
    expect(changed).toHaveBeenCalledTimes(1);
    history.pushState(null, '', '/b');
    vi.advanceTimersByTime(1000);
    expect(changed).toHaveBeenCalledTimes(2);
    stop();
    history.pushState(null, '', '/c');
    vi.advanceTimersByTime(5000);
    window.dispatchEvent(new Event('popstate'));
    expect(changed).toHaveBeenCalledTimes(2);
  });
});
