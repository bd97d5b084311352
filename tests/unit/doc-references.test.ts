/**
 * A clone of the repository is all a reader needs: every reference a comment
 * or a document makes to a file, or to a section of one, resolves inside the
 * repository.
 *
 * What is read: the comments of code files (TypeScript's own comment ranges
 * for .ts/.js/.mjs, `<!-- -->` in HTML, block comments in CSS, `#` lines
 * under .ci/) in src/, scripts/, tests/, entrypoints/, bin/, .ci/ and the
 * configuration files at the root; and the whole text of every Markdown file
 * (README.md, PRIVACY.md, docs/, the READMEs under assets/ and tests/) and of
 * the fixtures' `.source.txt` notes.
 *
 * The citation form, and what is checked:
 *
 * 1. A file of this repository is written as its path from the repository
 *    root, starting with one of the repository's top-level entries:
 *    `docs/embed-forms.md`, `src/embeds/scan.ts`, `README.md`. Every such
 *    path must exist. A path inside another repository is written with that
 *    repository in front (EFForg/privacybadger/src/js/…) or as a URL, so it
 *    never reads as one of ours; a path holding a wildcard or a placeholder
 *    (`*`, `<name>`, `…`) is a pattern, not a citation.
 * 2. A section is cited right after its file, in one of two ways: the
 *    heading's anchor as GitHub makes it (docs/embed-forms.md#grace-period),
 *    or the heading's text in double quotes after a comma
 *    (docs/performance.md, "Page load"). That heading must exist in that file.
 * 3. Markdown links (`[text](target)`) resolve as on GitHub: relative to the
 *    Markdown file, with `#anchor` checked against the target's headings (or
 *    the file's own for a bare `#anchor`).
 * 4. Any other Markdown file name, bare (`<name>.md`) or relative (after `./`
 *    or `../`), must exist next to the citing file (or, bare, at the root). A
 *    path of folders that starts with none of these is another repository's.
 * 5. Refused outright, since they cannot be followed from a clone: the
 *    section sign with a number, the trap and state codes of an outside
 *    catalogue (the letter G or B followed by a number), and paths into
 *    the team's shared folder outside the repository.
 *
 * It also checks that docs/embed-forms.md has a section for every embed kind
 * the detectors report, and that docs/data-formats.md names every importer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { EMBED_KINDS } from '../../src/embeds/registry';

/** The repository's files: what git tracks or would track; outside a git checkout, every file but the generated ones. */
function listRepositoryFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).split('\n');
  } catch {
    const skip = /^(?:\.git|node_modules|\.output.*|\.wxt|coverage|\.scratch)$/;
    return readdirSync('.', { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative('.', join(entry.parentPath, entry.name)))
      .filter((file) => !skip.test(file.split(sep)[0] as string));
  }
}
const FILES = listRepositoryFiles().filter((file) => file !== '' && existsSync(file));
const TOP_LEVEL = [...new Set(FILES.map((file) => file.split('/')[0] as string))];
const TOP_DIRS = TOP_LEVEL.filter((name) => FILES.some((file) => file.startsWith(`${name}/`)));
const TOP_FILES = TOP_LEVEL.filter((name) => !TOP_DIRS.includes(name));

const CODE_DIRS = ['src/', 'scripts/', 'tests/', 'entrypoints/', 'bin/', '.ci/'];
const CODE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.html', '.css'];

/** The files whose comments, or whole text, are read. */
function readableFiles(): string[] {
  return FILES.filter((file) => {
    if (file.endsWith('.md') || file.endsWith('.source.txt')) return true;
    if (!file.includes('/')) return /\.(?:ts|js|mjs)$/.test(file);
    if (file.startsWith('.ci/')) return true;
    return CODE_DIRS.some((dir) => file.startsWith(dir)) && CODE_EXTENSIONS.includes(extname(file));
  });
}

/** The text a reader reads in a file: its comments, or all of it; lines joined, space collapsed. */
function readableText(file: string, text = readFileSync(file, 'utf8')): string {
  let parts: string[];
  if (file.endsWith('.md') || file.endsWith('.source.txt')) parts = [text];
  else if (file.endsWith('.html')) parts = [...text.matchAll(/<!--([\s\S]*?)-->/g)].map((m) => m[1] as string);
  else if (file.endsWith('.css')) parts = text.match(/\/\*[\s\S]*?\*\//g) ?? [];
  else if (file.startsWith('.ci/')) parts = [...text.matchAll(/^\s*#(.*)$/gm)].map((m) => m[1] as string);
  else parts = scriptComments(file, text);
  return parts
    .map((part) =>
      part
        .replace(/^\s*(?:\/\*+|\*+\/?|\/\/+)/gm, ' ')
        .replace(/\*+\/\s*$/, ' ')
        .replace(/\s+/g, ' '),
    )
    .join(' \u0000 ');
}

/** Every comment of a script, as the TypeScript parser sees them (not inside strings or regular expressions). */
function scriptComments(file: string, text: string): string[] {
  const kind = /\.m?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const seen = new Set<number>();
  const comments: string[] = [];
  const take = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) {
      if (seen.has(range.pos)) continue;
      seen.add(range.pos);
      comments.push(text.slice(range.pos, range.end));
    }
  };
  const visit = (node: ts.Node) => {
    take(ts.getLeadingCommentRanges(text, node.getFullStart()));
    take(ts.getTrailingCommentRanges(text, node.getEnd()));
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return comments;
}

/** The headings of a Markdown file, outside code blocks: their text and their GitHub anchors. */
function readHeadings(file: string): { texts: Set<string>; anchors: Set<string> } {
  const texts = new Set<string>();
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  let fenced = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(?:```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!match) continue;
    const text = (match[1] as string).replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*_]{1,2}(?=\S|$)/g, '');
    texts.add(text);
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const seenBefore = counts.get(base) ?? 0;
    counts.set(base, seenBefore + 1);
    anchors.add(seenBefore ? `${base}-${seenBefore}` : base);
  }
  return { texts, anchors };
}

const headingCache = new Map<string, ReturnType<typeof readHeadings>>();
const headingsOf = (file: string) => {
  let headings = headingCache.get(file);
  if (!headings) headingCache.set(file, (headings = readHeadings(file)));
  return headings;
};

const exists = (path: string) => existsSync(path);
const isMarkdownFile = (path: string) => path.endsWith('.md') && exists(path) && statSync(path).isFile();

/** Characters of a path; a path ends at anything else (space, quote, bracket, comma…). */
const PATH_CHAR = String.raw`[A-Za-z0-9_.\/@+%-]`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Rule 1: paths from the root. Not preceded by a path character, so ab/docs/x or a URL never match. */
const ROOT_PATH = new RegExp(
  String.raw`(?<![A-Za-z0-9_.\/@~:%+-])((?:${TOP_DIRS.map(escape).join('|')})\/${PATH_CHAR}*|(?:${TOP_FILES.map(escape).join('|')})(?!${PATH_CHAR}))`,
  'g',
);
/** Rule 4: any other Markdown file name. */
const MARKDOWN_NAME = new RegExp(
  String.raw`(?<![A-Za-z0-9_.\/@~:%+-])((?:\.\.?\/)+(?:[A-Za-z0-9_.+-]+\/)*[A-Za-z0-9_.+-]+\.md|[A-Za-z0-9_+-][A-Za-z0-9_.+-]*\.md)(?![A-Za-z0-9_/])`,
  'g',
);
/** Rule 3. */
const MARKDOWN_LINK = /\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
/** Rule 5. */
const REFUSED: [RegExp, string][] = [
  [/§\s*\d/, 'a section number of a document (cite a heading: see the top of this test)'],
  [
    /\b[GB](?:[1-9]|1[0-2])\b/,
    "a code of an outside catalogue (cite this repository's docs/data-formats.md or docs/embed-forms.md)",
  ],
  [/(?<![A-Za-z0-9_./-])(?:\.\.\/)*shared\//, 'the shared folder outside the repository'],
];

/** Checks a section cited right after a path (rule 2); returns a problem or null. */
function checkSection(target: string, after: string): string | null {
  const anchor = /^`?#([\p{L}\p{N}_-]+)/u.exec(after)?.[1];
  const quoted = /^`?,\s*"([^"]+)"/.exec(after)?.[1];
  if (!target.endsWith('.md') || !isMarkdownFile(target)) return null;
  const { texts, anchors } = headingsOf(target);
  if (anchor !== undefined && !anchors.has(anchor)) return `no heading with the anchor #${anchor} in ${target}`;
  if (quoted !== undefined && !texts.has(quoted)) return `no heading "${quoted}" in ${target}`;
  return null;
}

function findProblems(file: string, content = readFileSync(file, 'utf8')): string[] {
  const problems: string[] = [];
  const text = readableText(file, content);
  const here = dirname(file);

  for (const [pattern, what] of REFUSED) {
    for (const match of text.matchAll(new RegExp(pattern.source, 'g')))
      problems.push(`${file}: "${text.slice(Math.max(0, match.index - 30), match.index + 30).trim()}": ${what}`);
  }

  const rootPaths = new Set<number>();
  for (const match of text.matchAll(ROOT_PATH)) {
    const raw = match[1] as string;
    const next = text[(match.index ?? 0) + raw.length] ?? '';
    if (/[*<{…]/.test(next) || raw.includes('…')) continue; // a pattern, not a path
    const path = raw.replace(/[.,:;-]+$/, '');
    rootPaths.add(match.index ?? 0);
    if (!exists(path)) {
      problems.push(`${file}: ${path}: no such file in the repository`);
      continue;
    }
    const problem = checkSection(path, text.slice((match.index ?? 0) + path.length));
    if (problem) problems.push(`${file}: ${path}: ${problem}`);
  }

  for (const match of text.matchAll(MARKDOWN_NAME)) {
    if (rootPaths.has(match.index ?? -1)) continue;
    const name = match[1] as string;
    if (TOP_DIRS.includes(name.split('/')[0] as string)) continue; // rule 1's
    const candidates = [normalize(join(here, name)), normalize(name)];
    const found = candidates.find((candidate) => isMarkdownFile(candidate));
    if (!found) {
      problems.push(`${file}: ${name}: no such Markdown file next to it or at the root`);
      continue;
    }
    const problem = checkSection(found, text.slice((match.index ?? 0) + name.length));
    if (problem) problems.push(`${file}: ${name}: ${problem}`);
  }

  if (file.endsWith('.md')) {
    for (const match of content.matchAll(MARKDOWN_LINK)) {
      const link = match[1] as string;
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:
      const [pathPart = '', anchor] = link.split('#');
      const target = pathPart === '' ? file : normalize(join(here, decodeURIComponent(pathPart)));
      if (!exists(target)) {
        problems.push(`${file}: link ${link}: no such file`);
        continue;
      }
      if (anchor !== undefined && isMarkdownFile(target) && !headingsOf(target).anchors.has(anchor)) {
        problems.push(`${file}: link ${link}: no heading with that anchor in ${target}`);
      }
    }
  }
  return problems;
}

describe('references in comments and documents', () => {
  const files = readableFiles();

  it('reads the code, the documents and the notes it should', () => {
    // A sanity check on the file list, so that a broken walk cannot pass for a clean one.
    for (const file of [
      'README.md',
      'docs/detection.md',
      'docs/embed-forms.md',
      'docs/data-formats.md',
      'src/embeds/scan.ts',
      'src/archive/merge.ts',
      'tests/fixtures/embeds/README.md',
      'tests/fixtures/embeds/amp-twitter.html',
      'tests/pages/demo-page.html',
      'entrypoints/popup/style.css',
      'wxt.config.ts',
      '.ci/run',
    ]) {
      expect(files).toContain(file);
    }
    expect(readableText('src/embeds/scan.ts')).toContain('docs/detection.md, "Frames"');
  });

  // Parsing every script takes a few seconds on a busy machine: a generous timeout, not a threshold.
  it('every file, section and link cited resolves inside the repository', { timeout: 60_000 }, () => {
    const problems = files.flatMap((file) => findProblems(file));
    expect(problems).toEqual([]);
  });

  it('finds what the form it documents calls a broken reference', () => {
    // The checker itself, on references made up for the purpose: each must be caught.
    const cases: [string, string][] = [
      ['docs/no-such-file.md', 'no such file'],
      ['docs/embed-forms.md#no-such-section', 'no heading with the anchor'],
      ['docs/performance.md, "No such heading"', 'no heading "No such heading"'],
      ['src/embeds/no-such-module.ts', 'no such file'],
      ['(embed-variants.md)', 'no such Markdown file'],
      ['(data-formats.md \u00a7 3)', 'section number'],
      ['(the trap G5)', 'outside catalogue'],
      ['(../shared/docs/x.md)', 'shared folder'],
    ];
    for (const [reference, problem] of cases) {
      const problems = findProblemsIn(`// ${reference}\n`);
      expect(problems.join('\n'), reference).toContain(problem);
    }
    for (const fine of [
      'docs/embed-forms.md#grace-period',
      'docs/performance.md, "Page load"',
      'EFForg/privacybadger/src/js/x.js',
      'https://example.org/docs/none.md',
      'tests/fixtures/embeds/<name>.html',
    ]) {
      expect(findProblemsIn(`// ${fine}\n`), fine).toEqual([]);
    }
  });

  it('docs/embed-forms.md has a section for every embed kind', () => {
    const { anchors } = headingsOf('docs/embed-forms.md');
    expect(EMBED_KINDS.filter((kind) => !anchors.has(kind))).toEqual([]);
  });

  it('docs/data-formats.md names every importer', () => {
    const doc = readFileSync('docs/data-formats.md', 'utf8');
    const importers = FILES.filter((file) => /^src\/archive\/importers\/[^/]+\.ts$/.test(file)).filter((file) =>
      /export (?:async )?function import[A-Z]/.test(readFileSync(file, 'utf8')),
    );
    expect(importers.length).toBeGreaterThan(8);
    expect(importers.filter((file) => !doc.includes(file.split('/').pop() as string))).toEqual([]);
  });
});

/** findProblems on made-up content, as if it were a script at the root of the repository. */
function findProblemsIn(source: string): string[] {
  return findProblems('probe.ts', source);
}
