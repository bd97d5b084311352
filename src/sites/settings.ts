/**
 * The user's settings, defined once (WXT storage). Versioned from the first
 * release: a future shape change adds a migration here
 * (https://wxt.dev/storage.html#versioning-with-migrations).
 */
import { storage } from 'wxt/utils/storage';
import { isEnabledFor, type SiteMode } from './rules';

export interface Settings {
  /** On everywhere except sites switched off (default), or only on sites switched on. */
  mode: SiteMode;
  /** Site rules, one per line (see rules.ts). */
  rules: string[];
  /** The reader's text size, in percent of the default (since version 2). */
  readerTextSize: number;
}

/** What decides whether Tweet Mender runs on a page. */
export type SiteSettings = Pick<Settings, 'mode' | 'rules'>;

/** Version 1 (the first release) had the site switch only. */
type SettingsV1 = SiteSettings;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  mode: 'everywhere-except',
  rules: [],
  readerTextSize: 100,
});

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 2,
  migrations: {
    2: (v1: SettingsV1): Settings => ({ ...v1, readerTextSize: DEFAULT_SETTINGS.readerTextSize }),
  },
});

/** A damaged stored value must not break the extension: keep what is sound, default the rest. */
export function sanitizeSettings(value: unknown): Settings {
  const v = (value && typeof value === 'object' ? value : {}) as Partial<Record<keyof Settings, unknown>>;
  const size = v.readerTextSize;
  return {
    mode: v.mode === 'only-listed' || v.mode === 'everywhere-except' ? v.mode : DEFAULT_SETTINGS.mode,
    rules: Array.isArray(v.rules) ? v.rules.filter((line): line is string => typeof line === 'string') : [],
    readerTextSize:
      typeof size === 'number' && Number.isFinite(size) && size >= 50 && size <= 200
        ? size
        : DEFAULT_SETTINGS.readerTextSize,
  };
}

export async function readSettings(): Promise<Settings> {
  try {
    return sanitizeSettings(await settingsItem.getValue());
  } catch {
    return sanitizeSettings(null);
  }
}

export function watchSettings(onChange: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => onChange(sanitizeSettings(value)));
}

export async function updateSettings(change: (current: Settings) => Settings): Promise<Settings> {
  const next = sanitizeSettings(change(await readSettings()));
  await settingsItem.setValue(next);
  return next;
}

export function isEnabledForUrl(settings: SiteSettings, url: string): boolean {
  return isEnabledFor(url, settings.mode, settings.rules);
}
