/**
 * The script that starts an embed form (scripts/new-embed-form.ts,
 * docs/embed-forms.md, "Adding a form"), on a copy of the files it edits:
 * it writes the detector's file and every entry the form needs, each marked
 * for a person to finish, keeps every file it edits valid and in its layout,
 * and never overwrites a form that exists.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addEmbedForm, TODO } from '../../scripts/embed-form-files';

const COPIED = [
  'src/embeds/detectors',
  'src/embeds/registry.ts',
  'public/_locales',
  'tests/fixtures/embeds/verdicts.json',
  'tests/fixtures/embeds/README.md',
  'docs/embed-forms.md',
  'docs/detection.md',
  '.prettierrc.json',
];
let root = '';

function copyRepository(): string {
  root = mkdtempSync(join(tmpdir(), 'tm-new-form-'));
  for (const path of COPIED) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    cpSync(path, join(root, path), { recursive: true });
  }
  return root;
}
const read = (path: string) => readFileSync(join(root, path), 'utf8');

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = '';
});

describe('npm run new:form', () => {
  it('writes the detector and every entry its form needs, marked for a person to finish', async () => {
    copyRepository();
    const before = Object.fromEntries(
      ['src/embeds/registry.ts', 'public/_locales/en/messages.json', 'public/_locales/ru/messages.json'].map((p) => [
        p,
        read(p),
      ]),
    );
    const written = await addEmbedForm({ root, kind: 'blog-card' });
    expect(written.sort()).toEqual(
      [
        'src/embeds/detectors/blog-card.ts',
        'src/embeds/registry.ts',
        'public/_locales/en/messages.json',
        'public/_locales/ru/messages.json',
        'tests/fixtures/embeds/blog-card.constructed.html',
        'tests/fixtures/embeds/verdicts.json',
        'tests/fixtures/embeds/README.md',
        'docs/embed-forms.md',
        'docs/detection.md',
      ].sort(),
    );

    const detector = read('src/embeds/detectors/blog-card.ts');
    expect(detector).toContain("export const blogCardDetector: Detector<'blog-card'> = {");
    expect(detector).toContain("kind: 'blog-card',");
    expect(detector).toContain(TODO);

    // Listed right before the standard embed code's detector, imported in alphabetical order.
    const registry = read('src/embeds/registry.ts');
    expect(registry).toContain("import { blogCardDetector } from './detectors/blog-card';\n");
    expect(registry.indexOf("from './detectors/amp-twitter'")).toBeLessThan(registry.indexOf('blogCardDetector'));
    expect(registry.indexOf('blogCardDetector')).toBeLessThan(registry.indexOf("from './detectors/discourse-embed'"));
    const list = registry.slice(registry.indexOf('export const DETECTORS'));
    expect(list).toMatch(/\n {2}reactTweetDetector,\n {2}blogCardDetector,\n {2}widgetsBlockquoteDetector,\n/);
    // Nothing else in the file changed.
    expect(registry.replace("import { blogCardDetector } from './detectors/blog-card';\n", '')).toBe(
      (before['src/embeds/registry.ts'] as string).replace(
        '  widgetsBlockquoteDetector,\n',
        '  blogCardDetector,\n  widgetsBlockquoteDetector,\n',
      ),
    );

    for (const lang of ['en', 'ru']) {
      const path = `public/_locales/${lang}/messages.json`;
      const messages = JSON.parse(read(path)) as Record<string, { message: string }>;
      expect(messages.kind_blog_card?.message).toContain(TODO);
      // One entry more, the others as they were.
      const old = JSON.parse(before[path] as string) as Record<string, unknown>;
      expect(Object.keys(messages)).toHaveLength(Object.keys(old).length + 1);
      expect(read(path).split('\n').length - (before[path] as string).split('\n').length).toBe(lang === 'en' ? 1 : 3);
    }

    const verdicts = JSON.parse(read('tests/fixtures/embeds/verdicts.json')) as Record<string, unknown[]>;
    expect(verdicts['blog-card.constructed.html']).toEqual([]);
    expect(Object.keys(verdicts)).toEqual([...Object.keys(verdicts)].sort());
    const fixture = read('tests/fixtures/embeds/blog-card.constructed.html');
    expect(fixture).toMatch(/^<!--[\s\S]*STATUS:[\s\S]*EXPECTED VERDICT:[\s\S]*-->/);

    const readme = read('tests/fixtures/embeds/README.md');
    expect(readme).toMatch(/\n\| `blog-card\.constructed\.html` \| TODO\(new-form\)[^\n]*\n\| `discourse-stalled/);
    const forms = read('docs/embed-forms.md');
    expect(forms).toMatch(/\n### blog-card\n\nTODO\(new-form\)[\s\S]*\n## Adding a form/);
    const detection = read('docs/detection.md');
    const rows = detection.split('\n').filter((line) => line.startsWith('| '));
    const row = rows.findIndex((line) => line.includes('(embed-forms.md#blog-card)'));
    expect(rows[row + 1]).toContain('(embed-forms.md#site-fallback)');
    expect(rows[row]).toContain(TODO);
  });

  it('puts the detector before the one --before names', async () => {
    copyRepository();
    await addEmbedForm({ root, kind: 'zine-card', before: 'amp-twitter' });
    const registry = read('src/embeds/registry.ts');
    expect(registry.slice(registry.indexOf('export const DETECTORS'))).toContain(
      '  renderedWidgetDetector,\n  zineCardDetector,\n  ampTwitterDetector,\n',
    );
    // Imported last: no detector's file comes after it.
    expect(registry).toContain(
      "import { wordpressEmbedDetector } from './detectors/wordpress-embed';\nimport { zineCardDetector } from './detectors/zine-card';\n",
    );
  });

  it('refuses a name that is not a kind, a kind that exists, and an unknown --before', async () => {
    copyRepository();
    await expect(addEmbedForm({ root, kind: 'Blog Card' })).rejects.toThrow('is not a kind');
    await expect(addEmbedForm({ root, kind: 'amp-twitter' })).rejects.toThrow('exists already');
    await expect(addEmbedForm({ root, kind: 'new-card', before: 'no-such-form' })).rejects.toThrow(
      "no detector of kind 'no-such-form'",
    );
    writeFileSync(join(root, 'tests/fixtures/embeds/old-card.constructed.html'), 'mine');
    await expect(addEmbedForm({ root, kind: 'old-card' })).rejects.toThrow('exists already');
    expect(read('tests/fixtures/embeds/old-card.constructed.html')).toBe('mine');
    // Nothing was written by the refused runs.
    for (const path of ['src/embeds/registry.ts', 'docs/embed-forms.md']) {
      expect(read(path), path).toBe(readFileSync(path, 'utf8'));
    }
  });
});
