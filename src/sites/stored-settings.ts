/**
 * The stored settings, as every part of the extension reads them: where they
 * are kept, their defaults, the sanitiser, and a plain read and watch of the
 * stored value for the content script.
 *
 * The content script runs on every page, so it must not touch WXT's storage
 * item (settings.ts): defining an item with a version and migrations runs its
 * migration check at import, a storage read under a lock, on every page load,
 * before the page has finished loading (docs/performance.md, "Page load").
 * Migrations run in the background, which starts before any page, so by the
 * time a content script reads the value it has the current shape; and
 * sanitizeSettings accepts every older shape of what the content script uses
 * (the site switch has not changed since version 1).
 */
import type { WebExtension } from '../messages/web-extension';
import { findDecidingRule, isEnabledFor, parseRules, type SiteMode } from './rules';
import { SETTINGS_AREA, SETTINGS_KEY } from './settings-key';

export interface Settings {
  /** On everywhere except sites switched off (default), or only on sites switched on. */
  mode: SiteMode;
  /** Site rules, one per line (see rules.ts). */
  rules: string[];
  /** The reader's text size, in percent of the default (since version 2). */
  readerTextSize: number;
  /**
   * Sites (and pages) where the user's own archive repairs embeds without
   * being asked, as rule lines like `rules` ("example.com on"); off wherever
   * no line says on (since version 3). Everywhere else it answers only a
   * trusted click on a card (docs/security.md, "Hostile page: the user's archive").
   */
  userArchiveRules: string[];
  /**
   * Learn as you read (since version 4; off until the user turns it on): the
   * tweets the page's own embed code holds are kept in the user's archive, on
   * this machine only, on every site where Tweet Mender is on (src/learning/).
   */
  learning: boolean;
  /**
   * Sites (and pages) where nothing is learned although Tweet Mender is on
   * there, as rule lines like `rules` ("example.com off"; a more specific
   * "news.example.com on" learns there again); learning is on wherever no line
   * says off (since version 5).
   */
  learningRules: string[];
}

/** What decides whether Tweet Mender runs on a page. */
export type SiteSettings = Pick<Settings, 'mode' | 'rules'>;

/** The storage area and key that hold the settings (WXT's item is `local:settings`). */
export { SETTINGS_AREA, SETTINGS_KEY };

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  mode: 'everywhere-except',
  rules: [],
  readerTextSize: 100,
  userArchiveRules: [],
  learning: false,
  learningRules: [],
});

/** A damaged stored value must not break the extension: keep what is sound, default the rest. */
export function sanitizeSettings(value: unknown): Settings {
  const v = (value && typeof value === 'object' ? value : {}) as Partial<Record<keyof Settings, unknown>>;
  const size = v.readerTextSize;
  return {
    mode: v.mode === 'only-listed' || v.mode === 'everywhere-except' ? v.mode : DEFAULT_SETTINGS.mode,
    rules: readLines(v.rules),
    readerTextSize:
      typeof size === 'number' && Number.isFinite(size) && size >= 50 && size <= 200
        ? size
        : DEFAULT_SETTINGS.readerTextSize,
    userArchiveRules: readLines(v.userArchiveRules),
    // Only an explicit yes turns it on: a damaged value learns nothing.
    learning: v.learning === true,
    learningRules: readLines(v.learningRules),
  };
}

const readLines = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((line): line is string => typeof line === 'string') : [];

export function isEnabledForUrl(settings: SiteSettings, url: string): boolean {
  return isEnabledFor(url, settings.mode, settings.rules);
}

/** Whether the user chose "use my archive on this site" for the site (or the page) of `url`. */
export function usesUserArchiveOn(settings: Pick<Settings, 'userArchiveRules'>, url: string): boolean {
  return findDecidingRule(url, parseRules(settings.userArchiveRules).rules)?.enabled === true;
}

/** What decides whether a page teaches what its embeds say. */
export type LearningSettings = Pick<Settings, 'learning' | 'learningRules' | 'mode' | 'rules'>;

/**
 * Whether the content script on the page at `url` may keep what the page's
 * embeds say (src/learning/): learning is on, Tweet Mender is on for the
 * site, and no learning rule excludes it.
 */
export function learnsOn(settings: LearningSettings, url: string): boolean {
  if (!settings.learning || !isEnabledForUrl(settings, url)) return false;
  return findDecidingRule(url, parseRules(settings.learningRules).rules)?.enabled !== false;
}

type Storage = Pick<WebExtension, 'storage'>;

/** The stored settings, sanitised; the defaults when nothing is stored or storage fails. */
export async function readStoredSettings(browser: Storage): Promise<Settings> {
  try {
    const stored = (await browser.storage[SETTINGS_AREA].get(SETTINGS_KEY)) as Record<string, unknown>;
    return sanitizeSettings(stored[SETTINGS_KEY]);
  } catch {
    return sanitizeSettings(null);
  }
}

/** Calls `onChange` with the sanitised settings whenever they are stored; returns the unwatch. */
export function watchStoredSettings(browser: Storage, onChange: (settings: Settings) => void): () => void {
  const area = browser.storage[SETTINGS_AREA];
  const listener = (changes: Record<string, { newValue?: unknown }>) => {
    if (Object.hasOwn(changes, SETTINGS_KEY)) onChange(sanitizeSettings(changes[SETTINGS_KEY]?.newValue));
  };
  area.onChanged.addListener(listener);
  return () => area.onChanged.removeListener(listener);
}
