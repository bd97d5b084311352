/**
 * One embed form, one file (docs/embed-forms.md, "Adding a form"): everything
 * a registered detector needs besides its own file is checked here, per
 * detector, so that a form added without it fails with a list of what is
 * missing, as Refined GitHub's meta-test does for its features
 * (https://github.com/refined-github/refined-github, `build/__snapshots__`
 * and its `readme` check):
 *
 * - its file: src/embeds/detectors/ holds it, alone in its file, and every
 *   detector there is registered;
 * - a fixture whose verdicts (tests/fixtures/embeds/verdicts.json) show each
 *   kind it reports, listed in that folder's README.md;
 * - its label in every locale (the key derived from the kind, src/embeds/labels.ts);
 * - its section in docs/embed-forms.md, naming that fixture, and its row in
 *   the table of docs/detection.md;
 * - hooks for exactly the parts of its selector, each reaching every element
 *   that part matches in the fixtures and test pages (or, when they show
 *   none, the plainest element the part describes), and held by the scan's
 *   query; a form reached from inside must hold a hook wherever it is recognised;
 * - no marker left by the script that starts a form (scripts/new-embed-form.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { kindLabelKey } from '../../src/embeds/labels';
import { DETECTORS } from '../../src/embeds/registry';
import { combinedSelector, detectElement, selectorParts } from '../../src/embeds/scan';
import { INSIDE, type Detector, type EmbedKind } from '../../src/embeds/types';

/** What the script that starts a form writes where a person must write instead. */
const TODO = 'TODO(new-form)';
const FIXTURES = 'tests/fixtures/embeds';
const DETECTOR_DIR = 'src/embeds/detectors';

interface Messages {
  [key: string]: { message: string } | undefined;
}

/** Everything outside a detector's file that its form needs. */
interface FormSources {
  registry: readonly Detector[];
  /** The file each detector was found in; a detector in none, or in a file with another, has no entry. */
  files: Map<Detector, string>;
  /** Files under src/embeds/detectors/ and the detectors each exports. */
  exportsByFile: Map<string, Detector[]>;
  verdicts: Record<string, { kind: string }[]>;
  fixtureFiles: readonly string[];
  fixtureReadme: string;
  /** Parsed fixtures and test pages, where the hooks are tried. */
  pages: readonly Document[];
  messages: Record<string, Messages>;
  embedForms: string;
  detection: string;
  query: string;
  read: (file: string) => string;
}

/** The text of a `### <kind>` section of docs/embed-forms.md, up to the next heading of its level or above. */
function sectionOf(markdown: string, kind: string): string | null {
  const start = markdown.indexOf(`\n### ${kind}\n`);
  if (start < 0) return null;
  const rest = markdown.slice(start + 1);
  const end = rest.slice(4).search(/\n#{1,3} /);
  return end < 0 ? rest : rest.slice(0, end + 4);
}

/**
 * The plainest element a compound selector (tag, classes, id, attributes)
 * describes, or null when the selector is anything else.
 */
function plainestElement(doc: Document, part: string): Element | null {
  const match = /^([a-zA-Z][\w-]*)?((?:\.[\w-]+|#[\w-]+|\[[^\]]+\])*)$/.exec(part);
  if (!match) return null;
  const el = doc.createElement(match[1] ?? 'div');
  for (const piece of match[2]?.match(/\.[\w-]+|#[\w-]+|\[[^\]]+\]/g) ?? []) {
    if (piece.startsWith('.')) el.classList.add(piece.slice(1));
    else if (piece.startsWith('#')) el.id = piece.slice(1);
    else {
      const attr = /^\[\s*([\w-]+)\s*(?:[*^$~|]?=\s*"([^"]*)"\s*(?:i\s*)?)?\]$/.exec(piece);
      if (!attr) return null;
      el.setAttribute(attr[1] as string, attr[2] ?? '');
    }
  }
  return el.matches(part) ? el : null;
}

const isSelector = (doc: Document, selector: string) => {
  try {
    doc.querySelector(selector);
    return true;
  } catch {
    return false;
  }
};

/** What the form of `detector` lacks; empty when it has everything. */
function findFormProblems(detector: Detector, sources: FormSources): string[] {
  const problems: string[] = [];
  const kinds: string[] = [detector.kind, ...(detector.alsoReports ?? [])];
  const file = sources.files.get(detector);
  if (!file) problems.push(`not alone in a file of ${DETECTOR_DIR}/`);

  // A fixture that shows each kind, listed in the fixtures' README.
  const fixturesOf = (kind: string) =>
    Object.entries(sources.verdicts)
      .filter(([name, list]) => sources.fixtureFiles.includes(name) && list.some((v) => v.kind === kind))
      .map(([name]) => name);
  for (const kind of kinds) {
    const fixtures = fixturesOf(kind);
    if (!fixtures.length) problems.push(`${kind}: no fixture whose verdicts show it`);
    for (const name of fixtures) {
      if (!sources.fixtureReadme.includes(`\`${name}\``))
        problems.push(`${kind}: ${name} not in ${FIXTURES}/README.md`);
    }

    // Its label, in every language.
    for (const [lang, messages] of Object.entries(sources.messages)) {
      const message = messages[kindLabelKey(kind as EmbedKind)]?.message.trim();
      if (!message) problems.push(`${kind}: no label in ${lang} (${kindLabelKey(kind as EmbedKind)})`);
      else if (message.includes(TODO)) problems.push(`${kind}: ${lang} label still ${TODO}`);
    }

    // Its documentation.
    const section = sectionOf(sources.embedForms, kind);
    if (!section) problems.push(`${kind}: no section "### ${kind}" in docs/embed-forms.md`);
    else {
      if (!fixtures.some((name) => section.includes(name))) {
        problems.push(`${kind}: its section in docs/embed-forms.md names none of its fixtures`);
      }
      if (section.includes(TODO)) problems.push(`${kind}: its section in docs/embed-forms.md still has ${TODO}`);
    }
    const row = sources.detection.split('\n').find((line) => line.includes(`(embed-forms.md#${kind})`));
    if (!row) problems.push(`${kind}: no row in the table of docs/detection.md`);
    else if (row.includes(TODO)) problems.push(`${kind}: its row in docs/detection.md still has ${TODO}`);
    for (const name of fixtures) {
      if (sources.read(`${FIXTURES}/${name}`).includes(TODO)) problems.push(`${kind}: ${name} still has ${TODO}`);
    }
  }
  if (file && sources.read(file).includes(TODO)) problems.push(`${file} still has ${TODO}`);

  // Hooks: one per part of the selector, each reaching what its part matches.
  const parts = selectorParts(detector.selector);
  const doc = sources.pages[0] ?? document;
  for (const part of parts) if (!Object.hasOwn(detector.hooks, part)) problems.push(`no hook for "${part}"`);
  for (const part of Object.keys(detector.hooks)) {
    if (!parts.includes(part)) problems.push(`a hook for "${part}", which its selector does not have`);
  }
  const query = selectorParts(sources.query);
  for (const part of parts) {
    const hook = detector.hooks[part];
    if (hook === undefined) continue;
    if (hook === INSIDE) {
      // Recognised only where it is a hook of the query itself or holds one.
      for (const page of sources.pages) {
        for (const el of page.querySelectorAll(part)) {
          if (!detectElement(el, { document: page }, sources.registry)) continue;
          if (!el.matches(sources.query) && !el.querySelector(sources.query)) {
            problems.push(`"${part}" is recognised on an element that holds no hook of the query`);
          }
        }
      }
      continue;
    }
    if (!isSelector(doc, hook) || selectorParts(hook).length !== 1) {
      problems.push(`the hook of "${part}", "${hook}", is not one selector`);
      continue;
    }
    if (!query.includes(hook)) problems.push(`the hook "${hook}" is not in the scan's query`);
    const shown = sources.pages.flatMap((page) => [...page.querySelectorAll(part)]);
    const plainest = plainestElement(doc, part);
    const elements = shown.length ? shown : plainest ? [plainest] : [];
    if (!elements.length) problems.push(`nothing shows "${part}": its hook cannot be checked`);
    if (elements.some((el) => !el.matches(hook))) problems.push(`"${hook}" does not reach every "${part}"`);
  }
  if (detector.container !== undefined && !isSelector(doc, detector.container)) {
    problems.push(`its container "${detector.container}" is not a selector`);
  }
  return problems;
}

const quietly = <T>(fn: () => T): T => {
  // happy-dom reports on stderr that it does not load the fixtures' frames and scripts: expected here.
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return fn();
  } finally {
    quiet.mockRestore();
  }
};
const parse = (file: string) => quietly(() => new DOMParser().parseFromString(readFileSync(file, 'utf8'), 'text/html'));
const isDetector = (value: unknown): value is Detector =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Detector).kind === 'string' &&
  typeof (value as Detector).detect === 'function';

async function readSources(): Promise<FormSources> {
  const exportsByFile = new Map<string, Detector[]>();
  for (const name of readdirSync(DETECTOR_DIR).filter((n) => n.endsWith('.ts'))) {
    const module = (await import(`../../src/embeds/detectors/${name.slice(0, -'.ts'.length)}.ts`)) as Record<
      string,
      unknown
    >;
    exportsByFile.set(`${DETECTOR_DIR}/${name}`, Object.values(module).filter(isDetector));
  }
  const files = new Map<Detector, string>();
  for (const [file, detectors] of exportsByFile) if (detectors.length === 1) files.set(detectors[0] as Detector, file);
  const fixtureFiles = readdirSync(FIXTURES).filter((name) => name.endsWith('.html'));
  const pageFiles = readdirSync('tests/pages').filter((name) => name.endsWith('.html'));
  const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as never;
  return {
    registry: DETECTORS,
    files,
    exportsByFile,
    verdicts: json(`${FIXTURES}/verdicts.json`),
    fixtureFiles,
    fixtureReadme: readFileSync(`${FIXTURES}/README.md`, 'utf8'),
    pages: [
      ...fixtureFiles.map((name) => parse(`${FIXTURES}/${name}`)),
      ...pageFiles.map((name) => parse(`tests/pages/${name}`)),
    ],
    messages: Object.fromEntries(
      readdirSync('public/_locales').map((lang) => [lang, json(`public/_locales/${lang}/messages.json`)]),
    ),
    embedForms: readFileSync('docs/embed-forms.md', 'utf8'),
    detection: readFileSync('docs/detection.md', 'utf8'),
    query: combinedSelector(),
    read: (file) => readFileSync(file, 'utf8'),
  };
}

const sources = await readSources();

describe('every registered embed form has everything it needs', () => {
  it.each(DETECTORS.map((d) => [d.kind, d] as const))('%s', (_kind, detector) => {
    expect(findFormProblems(detector, sources)).toEqual([]);
  });

  it('every file of src/embeds/detectors/ holds one detector, and the registry lists it', () => {
    const stray = [...sources.exportsByFile].filter(
      ([, detectors]) => detectors.length !== 1 || !DETECTORS.includes(detectors[0] as (typeof DETECTORS)[number]),
    );
    expect(stray.map(([file]) => file)).toEqual([]);
    expect(sources.exportsByFile.size).toBe(DETECTORS.length);
  });

  it('a part two detectors share has one hook', () => {
    const hooks = new Map<string, Set<string>>();
    for (const d of DETECTORS) {
      for (const [part, hook] of Object.entries(d.hooks)) hooks.set(part, (hooks.get(part) ?? new Set()).add(hook));
    }
    expect([...hooks].filter(([, set]) => set.size > 1).map(([part]) => part)).toEqual([]);
  });

  it('the kinds are a closed union, built from the registry', () => {
    const known: EmbedKind = 'tombstone';
    // @ts-expect-error a kind no registered detector declares is not an EmbedKind (npx tsc --noEmit)
    const unknown: EmbedKind = 'not-a-form';
    expect([known, unknown]).toHaveLength(2);
  });
});

describe('the check itself', () => {
  const amp = DETECTORS.find((d) => d.kind === 'amp-twitter') as Detector;
  const ghost = DETECTORS.find((d) => d.kind === 'ghost-card') as Detector;

  it('names a missing hook, a hook for a part the selector lacks, and a hook that does not reach its part', () => {
    const broken: Detector = {
      ...amp,
      selector: 'amp-twitter, iframe.made-up',
      hooks: { 'amp-twitter': 'iframe', 'blockquote.gone': 'blockquote' },
    };
    const files = new Map(sources.files).set(broken, sources.files.get(amp) as string);
    // What the form has outside its file is the real amp-twitter's: only its hooks are wrong.
    expect(findFormProblems(broken, { ...sources, files })).toEqual(
      expect.arrayContaining([
        'no hook for "iframe.made-up"',
        'a hook for "blockquote.gone", which its selector does not have',
        '"iframe" does not reach every "amp-twitter"',
      ]),
    );
  });

  it('names a hook the query lacks, and tries the plainest element when no page shows the part', () => {
    const broken: Detector = { ...amp, selector: 'x-made-up.thing', hooks: { 'x-made-up.thing': 'x-made-up' } };
    const files = new Map(sources.files).set(broken, sources.files.get(amp) as string);
    const problems = findFormProblems(broken, { ...sources, files });
    expect(problems).toContain('the hook "x-made-up" is not in the scan\'s query');
    expect(problems.filter((problem) => problem.includes('does not reach'))).toEqual([]);
    const wrong: Detector = { ...broken, hooks: { 'x-made-up.thing': 'iframe' } };
    expect(
      findFormProblems(wrong, { ...sources, files: new Map(files).set(wrong, files.get(broken) as string) }),
    ).toContain('"iframe" does not reach every "x-made-up.thing"');
  });

  it('names a form reached from inside that is recognised where no hook is', () => {
    const page = new DOMParser().parseFromString('<figure class="kg-embed-card"><p>x</p></figure>', 'text/html');
    const always: Detector = {
      ...ghost,
      detect: (el) => ({ kind: 'ghost-card', nodes: [el], tweet: null, status: 'pending' }),
    };
    const files = new Map(sources.files).set(always, sources.files.get(ghost) as string);
    // A query of its own: the registry's may hold \`figure\` one day.
    const query = 'blockquote, a[href*="/status"]';
    expect(findFormProblems(always, { ...sources, files, registry: [always], pages: [page], query })).toContain(
      '".kg-embed-card" is recognised on an element that holds no hook of the query',
    );
  });

  it('names what a form lacks outside its file: file, fixture, README row, labels, docs', () => {
    const lonely: Detector = { ...amp };
    const problems = findFormProblems(lonely, {
      ...sources,
      verdicts: { 'a.html': [{ kind: 'amp-twitter' }] },
      fixtureFiles: ['a.html'],
      fixtureReadme: '',
      messages: { en: {}, ru: { kind_amp_twitter: { message: `${TODO}: label` } } },
      embedForms: '# Embed forms\n\n### amp-twitter\n\nNo fixture named.\n\n### next\n\n`a.html`\n',
      detection: '| x | [`amp-twitter`](embed-forms.md#amp-twitter) | TODO(new-form) |',
      read: (file) => (file.endsWith('a.html') ? `<!-- ${TODO} -->` : ''),
    });
    expect(problems).toEqual([
      `not alone in a file of ${DETECTOR_DIR}/`,
      `amp-twitter: a.html not in ${FIXTURES}/README.md`,
      'amp-twitter: no label in en (kind_amp_twitter)',
      `amp-twitter: ru label still ${TODO}`,
      'amp-twitter: its section in docs/embed-forms.md names none of its fixtures',
      `amp-twitter: its row in docs/detection.md still has ${TODO}`,
      `amp-twitter: a.html still has ${TODO}`,
    ]);
    expect(findFormProblems(lonely, { ...sources, verdicts: {}, embedForms: '', detection: '' })).toEqual(
      expect.arrayContaining([
        'amp-twitter: no fixture whose verdicts show it',
        'amp-twitter: no section "### amp-twitter" in docs/embed-forms.md',
        'amp-twitter: no row in the table of docs/detection.md',
      ]),
    );
  });
});
