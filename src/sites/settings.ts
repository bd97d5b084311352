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
  usesUserArchiveOn,
  type Settings,
  type SiteSettings,
} from './stored-settings';

/** Version 1 (the first release) had the site switch only. */
type SettingsV1 = SiteSettings;
/** Version 2 added the reader's text size. */
type SettingsV2 = SettingsV1 & Pick<Settings, 'readerTextSize'>;

export const settingsItem = storage.defineItem<Settings>(`${SETTINGS_AREA}:${SETTINGS_KEY}`, {
  fallback: DEFAULT_SETTINGS,
  version: 3,
  // A migration keeps any field the value already has: WXT writes a value and its version mark
  // separately (setValue's first write), so a page opening in between finds the new value marked as
  // version 1 and migrates it again; replacing a field there lost the user's choice.
  migrations: {
    2: (v1: SettingsV1): SettingsV2 => ({
      ...v1,
      readerTextSize: (v1 as Partial<SettingsV2>).readerTextSize ?? DEFAULT_SETTINGS.readerTextSize,
    }),
    // Version 3: "use my archive on this site" (no site at first: the user's archive answers only when asked).
    3: (v2: SettingsV2): Settings => ({
      ...v2,
      userArchiveRules: (v2 as Partial<Settings>).userArchiveRules ?? [],
    }),
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
