/**
 * The user's settings, defined once (WXT storage). Versioned from the first
 * release: a future shape change adds a migration here
 * (https://wxt.dev/storage.html#versioning-with-migrations). The key, the
 * defaults and the sanitiser live in stored-settings.ts, shared with the
 * content script, which reads the stored value without this item (its
 * migration check would run on every page load).
 */
import { storage } from 'wxt/utils/storage';
import {
  DEFAULT_SETTINGS,
  SETTINGS_AREA,
  SETTINGS_KEY,
  sanitizeSettings,
  type Settings,
  type SiteSettings,
} from './stored-settings';

export {
  DEFAULT_SETTINGS,
  isEnabledForUrl,
  sanitizeSettings,
  type Settings,
  type SiteSettings,
} from './stored-settings';

/** Version 1 (the first release) had the site switch only. */
type SettingsV1 = SiteSettings;

export const settingsItem = storage.defineItem<Settings>(`${SETTINGS_AREA}:${SETTINGS_KEY}`, {
  fallback: DEFAULT_SETTINGS,
  version: 2,
  migrations: {
    2: (v1: SettingsV1): Settings => ({ ...v1, readerTextSize: DEFAULT_SETTINGS.readerTextSize }),
  },
});

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
