/**
 * What `npm run new:form -- <kind>` (scripts/new-embed-form.ts) does to start
 * a new embed form (docs/embed-forms.md, "Adding a form"). It writes the detector's file from
 * a template, lists it in the registry (before the detector of `--before`,
 * by default the standard embed code's, so that a wrapper is looked at before
 * the blockquote and the status links inside it), and adds what the form
 * needs elsewhere: a fixture and its (empty) verdicts, the fixtures' README
 * row, a label in every locale, a section in docs/embed-forms.md and a row in
 * docs/detection.md.
 *
 * Everything a person must write is marked TODO(new-form), and
 * tests/unit/embed-forms.test.ts fails on every marker left and on the empty
 * verdicts (no fixture shows the kind yet): the procedure ends when that
 * test passes.
 * It never overwrites: a kind that has a file, a fixture or a label already is refused.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';

export const TODO = 'TODO(new-form)';

export interface NewFormOptions {
  /** The repository's root. */
  root: string;
  kind: string;
  /** The kind whose detector the new one goes right before in the registry. */
  before?: string;
}

const DETECTORS = 'src/embeds/detectors';
const REGISTRY = 'src/embeds/registry.ts';
const FIXTURES = 'tests/fixtures/embeds';
const LOCALES = 'public/_locales';

const camel = (kind: string) => kind.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The exported name of the detector of `kind`, read from the detectors' files. */
function detectorName(root: string, kind: string): string {
  for (const name of readdirSync(join(root, DETECTORS))) {
    const text = readFileSync(join(root, DETECTORS, name), 'utf8');
    if (!text.includes(`kind: '${kind}'`)) continue;
    const exported = /export const (\w+)/.exec(text)?.[1];
    if (exported) return exported;
  }
  throw new Error(`no detector of kind '${kind}' in ${DETECTORS}/`);
}

function detectorSource(kind: string, name: string): string {
  return `import type { Detector } from '../types';

/**
 * ${TODO}: what the form is and where it comes from, its markup and its
 * states, as docs/embed-forms.md#${kind} describes them.
 */
export const ${name}: Detector<'${kind}'> = {
  kind: '${kind}',
  // ${TODO}: the elements this detector is handed (\`selector\` at the top of src/embeds/types.ts).
  selector: '.${kind}',
  // For each part of the selector, how the scan's one query reaches it (\`hooks\`, src/embeds/types.ts):
  // every hook the query does not hold yet costs every scan of every page; prefer one it holds, or INSIDE.
  hooks: { '.${kind}': '.${kind}' },
  // What every embed of the form is or holds, for the first stage (\`signs\`, src/embeds/types.ts): as narrow as
  // the form allows, never \`blockquote\`, \`figure\` or \`iframe\` alone.
  signs: '.${kind}',
  // The elements inside which a status link is this form's (\`container\`, src/embeds/types.ts), if any.
  container: '.${kind}',
  detect() {
    // ${TODO}: the verdict on the element (\`Detection\` in src/embeds/types.ts; shared verdicts in src/embeds/).
    return null;
  },
};
`;
}

function fixtureSource(kind: string): string {
  return `<!--
  VARIANT: ${TODO}: which variant of ${kind} this page shows.
  STATUS: ${TODO}: real (from where, with its licence), reconstructed (from what) or constructed (after which
          section of docs/embed-forms.md, and what is invented).
  EXPECTED VERDICT: ${TODO}: each detection, in page order, as verdicts.json holds it.
-->
<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${kind}</title>
  </head>
  <body></body>
</html>
`;
}

/** Inserts a message after the last `"kind_…": {…},` entry of a messages.json, keeping the file's layout. */
function addMessage(text: string, key: string, message: string): string {
  const last = text.lastIndexOf('\n  "kind_');
  if (last < 0) throw new Error('no kind_ message to add after');
  const open = text.indexOf('{', last);
  let depth = 0;
  let end = open;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      // Braces inside a message are text.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      end = i;
      break;
    }
  }
  const multiline = text.slice(open, end).includes('\n');
  const value = multiline
    ? `{\n    "message": ${JSON.stringify(message)}\n  }`
    : `{ "message": ${JSON.stringify(message)} }`;
  const comma = text.indexOf(',', end);
  const updated = `${text.slice(0, comma + 1)}\n  ${JSON.stringify(key)}: ${value},${text.slice(comma + 1)}`;
  JSON.parse(updated);
  return updated;
}

/** A row inserted into the Markdown table under `afterHeader`, before the first row `before` accepts, or at its end. */
function addRow(text: string, row: string, before: (line: string) => boolean, afterHeader: string): string {
  const lines = text.split('\n');
  const header = lines.findIndex((line) => line.startsWith(afterHeader));
  if (header < 0) throw new Error(`no table starting "${afterHeader}"`);
  let at = header + 2;
  while (at < lines.length && lines[at]?.startsWith('|') && !before(lines[at] as string)) at++;
  lines.splice(at, 0, row);
  return lines.join('\n');
}

/** Writes the new form's files and entries; returns the files it wrote or changed. */
export async function addEmbedForm({ root, kind, before = 'widgets-blockquote' }: NewFormOptions): Promise<string[]> {
  if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(kind)) {
    throw new Error(`'${kind}' is not a kind: lower-case words joined by hyphens (amp-twitter)`);
  }
  const name = `${camel(kind)}Detector`;
  const file = `${DETECTORS}/${kind}.ts`;
  const fixture = `${kind}.constructed.html`;
  const key = `kind_${kind.replaceAll('-', '_')}`;
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  const languages = readdirSync(join(root, LOCALES));
  const taken = [
    existsSync(join(root, file)) && file,
    existsSync(join(root, FIXTURES, fixture)) && `${FIXTURES}/${fixture}`,
    ...languages.map((lang) => read(`${LOCALES}/${lang}/messages.json`).includes(`"${key}"`) && `${lang}: ${key}`),
    read(REGISTRY).includes(`${name},`) && REGISTRY,
  ].filter(Boolean);
  if (taken.length) throw new Error(`'${kind}' exists already: ${taken.join(', ')}`);
  const beforeName = detectorName(root, before);

  const changes = new Map<string, string>();
  changes.set(file, detectorSource(kind, name));

  let registry = read(REGISTRY);
  const imports = [...registry.matchAll(/^import \{ \w+ \} from '\.\/detectors\/([\w-]+)';$/gm)];
  const next = imports.find((m) => (m[1] as string) > kind) ?? null;
  const importLine = `import { ${name} } from './detectors/${kind}';\n`;
  const lastImport = imports[imports.length - 1];
  if (!lastImport) throw new Error(`${REGISTRY}: no detector imports`);
  const importAt = next ? (next.index as number) : (lastImport.index as number) + lastImport[0].length + 1;
  registry = registry.slice(0, importAt) + importLine + registry.slice(importAt);
  const entry = `\n  ${beforeName},\n`;
  const entryAt = registry.indexOf(entry, registry.indexOf('export const DETECTORS'));
  if (entryAt < 0) throw new Error(`${REGISTRY}: ${beforeName} is not in DETECTORS`);
  registry = `${registry.slice(0, entryAt)}\n  ${name},${registry.slice(entryAt)}`;
  changes.set(REGISTRY, registry);

  for (const lang of languages) {
    const path = `${LOCALES}/${lang}/messages.json`;
    changes.set(path, addMessage(read(path), key, `${TODO}: the popup's name for ${kind} (${lang})`));
  }

  changes.set(`${FIXTURES}/${fixture}`, fixtureSource(kind));
  const verdicts = JSON.parse(read(`${FIXTURES}/verdicts.json`)) as Record<string, unknown>;
  verdicts[fixture] = [];
  const sorted = Object.fromEntries(Object.entries(verdicts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  changes.set(`${FIXTURES}/verdicts.json`, `${JSON.stringify(sorted, null, 2)}\n`);
  changes.set(
    `${FIXTURES}/README.md`,
    addRow(
      read(`${FIXTURES}/README.md`),
      `| \`${fixture}\` | ${TODO}: its origin | [\`${kind}\`](../../../docs/embed-forms.md#${kind}) |`,
      (line) => (/^\| `([^`]+)`/.exec(line)?.[1] ?? '') > fixture,
      '| File |',
    ),
  );

  const forms = read('docs/embed-forms.md');
  const adding = forms.indexOf('\n## Adding a form');
  if (adding < 0) throw new Error('docs/embed-forms.md: no "Adding a form" section');
  const section =
    `\n### ${kind}\n\n${TODO}: **what the form is**, where it is found, its real markup (shortened with \`…\`), ` +
    `a table of its states (status and reason), where the tweet id comes from, and its fixtures: ` +
    `\`${fixture}\` (real, reconstructed or constructed, and from what).\n`;
  changes.set('docs/embed-forms.md', forms.slice(0, adding) + section + forms.slice(adding));
  changes.set(
    'docs/detection.md',
    addRow(
      read('docs/detection.md'),
      `| ${TODO}: the form | [\`${kind}\`](embed-forms.md#${kind}) | ${TODO} | ${TODO} | ${TODO} |`,
      (line) => line.includes('(embed-forms.md#site-fallback)'),
      '| Form ',
    ),
  );

  for (const [path, text] of changes) {
    const target = join(root, path);
    const ignored = path.startsWith('tests/fixtures/');
    const options = await resolveConfig(target);
    writeFileSync(target, ignored ? text : await format(text, { ...options, filepath: target }));
  }
  return [...changes.keys()];
}
