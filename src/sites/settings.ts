/**
 * The user's settings, defined once (WXT storage). Versioned from the first
 * release: a future shape change adds a migration here
 * (https://wxt.dev/storage.html#versioning-with-migrations). The key, the
 * defaults and the sanitiser live in stored-settings.ts, shared with the
 * content script, which reads the stored value without this item (its
 * migration check would run on every page load).
 *
 * Writes never lose each other's changes (docs/security.md, "Hostile file",
 * settings). The popup, the options page, the reader and the keyboard
 * shortcut all change the one stored value; a read-modify-write in two of
 * them at once would keep only the last. So every change is made where the
 * value was read (`base`) into what the writer wants (`next`), and the
 * background, the one writer, merges it into the value as it is now, one
 * change at a time: fields the writer left alone keep whatever they hold
 * now; a list of lines (the rules) takes the lines the writer added and
 * drops those it removed, and keeps what others did meanwhile. The merge
 * knows no field by name, so a setting added later merges the same way.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { Message, Reply } from '../messages/protocol';
import type { WebExtension } from '../messages/web-extension';
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
  learnsOn,
  sanitizeSettings,
  type LearningSettings,
  usesUserArchiveOn,
  type Settings,
  type SiteSettings,
} from './stored-settings';

/** Version 1 (the first release) had the site switch only. */
type SettingsV1 = SiteSettings;
/** Version 2 added the reader's text size. */
type SettingsV2 = SettingsV1 & Pick<Settings, 'readerTextSize'>;
/** Version 3 added "use my archive on this site". */
type SettingsV3 = SettingsV2 & Pick<Settings, 'userArchiveRules'>;
/** Version 4 added learning as you read. */
type SettingsV4 = SettingsV3 & Pick<Settings, 'learning'>;

export const settingsItem = storage.defineItem<Settings>(`${SETTINGS_AREA}:${SETTINGS_KEY}`, {
  fallback: DEFAULT_SETTINGS,
  version: 5,
  // A migration keeps any field the value already has: WXT writes a value and its version mark
  // separately (setValue's first write), so a page opening in between finds the new value marked as
  // version 1 and migrates it again; replacing a field there lost the user's choice.
  migrations: {
    2: (v1: SettingsV1): SettingsV2 => ({
      ...v1,
      readerTextSize: (v1 as Partial<SettingsV2>).readerTextSize ?? DEFAULT_SETTINGS.readerTextSize,
    }),
    // Version 3: "use my archive on this site" (no site at first: the user's archive answers only when asked).
    3: (v2: SettingsV2): SettingsV3 => ({
      ...v2,
      userArchiveRules: (v2 as Partial<Settings>).userArchiveRules ?? [],
    }),
    // Version 4: learn as you read, off until the user turns it on (issue 14: opt-in).
    4: (v3: SettingsV3): SettingsV4 => ({
      ...v3,
      learning: (v3 as Partial<Settings>).learning ?? false,
    }),
    // Version 5: sites excluded from learning alone (none at first: learning follows the site switch, as before).
    5: (v4: SettingsV4): Settings => ({
      ...v4,
      learningRules: (v4 as Partial<Settings>).learningRules ?? [],
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

const isLines = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((line) => typeof line === 'string');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Three-way merge of lines: the lines `next` added to `base` come in, the
 * ones it removed go, and what changed from `base` to `current` elsewhere
 * stays changed. In `next`'s order, then the lines added elsewhere. Linear:
 * one set per list.
 */
export function mergeLines(base: readonly string[], next: readonly string[], current: readonly string[]): string[] {
  if (same(base, next)) return [...current];
  if (same(base, current)) return [...next];
  const inBase = new Set(base);
  const inNext = new Set(next);
  const inCurrent = new Set(current);
  // A line of the base that is gone now was removed elsewhere: it stays gone, unless this writer added it.
  const kept = next.filter((line) => inCurrent.has(line) || !inBase.has(line));
  const addedElsewhere = current.filter((line) => !inBase.has(line) && !inNext.has(line));
  return [...kept, ...addedElsewhere];
}

/** `current` with the change from `base` to `next` applied, field by field (see the top of this file). */
export function mergeSettings(base: Settings, next: Settings, current: Settings): Settings {
  const merged: Record<string, unknown> = { ...current };
  const field = (settings: Settings, key: string): unknown => (settings as unknown as Record<string, unknown>)[key];
  for (const key of Object.keys(next)) {
    const [from, to, now] = [field(base, key), field(next, key), field(current, key)];
    if (same(from, to)) continue;
    merged[key] = isLines(from) && isLines(to) && isLines(now) ? mergeLines(from, to, now) : to;
  }
  return sanitizeSettings(merged);
}

/** The background's writes, one after the other. */
let writes: Promise<unknown> = Promise.resolve();

/**
 * In the background: stores `change` applied to the settings as they are,
 * after every change asked before it. Every write goes through here.
 */
export function changeSettings(change: (current: Settings) => Settings): Promise<Settings> {
  const write = writes.then(async () => {
    const next = sanitizeSettings(change(await readSettings()));
    await settingsItem.setValue(next);
    return next;
  });
  writes = write.catch(() => undefined);
  return write;
}

/** In the background: a page's change (from `base` to `next`), merged into the settings as they are. */
export function mergeSettingsChange(base: unknown, next: unknown): Promise<Settings> {
  const [from, to] = [sanitizeSettings(base), sanitizeSettings(next)];
  return changeSettings((current) => mergeSettings(from, to, current));
}

/**
 * From a page (popup, options, reader): asks the background to merge the
 * change from `base` (what this page read) to `next`. Without a background to
 * answer, the change is merged here.
 */
export async function saveSettings(
  base: Settings,
  next: Settings,
  runtime: Pick<WebExtension, 'runtime'> = browser,
): Promise<Settings> {
  const message: Message<'update-settings'> = { type: 'update-settings', base, next };
  // No listener at all rejects; a page that is not the background leaves the message unanswered.
  const reply = (await runtime.runtime.sendMessage(message).catch(() => undefined)) as
    Reply<'update-settings'> | undefined;
  if (reply && typeof reply === 'object' && typeof reply.ok === 'boolean') {
    if (!reply.ok) throw new Error(reply.error);
    return sanitizeSettings(reply.value);
  }
  return mergeSettingsChange(base, next);
}

/** From a page: reads the settings, changes them, and saves the change (merged by the background). */
export async function updateSettings(
  change: (current: Settings) => Settings,
  runtime?: Pick<WebExtension, 'runtime'>,
): Promise<Settings> {
  const base = await readSettings();
  return saveSettings(base, sanitizeSettings(change(structuredClone(base))), runtime);
}
