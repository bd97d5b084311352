/**
 * The rules that keep the parts of src/ where they belong, checked on the
 * imports of every file under src/ (read with TypeScript's own
 * preProcessFile: `import`, `import type`, `export … from` and `import()`
 * alike), and no import cycles.
 *
 * To add a rule, add a row to RULES: the files it is about (and those it is
 * not), the imports they may not make (a folder or file of src/, or
 * `package:` for any package, or `package:<name>`), the exceptions, and why,
 * in words a newcomer can act on.
 * A violation names the file, the import and the reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

interface Rule {
  /** The files the rule is about: a folder ("src/archive/") or a file of src/. */
  files: string;
  /** Files of `files` the rule is not about, in the same notation. */
  otherThan?: string[];
  /** What they may not import: folders or files of src/, "package:" (any package) or "package:<name>". */
  mayNotImport: string[];
  /** Imports allowed all the same, in the same notation. */
  except?: string[];
  because: string;
}

/** What the content script and the card may take from src/archive/: the data model, and the pure id helpers. */
const CONTENT_MAY_IMPORT_OF_ARCHIVE = ['src/archive/schema.ts', 'src/archive/ids.ts'];
const CONTENT_AND_CARD_BECAUSE =
  'the content script and the card run in every page and read the archive only through the background: ' +
  'they take the data model (src/archive/schema.ts) and the id helpers (src/archive/ids.ts) from src/archive/, ' +
  'and the lookup and report shapes from src/messages/ (lookup.ts, report.ts); put anything else they need ' +
  'there or in src/util/, never an import of the archive, which would bundle its readers into every page';
const PAGES_AND_BACKGROUND_BECAUSE =
  'the popup and the background talk to the content script only through messages: what they share with it ' +
  '(the page report and its counts, the lookup shapes) lives in src/messages/ (report.ts, lookup.ts), ' +
  'so take it from there; an import of src/content/ would bundle the content script into the popup or background';

const RULES: Rule[] = [
  {
    files: 'src/archive/',
    mayNotImport: ['src/library/'],
    because:
      'the library is built on the archive, never the reverse: the archive is handed the search index builder ' +
      '(src/archive/search-index-builder.ts) and the library reads the archive through typed readers',
  },
  {
    files: 'src/util/',
    mayNotImport: ['src/', 'package:'],
    except: ['src/util/'],
    because:
      'src/util/ holds small helpers any part may use, the content script included: they depend on nothing, ' +
      'so that using one never pulls another part (or a package) into a bundle',
  },
  {
    files: 'src/',
    otherThan: ['src/cli/'],
    mayNotImport: ['src/cli/'],
    because: 'the command line runs under Node (node:fs, linkedom): nothing the extension bundles may import it',
  },
  {
    files: 'src/archive/',
    mayNotImport: [
      'package:wxt',
      'src/background/',
      'src/content/',
      'src/messages/',
      'src/options/',
      'src/popup/',
      'src/reader/',
      'src/repair/',
      'src/sites/',
      'src/ui/',
      'src/i18n/',
      'src/cli/',
    ],
    except: ['src/messages/lookup.ts'],
    because:
      'the archive (schema, importers, build, readers) is the same code in the extension and in the command line: ' +
      'it takes what it needs from the browser (IndexedDB, a DOM parser) as parameters; of the messages it knows ' +
      'only the lookup shapes it answers (src/messages/lookup.ts, types and pure checks)',
  },
  {
    files: 'src/embeds/',
    mayNotImport: ['package:', 'src/i18n/'],
    because:
      'src/embeds/ (detectors, scanner, extract/) runs alike in the content script, the command line and the ' +
      'unit tests: it takes its document as a parameter and uses no browser API (wxt/browser, ' +
      'webextension-polyfill, i18n) and no package',
  },
  {
    files: 'src/embeds/',
    mayNotImport: ['src/messages/', 'src/background/', 'src/content/'],
    because:
      'src/embeds/ knows markup, not messages: the content script sends what it finds (src/messages/), ' +
      'the embed code only finds it',
  },
  {
    files: 'src/embeds/',
    mayNotImport: ['src/'],
    except: ['src/embeds/', 'src/archive/schema.ts', 'src/util/'],
    because:
      'what turns markup into a record (src/embeds/extract/) is shared by the importers and the content script, ' +
      'which needs nothing from src/archive/ but its data model (src/archive/schema.ts); the helpers of ' +
      'src/util/ depend on nothing, so any part may use them',
  },
  {
    files: 'src/content/',
    mayNotImport: ['src/archive/'],
    except: CONTENT_MAY_IMPORT_OF_ARCHIVE,
    because: CONTENT_AND_CARD_BECAUSE,
  },
  {
    files: 'src/repair/',
    mayNotImport: ['src/archive/'],
    except: CONTENT_MAY_IMPORT_OF_ARCHIVE,
    because: CONTENT_AND_CARD_BECAUSE,
  },
  {
    files: 'src/page/',
    mayNotImport: ['src/archive/'],
    except: [...CONTENT_MAY_IMPORT_OF_ARCHIVE, 'src/archive/keys.ts'],
    because:
      'src/page/ reads the clues of a page for the content script, so it may take of src/archive/ what the ' +
      'content script may, and the fingerprint functions (src/archive/keys.ts, pure): a clue must be ' +
      'fingerprinted exactly as the archive indexes its text, or no lookup would ever match',
  },
  {
    files: 'src/popup/',
    mayNotImport: ['src/content/'],
    because: PAGES_AND_BACKGROUND_BECAUSE,
  },
  {
    files: 'src/background/',
    mayNotImport: ['src/content/'],
    // The content script's file names and matches (constants only): what the background injects, and where.
    except: ['src/content/matches.ts'],
    because: PAGES_AND_BACKGROUND_BECAUSE,
  },
  {
    files: 'src/messages/',
    mayNotImport: ['src/content/', 'src/background/', 'src/popup/', 'src/options/', 'src/reader/', 'src/repair/'],
    because:
      'src/messages/ is what the content script, the background and the extension pages share (the protocol, ' +
      'the shapes it carries and their checks): it sits beneath them and imports none of them, so that no side ' +
      'pulls another into its bundle and no import goes round in a circle',
  },
  {
    files: 'src/ui/',
    mayNotImport: ['src/repair/', 'src/reader/', 'src/options/', 'src/popup/', 'src/tweet-view/'],
    because:
      'src/ui/ holds the small DOM builders and the link check (src/ui/safe-url.ts) that every surface builds on: ' +
      'it imports none of them, so that the popup, the reader and the options page never pull in the card',
  },
  {
    files: 'src/options/',
    mayNotImport: ['src/reader/'],
    because:
      'how an archived tweet looks lives in src/tweet-view/, shared by the card, the reader and the options page: ' +
      'the options page takes it from there, not from the reader',
  },
  {
    files: 'src/tweet-view/',
    mayNotImport: ['src/repair/', 'src/reader/', 'src/options/', 'src/popup/', 'src/content/', 'src/messages/'],
    because:
      'src/tweet-view/ is the one place every surface takes an archived tweet from (card, reader, options page): ' +
      'it builds DOM from a record it is handed and depends on none of the surfaces that use it',
  },
];

/**
 * Import cycles there are today, each with the work that removes it. Any
 * other cycle fails the test, and so does one of these once it is gone:
 * then delete its row.
 */
const KNOWN_CYCLES: { files: string[]; because: string }[] = [];

/** An import as a rule sees it: "src/…/file.ts" for a file of the repository, "package:<specifier>" for a package. */
type Graph = Map<string, string[]>;

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = posix.join(dir, name);
      if (statSync(path).isDirectory()) return listSourceFiles(path);
      return /\.(?:ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
    })
    .sort();
}

/** The file a relative specifier names, as bundlers and tsx resolve it; null when there is none. */
function resolveRelative(from: string, specifier: string): string | null {
  const base = posix.join(dirname(from), specifier.replace(/\?.*$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    try {
      if (statSync(join(candidate)).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

function readImportGraph(files: string[]): { graph: Graph; unresolved: string[] } {
  const graph: Graph = new Map();
  const unresolved: string[] = [];
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles.map(({ fileName }) => {
      if (!fileName.startsWith('.')) return `package:${fileName}`;
      const target = resolveRelative(file, fileName);
      if (!target) unresolved.push(`${file}: ${fileName}`);
      return target ?? `unresolved:${fileName}`;
    });
    graph.set(file, [...new Set(targets)]);
  }
  return { graph, unresolved };
}

/** Whether an import matches a pattern of a rule: a folder or file of src/, "package:" or "package:<name>". */
function matches(target: string, pattern: string): boolean {
  if (pattern === 'package:') return target.startsWith('package:');
  if (pattern.startsWith('package:')) {
    const name = pattern.slice('package:'.length);
    return target === pattern || target.startsWith(`package:${name}/`);
  }
  return pattern.endsWith('/') ? target.startsWith(pattern) : target === pattern;
}

function findViolations(graph: Graph, rules: Rule[]): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    for (const [file, targets] of graph) {
      if (!matches(file, rule.files) || rule.otherThan?.some((p) => matches(file, p))) continue;
      for (const target of targets) {
        const forbidden = rule.mayNotImport.some((p) => matches(target, p));
        const excepted = rule.except?.some((p) => matches(target, p)) ?? false;
        if (forbidden && !excepted) out.push(`${file} imports ${target}: ${rule.because}`);
      }
    }
  }
  return out;
}

/** Every set of files that import one another in a circle (strongly connected components of two or more, or a self-import). */
function findCycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (file: string) => {
    index.set(file, next);
    low.set(file, next);
    next++;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || graph.get(file)!.includes(file)) cycles.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

const { graph, unresolved } = readImportGraph(listSourceFiles('src'));

describe('architecture: the imports of src/', () => {
  it('every relative import names a file that exists', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(unresolved).toEqual([]);
  });

  it.each(RULES.map((rule) => [`${rule.files} may not import ${rule.mayNotImport.join(', ')}`, rule] as const))(
    '%s',
    (_, rule) => {
      expect(findViolations(graph, [rule])).toEqual([]);
    },
  );

  it('has no import cycle but the known ones, and each known one is still there', () => {
    const known = KNOWN_CYCLES.map((c) => [...c.files].sort().join(' ⇄ '));
    const found = findCycles(graph).map((c) => c.join(' ⇄ '));
    expect(
      found.filter((c) => !known.includes(c)),
      'new import cycles',
    ).toEqual([]);
    expect(
      known.filter((c) => !found.includes(c)),
      'known cycles that are gone: delete their row in KNOWN_CYCLES',
    ).toEqual([]);
  });
});

/**
 * The browser APIs a file reaches through a global rather than an import:
 * `browser.…`, `chrome.…`, `globalThis.browser`. An import rule cannot see them.
 */
function findBrowserGlobals(file: string, source: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node)) {
      const object = node.expression;
      const name = node.name.text;
      if (ts.isIdentifier(object) && (object.text === 'browser' || object.text === 'chrome')) {
        found.push(`${file}: ${object.text}.${name}`);
      } else if (ts.isIdentifier(object) && object.text === 'globalThis' && (name === 'browser' || name === 'chrome')) {
        found.push(`${file}: globalThis.${name}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true));
  return found;
}

describe('architecture: src/embeds/ and the browser', () => {
  it('no file of src/embeds/ reaches a browser API through a global (browser.*, chrome.*)', () => {
    const files = [...graph.keys()].filter((file) => file.startsWith('src/embeds/'));
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap((file) => findBrowserGlobals(file, readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('the check finds one', () => {
    const source =
      'const a = browser.runtime.id; chrome.storage.local; globalThis.browser; const browserish = x.browser;';
    expect(findBrowserGlobals('src/embeds/x.ts', source)).toEqual([
      'src/embeds/x.ts: browser.runtime',
      'src/embeds/x.ts: chrome.storage',
      'src/embeds/x.ts: globalThis.browser',
    ]);
  });
});

describe('architecture: the checks themselves (src/embeds/ rows)', () => {
  // A graph written by hand: forbidden imports, imports a rule excepts or is not about, one cycle.
  const sample: Graph = new Map([
    ['src/embeds/a.ts', ['src/embeds/b.ts', 'src/archive/schema.ts', 'package:wxt/browser']],
    ['src/embeds/b.ts', ['src/embeds/a.ts', 'src/messages/protocol.ts']],
    ['src/embeds/extract/c.ts', ['src/archive/importers/record.ts', 'src/embeds/tweet-url.ts']],
    ['src/embeds/tweet-url.ts', []],
    ['src/content/controller.ts', ['src/embeds/a.ts', 'src/messages/protocol.ts', 'package:wxt/browser']],
    ['src/messages/protocol.ts', []],
  ]);
  const embeds = RULES.filter((rule) => rule.files === 'src/embeds/');

  it('finds a forbidden import, and not an excepted one', () => {
    expect(findViolations(sample, embeds)).toEqual([
      `src/embeds/a.ts imports package:wxt/browser: ${embeds[0]!.because}`,
      `src/embeds/b.ts imports src/messages/protocol.ts: ${embeds[1]!.because}`,
      `src/embeds/b.ts imports src/messages/protocol.ts: ${embeds[2]!.because}`,
      `src/embeds/extract/c.ts imports src/archive/importers/record.ts: ${embeds[2]!.because}`,
    ]);
  });

  it('finds every cycle, however long', () => {
    expect(findCycles(sample)).toEqual([['src/embeds/a.ts', 'src/embeds/b.ts']]);
    expect(findCycles(new Map([['src/x.ts', ['src/x.ts']]]))).toEqual([['src/x.ts']]);
  });
});

describe('architecture: the checks themselves (archive, util, cli rows)', () => {
  // A graph written by hand: forbidden imports, imports a rule excepts or is not about, one cycle.
  const sample: Graph = new Map([
    ['src/archive/a.ts', ['src/archive/b.ts', 'src/library/l.ts', 'package:idb']],
    ['src/archive/b.ts', ['src/archive/a.ts']],
    ['src/library/l.ts', ['src/archive/a.ts']],
    ['src/util/u.ts', ['src/util/v.ts', 'package:wxt/browser']],
    ['src/util/v.ts', []],
    ['src/cli/main.ts', ['src/cli/output.ts']],
    ['src/cli/output.ts', []],
    ['src/popup/p.ts', ['src/cli/output.ts']],
  ]);

  it('finds a forbidden import, and not an excepted one', () => {
    expect(findViolations(sample, RULES)).toEqual([
      `src/archive/a.ts imports src/library/l.ts: ${RULES[0]!.because}`,
      `src/util/u.ts imports package:wxt/browser: ${RULES[1]!.because}`,
      `src/popup/p.ts imports src/cli/output.ts: ${RULES[2]!.because}`,
    ]);
  });

  it('finds every cycle, however long', () => {
    expect(findCycles(sample)).toEqual([['src/archive/a.ts', 'src/archive/b.ts', 'src/library/l.ts']]);
    expect(findCycles(new Map([['src/x.ts', ['src/x.ts']]]))).toEqual([['src/x.ts']]);
  });
});

describe('architecture: the checks themselves (content, card, popup, background, messages rows)', () => {
  // A graph written by hand: the old places of the wire shapes (archive/lookup.ts, content/report.ts), and the
  // imports the rows allow (the schema, the ids, the shapes in src/messages/).
  const sample: Graph = new Map([
    [
      'src/content/controller.ts',
      ['src/archive/lookup.ts', 'src/archive/schema.ts', 'src/archive/ids.ts', 'src/messages/lookup.ts'],
    ],
    ['src/repair/card.ts', ['src/archive/packaged-archive.ts', 'src/messages/lookup.ts']],
    ['src/popup/popup.ts', ['src/content/report.ts', 'src/messages/report.ts']],
    ['src/background/start.ts', ['src/content/report.ts', 'src/archive/lookup.ts']],
    ['src/messages/protocol.ts', ['src/content/report.ts', 'src/archive/schema.ts']],
    ['src/archive/lookup.ts', ['src/messages/lookup.ts', 'src/messages/protocol.ts']],
  ]);
  const rule = (files: string) => RULES.find((r) => r.files === files && r.mayNotImport.includes('src/content/'))!;

  it('finds a forbidden import, and not an excepted one', () => {
    const archive = RULES.find((r) => r.files === 'src/archive/' && r.mayNotImport.includes('src/messages/'))!;
    const content = RULES.find((r) => r.files === 'src/content/')!;
    const repair = RULES.find((r) => r.files === 'src/repair/')!;
    expect(findViolations(sample, RULES)).toEqual([
      `src/archive/lookup.ts imports src/messages/protocol.ts: ${archive.because}`,
      `src/content/controller.ts imports src/archive/lookup.ts: ${content.because}`,
      `src/repair/card.ts imports src/archive/packaged-archive.ts: ${repair.because}`,
      `src/popup/popup.ts imports src/content/report.ts: ${rule('src/popup/').because}`,
      `src/background/start.ts imports src/content/report.ts: ${rule('src/background/').because}`,
      `src/messages/protocol.ts imports src/content/report.ts: ${rule('src/messages/').because}`,
    ]);
  });
});

describe('architecture: the checks themselves (ui, options, tweet-view rows)', () => {
  // A graph written by hand: each surface's forbidden import, and the imports they are meant to make.
  const sample: Graph = new Map([
    ['src/ui/dom.ts', ['src/ui/safe-url.ts', 'src/repair/safe-url.ts']],
    ['src/options/your-archive.ts', ['src/tweet-view/tweet-view.ts', 'src/reader/render-tweet.ts', 'src/ui/dom.ts']],
    ['src/tweet-view/tweet-view.ts', ['src/ui/dom.ts', 'src/reader/render-article.ts']],
    ['src/repair/card.ts', ['src/tweet-view/tweet-view.ts', 'src/reader/render-article.ts']],
  ]);
  const rows = RULES.filter((rule) => ['src/ui/', 'src/options/', 'src/tweet-view/'].includes(rule.files));

  it('finds a forbidden import, and not an allowed one', () => {
    expect(rows).toHaveLength(3);
    expect(findViolations(sample, rows)).toEqual([
      `src/ui/dom.ts imports src/repair/safe-url.ts: ${rows[0]!.because}`,
      `src/options/your-archive.ts imports src/reader/render-tweet.ts: ${rows[1]!.because}`,
      `src/tweet-view/tweet-view.ts imports src/reader/render-article.ts: ${rows[2]!.because}`,
    ]);
  });
});
