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
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({ mode: 'everywhere-except', rules: [] });

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** A damaged stored value must not break the extension: keep what is sound, default the rest. */
export function sanitizeSettings(value: unknown): Settings {
  const v = (value && typeof value === 'object' ? value : {}) as Partial<Record<keyof Settings, unknown>>;
  return {
    mode: v.mode === 'only-listed' || v.mode === 'everywhere-except' ? v.mode : DEFAULT_SETTINGS.mode,
    rules: Array.isArray(v.rules) ? v.rules.filter((line): line is string => typeof line === 'string') : [],
  };
}

export async function readSettings(): Promise<Settings> {
  try {
    return sanitizeSettings(await settingsItem.getValue());
  } catch {
    return { ...DEFAULT_SETTINGS, rules: [] };
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

export function isEnabledForUrl(settings: Settings, url: string): boolean {
  return isEnabledFor(url, settings.mode, settings.rules);
}
