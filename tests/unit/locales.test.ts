/**
 * Every user-visible string goes through _locales, complete in every language
 * the extension ships (English and Russian).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/embeds/registry';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const read = (lang: string) => JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')) as Messages;
const en = read('en');
const LANGUAGES = readdirSync('public/_locales');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : /\.(ts|html)$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('locales', () => {
  it('ships English and Russian', () => {
    expect(LANGUAGES.sort()).toEqual(['en', 'ru']);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every English message, with the same placeholders', (lang) => {
    const messages = read(lang);
    expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
    for (const [key, entry] of Object.entries(en)) {
      const translated = messages[key]!;
      expect(translated.message.trim(), key).not.toBe('');
      expect(Object.keys(translated.placeholders ?? {}).sort(), key).toEqual(
        Object.keys(entry.placeholders ?? {}).sort(),
      );
      // Every placeholder the English text uses is used in the translation too.
      for (const name of entry.message.match(/\$[A-Z_]+\$/g) ?? []) expect(translated.message, key).toContain(name);
    }
  });

  it('every message the code asks for exists', () => {
    const used = new Set<string>();
    for (const file of [...sourceFiles('src'), ...sourceFiles('entrypoints')]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/data-i18n(?:-label|-placeholder)?="([A-Za-z0-9_]+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((key) => !en[key])).toEqual([]);
  });

  it('every embed kind, status and reason the popup can show has a message', () => {
    const statuses = ['rendered', 'pending', 'broken', 'unavailable', 'repaired'];
    for (const detector of DETECTORS)
      expect(en[`kind_${detector.kind.replaceAll('-', '_')}`], detector.kind).toBeDefined();
    for (const status of statuses) expect(en[`status_${status}`], status).toBeDefined();
  });
});
