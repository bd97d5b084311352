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
    because:
      'the archive (schema, importers, build, readers) is the same code in the extension and in the command line: ' +
      'it takes what it needs from the browser (IndexedDB, a DOM parser) as parameters',
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
    except: ['src/embeds/', 'src/archive/schema.ts'],
    because:
      'what turns markup into a record (src/embeds/extract/) is shared by the importers and the content script, ' +
      'which needs nothing from src/archive/ but its data model (src/archive/schema.ts)',
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
const KNOWN_CYCLES: { files: string[]; because: string }[] = [
  {
    files: ['src/messages/protocol.ts', 'src/sites/stored-settings.ts'],
    because:
      'the browser API type (WebExtension) is declared in the protocol, which imports the settings type; ' +
      'issue 11, item 3 moves the browser API type out of the protocol',
  },
  {
    files: ['src/content/controller.ts', 'src/content/highlight.ts'],
    because: 'the clock type is declared in the controller; issue 11, item 3 defines the clock port once',
  },
];

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
