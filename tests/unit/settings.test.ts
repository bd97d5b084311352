import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { WebExtension } from '../../src/messages/web-extension';
import {
  DEFAULT_SETTINGS,
  isEnabledForUrl,
  learnsOn,
  readSettings,
  sanitizeSettings,
  settingsItem,
  updateSettings,
  usesUserArchiveOn,
  watchSettings,
} from '../../src/sites/settings';
import { readStoredSettings, watchStoredSettings } from '../../src/sites/stored-settings';

describe('settings storage', () => {
  it('is on everywhere by default (empty storage)', async () => {
    const settings = await readSettings();
    expect(settings).toEqual({
      mode: 'everywhere-except',
      rules: [],
      readerTextSize: 100,
      userArchiveRules: [],
      learning: false,
      learningRules: [],
    });
    expect(isEnabledForUrl(settings, 'https://www.wsws.org/en/articles/2022/03/10/russ-m10.html')).toBe(true);
    expect(await settingsItem.getValue()).toEqual(DEFAULT_SETTINGS);
  });

  it('is stored under local:settings', async () => {
    await updateSettings((s) => ({ ...s, rules: ['example.com off'] }));
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({
      settings: {
        mode: 'everywhere-except',
        rules: ['example.com off'],
        readerTextSize: 100,
        userArchiveRules: [],
        learning: false,
        learningRules: [],
      },
    });
  });

  it('updateSettings writes, readSettings reads back, the defaults are never mutated', async () => {
    const next = await updateSettings((s) => {
      s.rules.push('example.com off');
      return s;
    });
    expect(next).toEqual({
      mode: 'everywhere-except',
      rules: ['example.com off'],
      readerTextSize: 100,
      userArchiveRules: [],
      learning: false,
      learningRules: [],
    });
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
    await expect(readSettings()).resolves.toEqual({
      mode: 'everywhere-except',
      rules: [],
      readerTextSize: 100,
      userArchiveRules: [],
      learning: false,
      learningRules: [],
    });
  });

  it('keeps what is sound in a damaged value', async () => {
    await fakeBrowser.storage.local.set({ settings: { mode: 'x', rules: [1, 'a.com off', null, { r: 1 }] } });
    await expect(readSettings()).resolves.toEqual({
      mode: 'everywhere-except',
      rules: ['a.com off'],
      readerTextSize: 100,
      userArchiveRules: [],
      learning: false,
      learningRules: [],
    });
    await fakeBrowser.storage.local.set({
      settings: { mode: 'only-listed', rules: 'a.com on', readerTextSize: 'big' },
    });
    await expect(readSettings()).resolves.toEqual({
      mode: 'only-listed',
      rules: [],
      readerTextSize: 100,
      userArchiveRules: [],
      learning: false,
      learningRules: [],
    });
  });

  it('migrates a version 1 value (site rules only) to version 5, keeping the rules', async () => {
    // What the first release stored: the value and WXT's version marker.
    await fakeBrowser.storage.local.set({
      settings: { mode: 'only-listed', rules: ['example.com on'] },
      settings$: { v: 1 },
    });
    await settingsItem.migrate();
    expect(await fakeBrowser.storage.local.get(['settings', 'settings$'])).toEqual({
      settings: {
        mode: 'only-listed',
        rules: ['example.com on'],
        readerTextSize: 100,
        userArchiveRules: [],
        learning: false,
        learningRules: [],
      },
      settings$: { v: 5 },
    });
    expect(isEnabledForUrl(await readSettings(), 'https://news.example.com/a')).toBe(true);
  });

  it('migrates a version 2 value to version 5: no site uses the user archive unasked', async () => {
    await fakeBrowser.storage.local.set({
      settings: { mode: 'everywhere-except', rules: ['example.com off'], readerTextSize: 130 },
      settings$: { v: 2 },
    });
    await settingsItem.migrate();
    expect(await fakeBrowser.storage.local.get(['settings', 'settings$'])).toEqual({
      settings: {
        mode: 'everywhere-except',
        rules: ['example.com off'],
        readerTextSize: 130,
        userArchiveRules: [],
        learning: false,
        learningRules: [],
      },
      settings$: { v: 5 },
    });
    expect(usesUserArchiveOn(await readSettings(), 'https://example.org/a')).toBe(false);
  });

  it('migrates a version 3 value to version 5: learning stays off until the user turns it on', async () => {
    await fakeBrowser.storage.local.set({
      settings: {
        mode: 'only-listed',
        rules: ['a.example on'],
        readerTextSize: 120,
        userArchiveRules: ['b.example on'],
      },
      settings$: { v: 3 },
    });
    await settingsItem.migrate();
    expect(await fakeBrowser.storage.local.get(['settings', 'settings$'])).toEqual({
      settings: {
        mode: 'only-listed',
        rules: ['a.example on'],
        readerTextSize: 120,
        userArchiveRules: ['b.example on'],
        learning: false,
        learningRules: [],
      },
      settings$: { v: 5 },
    });
    expect(learnsOn(await readSettings(), 'https://a.example/post')).toBe(false);
  });

  it('a version 4 value keeps the choice to learn, and learns only where Tweet Mender is on', async () => {
    await fakeBrowser.storage.local.set({
      settings: {
        mode: 'everywhere-except',
        rules: ['off.example off'],
        readerTextSize: 100,
        userArchiveRules: [],
        learning: true,
      },
      settings$: { v: 4 },
    });
    await settingsItem.migrate();
    expect(await fakeBrowser.storage.local.get('settings$')).toEqual({ settings$: { v: 5 } });
    const settings = await readSettings();
    expect(settings.learning).toBe(true);
    // Version 5 excludes no site from learning alone: learning follows the site switch, as before.
    expect(settings.learningRules).toEqual([]);
    expect(learnsOn(settings, 'https://on.example/post')).toBe(true);
    expect(learnsOn(settings, 'https://news.off.example/post')).toBe(false);
    // Only an explicit yes turns it on.
    expect(sanitizeSettings({ learning: 'true' }).learning).toBe(false);
    expect(sanitizeSettings({ learning: 1 }).learning).toBe(false);
  });

  it('a site excluded from learning alone learns nothing, and stays on for repairs', async () => {
    const settings = sanitizeSettings({
      learning: true,
      learningRules: ['diary.example off', 'public.diary.example on', 'https://news.example/private off', 7],
    });
    expect(settings.learningRules).toEqual([
      'diary.example off',
      'public.diary.example on',
      'https://news.example/private off',
    ]);
    expect(learnsOn(settings, 'https://diary.example/today')).toBe(false);
    expect(learnsOn(settings, 'https://www.diary.example/today')).toBe(false);
    // The most specific rule wins, as for the site switch.
    expect(learnsOn(settings, 'https://public.diary.example/post')).toBe(true);
    expect(learnsOn(settings, 'https://news.example/private')).toBe(false);
    expect(learnsOn(settings, 'https://news.example/public')).toBe(true);
    expect(isEnabledForUrl(settings, 'https://diary.example/today')).toBe(true);
    // Learning off: no rule turns it on.
    expect(learnsOn({ ...settings, learning: false }, 'https://public.diary.example/post')).toBe(false);
  });

  it('a value stored without its version mark keeps the fields it has when migrated again', async () => {
    // What WXT's first setValue leaves for a moment (the value, then the mark, in two writes): the value
    // of today, which another page's migration check reads as version 1.
    await fakeBrowser.storage.local.set({
      settings: {
        mode: 'everywhere-except',
        rules: [],
        readerTextSize: 150,
        userArchiveRules: ['example.org on'],
        learning: false,
        learningRules: [],
      },
    });
    await settingsItem.migrate();
    expect(await fakeBrowser.storage.local.get(['settings', 'settings$'])).toEqual({
      settings: {
        mode: 'everywhere-except',
        rules: [],
        readerTextSize: 150,
        userArchiveRules: ['example.org on'],
        learning: false,
        learningRules: [],
      },
      settings$: { v: 5 },
    });
  });

  it('reads the defaults when storage itself fails', async () => {
    vi.spyOn(settingsItem, 'getValue').mockRejectedValue(new Error('storage is gone'));
    await expect(readSettings()).resolves.toEqual({
      mode: 'everywhere-except',
      rules: [],
      readerTextSize: 100,
      userArchiveRules: [],
      learning: false,
      learningRules: [],
    });
  });

  it('watchSettings hears updateSettings, sanitised, until unwatched', async () => {
    const seen: unknown[] = [];
    const unwatch = watchSettings((s) => seen.push(s));
    await updateSettings((s) => ({ ...s, rules: ['example.com off'] }));
    await vi.waitFor(() =>
      expect(seen).toEqual([
        {
          mode: 'everywhere-except',
          rules: ['example.com off'],
          readerTextSize: 100,
          userArchiveRules: [],
          learning: false,
          learningRules: [],
        },
      ]),
    );

    // A damaged write still reaches the watcher as sound settings.
    await fakeBrowser.storage.local.set({ settings: { mode: 'x', rules: [1, 'b.com on'] } });
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]).toEqual({
      mode: 'everywhere-except',
      rules: ['b.com on'],
      readerTextSize: 100,
      userArchiveRules: [],
      learning: false,
      learningRules: [],
    });

    unwatch();
    await updateSettings((s) => ({ ...s, mode: 'only-listed' }));
    expect(seen).toHaveLength(2);
  });
});

describe('usesUserArchiveOn', () => {
  it('is off everywhere by default, and on where a rule says so (the site and its subdomains, or one page)', () => {
    const none = { userArchiveRules: [] };
    expect(usesUserArchiveOn(none, 'https://example.com/a')).toBe(false);
    const site = { userArchiveRules: ['example.com on', 'https://other.org/page on', 'not a rule'] };
    expect(usesUserArchiveOn(site, 'https://example.com/a')).toBe(true);
    expect(usesUserArchiveOn(site, 'https://news.example.com/b')).toBe(true);
    expect(usesUserArchiveOn(site, 'https://example.com.evil.test/')).toBe(false);
    expect(usesUserArchiveOn(site, 'https://other.org/page')).toBe(true);
    expect(usesUserArchiveOn(site, 'https://other.org/another')).toBe(false);
    expect(
      usesUserArchiveOn({ userArchiveRules: ['example.com on', 'news.example.com off'] }, 'https://news.example.com/'),
    ).toBe(false);
    expect(usesUserArchiveOn(site, 'not a url')).toBe(false);
  });
});

describe('sanitizeSettings', () => {
  it.each([
    [
      null,
      {
        mode: 'everywhere-except',
        rules: [],
        readerTextSize: 100,
        userArchiveRules: [],
        learning: false,
        learningRules: [],
      },
    ],
    [
      undefined,
      {
        mode: 'everywhere-except',
        rules: [],
        readerTextSize: 100,
        userArchiveRules: [],
        learning: false,
        learningRules: [],
      },
    ],
    [
      'a string',
      {
        mode: 'everywhere-except',
        rules: [],
        readerTextSize: 100,
        userArchiveRules: [],
        learning: false,
        learningRules: [],
      },
    ],
    [
      { mode: 'x', rules: [1, 'a.com off'] },
      {
        mode: 'everywhere-except',
        rules: ['a.com off'],
        readerTextSize: 100,
        userArchiveRules: [],
        learning: false,
        learningRules: [],
      },
    ],
    [
      { mode: 'only-listed' },
      { mode: 'only-listed', rules: [], readerTextSize: 100, userArchiveRules: [], learning: false, learningRules: [] },
    ],
    [
      { mode: 'only-listed', readerTextSize: 130 },
      { mode: 'only-listed', rules: [], readerTextSize: 130, userArchiveRules: [], learning: false, learningRules: [] },
    ],
    [
      { readerTextSize: 9000 },
      {
        mode: 'everywhere-except',
        rules: [],
        readerTextSize: 100,
        userArchiveRules: [],
        learning: false,
        learningRules: [],
      },
    ],
    [
      { readerTextSize: Number.NaN },
      {
        mode: 'everywhere-except',
        rules: [],
        readerTextSize: 100,
        userArchiveRules: [],
        learning: false,
        learningRules: [],
      },
    ],
    [
      { mode: 'only-listed', rules: ['a.com on'], extra: true },
      {
        mode: 'only-listed',
        rules: ['a.com on'],
        readerTextSize: 100,
        userArchiveRules: [],
        learning: false,
        learningRules: [],
      },
    ],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeSettings(input)).toEqual(expected);
  });

  it('keeps only the text lines of damaged user archive rules', () => {
    expect(sanitizeSettings({ userArchiveRules: 'example.com on' }).userArchiveRules).toEqual([]);
    expect(sanitizeSettings({ userArchiveRules: [1, null, 'example.com on', { a: 1 }] }).userArchiveRules).toEqual([
      'example.com on',
    ]);
  });

  it('returns a fresh rules array (never the default one)', () => {
    const a = sanitizeSettings(null);
    a.rules.push('x.com off');
    expect(sanitizeSettings(null).rules).toEqual([]);
  });
});

describe("the content script's plain read of the stored settings", () => {
  const browser = fakeBrowser as unknown as WebExtension;

  it('reads what updateSettings stored, the defaults when nothing is, and what is sound in a damaged value', async () => {
    await expect(readStoredSettings(browser)).resolves.toEqual(DEFAULT_SETTINGS);
    await updateSettings((s) => ({ ...s, rules: ['example.com off'] }));
    await expect(readStoredSettings(browser)).resolves.toEqual(await readSettings());
    await fakeBrowser.storage.local.set({ settings: { mode: 'x', rules: [1, 'a.com off'] } });
    await expect(readStoredSettings(browser)).resolves.toEqual({
      mode: 'everywhere-except',
      rules: ['a.com off'],
      readerTextSize: 100,
      userArchiveRules: [],
      learning: false,
      learningRules: [],
    });
  });

  it('reads a version 1 value the background has not migrated yet with the same site switch', async () => {
    await fakeBrowser.storage.local.set({
      settings: { mode: 'only-listed', rules: ['example.com on'] },
      settings$: { v: 1 },
    });
    const settings = await readStoredSettings(browser);
    expect(settings).toEqual({
      mode: 'only-listed',
      rules: ['example.com on'],
      readerTextSize: 100,
      userArchiveRules: [],
      learning: false,
      learningRules: [],
    });
    expect(isEnabledForUrl(settings, 'https://news.example.com/a')).toBe(true);
  });

  it('reads the defaults when storage itself fails', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValue(new Error('storage is gone'));
    await expect(readStoredSettings(browser)).resolves.toEqual(DEFAULT_SETTINGS);
  });

  it('hears updateSettings, sanitised, until unwatched', async () => {
    const seen: unknown[] = [];
    const unwatch = watchStoredSettings(browser, (s) => seen.push(s));
    await updateSettings((s) => ({ ...s, rules: ['example.com off'] }));
    await vi.waitFor(() =>
      expect(seen).toEqual([
        {
          mode: 'everywhere-except',
          rules: ['example.com off'],
          readerTextSize: 100,
          userArchiveRules: [],
          learning: false,
          learningRules: [],
        },
      ]),
    );
    await fakeBrowser.storage.local.set({ other: 1 });
    unwatch();
    await updateSettings((s) => ({ ...s, mode: 'only-listed' }));
    expect(seen).toHaveLength(1);
  });

  it('is defined without WXT storage, whose item runs its migration check when imported', () => {
    const source = readFileSync('src/sites/stored-settings.ts', 'utf8');
    expect(source).not.toMatch(/from 'wxt\/utils\/storage'/);
    expect(readFileSync('src/content/start.ts', 'utf8')).not.toMatch(/sites\/settings'/);
    expect(readFileSync('src/content/controller.ts', 'utf8')).not.toMatch(/sites\/settings'/);
  });
});
