import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  isEnabledForUrl,
  readSettings,
  sanitizeSettings,
  settingsItem,
  updateSettings,
  watchSettings,
} from '../../src/sites/settings';

describe('settings storage', () => {
  it('is on everywhere by default (empty storage)', async () => {
    const settings = await readSettings();
    expect(settings).toEqual({ mode: 'everywhere-except', rules: [] });
    expect(isEnabledForUrl(settings, 'https://www.wsws.org/en/articles/2022/03/10/russ-m10.html')).toBe(true);
    expect(await settingsItem.getValue()).toEqual(DEFAULT_SETTINGS);
  });

  it('is stored under local:settings', async () => {
    await updateSettings((s) => ({ ...s, rules: ['example.com off'] }));
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({
      settings: { mode: 'everywhere-except', rules: ['example.com off'] },
    });
  });

  it('updateSettings writes, readSettings reads back, the defaults are never mutated', async () => {
    const next = await updateSettings((s) => {
      s.rules.push('example.com off');
      return s;
    });
    expect(next).toEqual({ mode: 'everywhere-except', rules: ['example.com off'] });
    expect(await readSettings()).toEqual(next);
    expect(DEFAULT_SETTINGS.rules).toEqual([]);
    expect(isEnabledForUrl(await readSettings(), 'https://www.example.com/a')).toBe(false);
  });

  it.each([
    ['null', null],
    ['a string', 'everywhere-except'],
    ['a number', 42],
    ['an array', ['example.com off']],
    ['an empty object', {}],
  ])('a damaged stored value (%s) reads as the defaults', async (_what, value) => {
    await fakeBrowser.storage.local.set({ settings: value });
    await expect(readSettings()).resolves.toEqual({ mode: 'everywhere-except', rules: [] });
  });

  it('keeps what is sound in a damaged value', async () => {
    await fakeBrowser.storage.local.set({ settings: { mode: 'x', rules: [1, 'a.com off', null, { r: 1 }] } });
    await expect(readSettings()).resolves.toEqual({ mode: 'everywhere-except', rules: ['a.com off'] });
    await fakeBrowser.storage.local.set({ settings: { mode: 'only-listed', rules: 'a.com on' } });
    await expect(readSettings()).resolves.toEqual({ mode: 'only-listed', rules: [] });
  });

  it('reads the defaults when storage itself fails', async () => {
    vi.spyOn(settingsItem, 'getValue').mockRejectedValue(new Error('storage is gone'));
    await expect(readSettings()).resolves.toEqual({ mode: 'everywhere-except', rules: [] });
  });

  it('watchSettings hears updateSettings, sanitised, until unwatched', async () => {
    const seen: unknown[] = [];
    const unwatch = watchSettings((s) => seen.push(s));
    await updateSettings((s) => ({ ...s, rules: ['example.com off'] }));
    await vi.waitFor(() => expect(seen).toEqual([{ mode: 'everywhere-except', rules: ['example.com off'] }]));

    // A damaged write still reaches the watcher as sound settings.
    await fakeBrowser.storage.local.set({ settings: { mode: 'x', rules: [1, 'b.com on'] } });
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]).toEqual({ mode: 'everywhere-except', rules: ['b.com on'] });

    unwatch();
    await updateSettings((s) => ({ ...s, mode: 'only-listed' }));
    expect(seen).toHaveLength(2);
  });
});

describe('sanitizeSettings', () => {
  it.each([
    [null, { mode: 'everywhere-except', rules: [] }],
    [undefined, { mode: 'everywhere-except', rules: [] }],
    ['a string', { mode: 'everywhere-except', rules: [] }],
    [
      { mode: 'x', rules: [1, 'a.com off'] },
      { mode: 'everywhere-except', rules: ['a.com off'] },
    ],
    [{ mode: 'only-listed' }, { mode: 'only-listed', rules: [] }],
    [
      { mode: 'only-listed', rules: ['a.com on'], extra: true },
      { mode: 'only-listed', rules: ['a.com on'] },
    ],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeSettings(input)).toEqual(expected);
  });

  it('returns a fresh rules array (never the default one)', () => {
    const a = sanitizeSettings(null);
    a.rules.push('x.com off');
    expect(sanitizeSettings(null).rules).toEqual([]);
  });
});
