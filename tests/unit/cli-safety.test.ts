// @vitest-environment node
/**
 * The CLI never deletes what it did not write, and never lets a file drive
 * the terminal (docs/security.md, "CLI"). Every test works in temp folders
 * and compares the files on disk, names and bytes, before and after.
 *
 * No test here ever names a real folder as --out: the folders the build must
 * refuse (the project, the current folder, the home folder) are copies or
 * stand-ins made in a temp folder, and the CLI runs from a copy of the
 * project there. Were the guard ever broken, these tests could only harm
 * their own copies. (One such break, made by hand to see the tests fail,
 * once replaced a working copy of this repository with a build output.)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkOutDir, MARKER_HEADER, OUTPUT_MARKER } from '../../src/cli/build-output';
import { run, snapshot, tempDir } from './helpers/cli-run';

/** writeFileSync fails (no space left) after this many more writes, when set. */
const failing = vi.hoisted(() => ({ writesLeft: Infinity }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    writeFileSync: (...args: Parameters<typeof fs.writeFileSync>) => {
      if (failing.writesLeft-- <= 0)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return fs.writeFileSync(...args);
    },
  };
});

const ARTICLE = 'A title long enough to read\n\nThe first paragraph of the article.\n\nThe second one.';

/** A sources folder holding one article. */
function setUp() {
  const dir = tempDir();
  const sources = join(dir, 'sources');
  mkdirSync(join(sources, 'articles'), { recursive: true });
  writeFileSync(join(sources, 'articles/a.txt'), ARTICLE);
  return { dir, sources };
}

/**
 * A copy of the project in a temp folder (its CLI, code and sources, with
 * someone's file in it; node_modules linked), a home folder and a working
 * folder beside it, and a way to run the copy's CLI from there.
 */
function sandbox() {
  const dir = tempDir();
  const project = join(dir, 'project');
  for (const part of ['bin', 'src', 'package.json', 'assets/archive/sources'])
    cpSync(part, join(project, part), { recursive: true });
  symlinkSync(resolve('node_modules'), join(project, 'node_modules'));
  writeFileSync(join(project, 'NOTES.md'), 'Notes that are nobody else’s.');
  const home = join(dir, 'home');
  const work = join(home, 'work');
  mkdirSync(join(work, 'photos'), { recursive: true });
  writeFileSync(join(work, 'thesis.txt'), 'Four years of work.');
  writeFileSync(join(work, 'photos/cat.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(project, 'bin/tweet-mender.mjs'), 'archive', 'build', ...args], {
      cwd: work,
      env: { ...process.env, HOME: home },
      encoding: 'utf8',
    });
  return { dir, project, home, work, cli };
}

/** The build's files and its marker: what a build of one article writes. */
const BUILT = [
  OUTPUT_MARKER,
  'articles/0.json',
  'manifest.json',
  'search/catalog/0.json',
  'search/dates.json',
  'search/ids/0.json',
  'search/terms/0.json',
  'text/0.json',
  'tweets/0.json',
  'urls/0.json',
].sort();

describe('archive build --out refuses a folder it may not replace', () => {
  it('an empty --out, the current folder, the project, the home folder, or a folder holding them', () => {
    const { dir, project, home, work, cli } = sandbox();
    const before = snapshot(dir);
    const cases: [string, string][] = [
      ['', '--out is empty: name the folder the packaged copy goes into; nothing written'],
      ['.', `--out ${work} is the current folder: the build replaces its output whole; nothing written`],
      [project, `--out ${project} is the project: the build replaces its output whole; nothing written`],
      [dir, `--out ${dir} holds the current folder: the build replaces its output whole and would delete it`],
      [home, `--out ${home} holds the current folder: the build replaces its output whole and would delete it`],
      [join(project, 'assets/archive'), `holds the sources folder: the build replaces its output whole`],
    ];
    for (const [out, reason] of cases) {
      const result = cli('--out', out);
      expect(result.status, out).toBe(1);
      expect(result.stderr, out).toContain(reason);
    }
    expect(snapshot(dir)).toEqual(before);
  }, 60_000);

  it('the rule itself: the sources, inside them, the home folder and the root of the file system', () => {
    const dir = tempDir();
    const folders = { cwd: join(dir, 'a/b'), root: join(dir, 'p'), sources: join(dir, 'p/s'), home: join(dir, 'h') };
    const check = (out: string | undefined) => () => checkOutDir(out, join(dir, 'p/out'), folders);
    expect(check(undefined)()).toBe(join(dir, 'p/out'));
    expect(check(join(dir, 'elsewhere'))()).toBe(join(dir, 'elsewhere'));
    expect(check('  ')).toThrow('--out is empty');
    expect(check(join(dir, 'p/s'))).toThrow(`--out ${join(dir, 'p/s')} is the sources folder`);
    expect(check(join(dir, 'p/s/x'))).toThrow('is inside the sources folder: the next build would read it as a source');
    expect(check(join(dir, 'h'))).toThrow(`--out ${join(dir, 'h')} is your home folder`);
    expect(check(join(dir, 'a'))).toThrow(`--out ${join(dir, 'a')} holds the current folder`);
    expect(check('/')).toThrow('--out / holds the current folder');
  });

  it("a folder holding someone's file is refused, naming it; an empty or new one is written", async () => {
    const { dir, sources } = setUp();
    const out = join(dir, 'out');
    mkdirSync(join(out, 'notes'), { recursive: true });
    writeFileSync(join(out, 'notes/keep.json'), '{"mine": true}');
    const before = snapshot(out);
    const refused = await run('archive', 'build', '--sources', sources, '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `--out ${out} holds files this build did not write (notes/keep.json, …): nothing written; choose a new or empty folder`,
    );
    expect(snapshot(out)).toEqual(before);

    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect((await run('archive', 'build', '--sources', sources, '--out', empty)).code).toBe(0);
    expect([...snapshot(empty).keys()].sort()).toEqual(BUILT);
    const fresh = join(dir, 'new/deeper');
    expect((await run('archive', 'build', '--sources', sources, '--out', fresh)).code).toBe(0);
    expect([...snapshot(fresh).keys()].sort()).toEqual(BUILT);
    expect(readFileSync(join(fresh, OUTPUT_MARKER), 'utf8').split('\n')[0]).toBe(MARKER_HEADER);
  });

  it('replaces its own output, files it no longer writes included; a file added to it stops it', async () => {
    const { dir, sources } = setUp();
    const out = join(dir, 'out');
    // First a build of many articles (several shards), then of one: the old shards go.
    for (let i = 0; i < 40; i++)
      writeFileSync(join(sources, `articles/extra-${i}.txt`), `Extra article number ${i}\n\nIts paragraph ${i}.`);
    expect((await run('archive', 'build', '--sources', sources, '--out', out)).code).toBe(0);
    expect(readdirSync(join(out, 'articles')).length).toBeGreaterThan(1);
    for (let i = 0; i < 40; i++) rmSync(join(sources, `articles/extra-${i}.txt`));
    const again = await run('archive', 'build', '--sources', sources, '--out', out);
    expect(again.code).toBe(0);
    expect([...snapshot(out).keys()].sort()).toEqual(BUILT);
    const clean = snapshot(out);

    writeFileSync(join(out, 'articles/notes.txt'), 'my notes');
    const refused = await run('archive', 'build', '--sources', sources, '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`--out ${out} holds articles/notes.txt, which this build did not write`);
    expect(snapshot(out)).toEqual(new Map([...clean, ['articles/notes.txt', Buffer.from('my notes')]]));
  });

  it('a build that fails part way leaves the old output as it was, and no temporary folder behind', async () => {
    const { dir, sources } = setUp();
    const out = join(dir, 'out');
    expect((await run('archive', 'build', '--sources', sources, '--out', out)).code).toBe(0);
    const before = snapshot(out);
    const beside = readdirSync(dir).sort();
    writeFileSync(join(sources, 'articles/b.txt'), 'Another article title\n\nWith a paragraph of its own.');
    failing.writesLeft = 4; // the disk fills up after four files
    const result = await run('archive', 'build', '--sources', sources, '--out', out);
    failing.writesLeft = Infinity;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ENOSPC: no space left on device');
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(beside);
  });
});

describe('text printed to a terminal has its control characters escaped', () => {
  // ESC [2J clears the screen, OSC 0 sets the window title, OSC 52 writes the clipboard, U+009B is CSI alone.
  const EVIL = '\u001b[2J\u001b]0;pwned\u0007\u001b]52;c;cm0gLXJmIH4=\u0007\u009b31mred\u0008';
  // eslint-disable-next-line no-control-regex
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it('archive text, file names and errors', async () => {
    const { dir, sources } = setUp();
    const file = join(dir, `evil${EVIL.slice(0, 4)}.txt`);
    writeFileSync(file, `A title that says ${EVIL}\n\nA paragraph that says ${EVIL} too.`);
    const imported = await run('archive', 'import', file, '--sources', sources);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('evil\\u001b[2J.txt: 0 tweet record(s), 1 article(s)');
    const out = join(dir, 'out');
    const built = await run('archive', 'build', '--sources', sources, '--out', out);
    expect(built.code).toBe(0);
    const ids = Object.keys(JSON.parse(readFileSync(join(out, 'articles/0.json'), 'utf8')));
    const shown = await Promise.all(ids.map((id) => run('archive', 'show', id, '--archive', out)));
    expect(shown.map((r) => r.stdout).join('')).toContain(
      'A paragraph that says \\u001b[2J\\u001b]0;pwned\\u0007\\u001b]52;c;cm0gLXJmIH4=\\u0007\\u009b31mred\\u0008 too.',
    );
    const searched = await run('archive', 'search', 'pwned', '--archive', out);
    const evilId = ids.find((id) => shown[ids.indexOf(id)]?.stdout.includes('pwned')) as string;
    const json = await run('archive', 'show', evilId, '--archive', out, '--json');
    const missing = await run('archive', 'show', '1501707808009506816', '--archive', join(dir, `x${EVIL}`));
    expect(missing.stderr).toContain('x\\u001b[2J');
    for (const r of [imported, built, ...shown, searched, json, missing]) {
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stderr).not.toMatch(RAW);
    }
    // Escaped JSON is still the same JSON.
    expect(JSON.parse(json.stdout).paragraphs[0]).toBe(`A paragraph that says ${EVIL} too.`);
  });
});

describe('sources the build would not read as they were imported are refused', () => {
  const PAGE = 'tests/fixtures/formats/article/singlefile-article.constructed.html';

  it('two sources that would share one .meta.json: refused at import and at build', async () => {
    const { dir, sources } = setUp();
    const html = join(dir, 'a.html');
    writeFileSync(html, readFileSync(PAGE));
    const before = snapshot(sources);
    const imported = await run('archive', 'import', html, '--sources', sources, '--note', 'a saved copy');
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(
      'a.html: nothing copied: a.txt is already in articles/ and would share its note a.meta.json',
    );
    expect(snapshot(sources)).toEqual(before);

    writeFileSync(join(sources, 'articles/a.html'), readFileSync(html));
    const out = join(dir, 'out');
    const built = await run('archive', 'build', '--sources', sources, '--out', out);
    expect(built.code).toBe(1);
    expect(built.stdout).toContain('articles/a.html: cannot be read: shares articles/a.meta.json with articles/a.txt');
    expect(existsSync(out)).toBe(false);
  });

  it('a source the build would skip, or read as another kind, is refused at import; a stray note at build', async () => {
    const { dir, sources } = setUp();
    const before = snapshot(sources);
    writeFileSync(join(dir, 'README.txt'), 'A title that is long\n\nAnd a paragraph.');
    writeFileSync(join(dir, 'page.json'), readFileSync(PAGE));
    const readme = await run('archive', 'import', join(dir, 'README.txt'), '--sources', sources);
    expect(readme.code).toBe(1);
    expect(readme.stderr).toContain('README.txt: nothing copied: the build skips files named like this');
    const kind = await run('archive', 'import', join(dir, 'page.json'), '--kind', 'html', '--sources', sources);
    expect(kind.code).toBe(1);
    expect(kind.stderr).toContain('page.json: --kind html: the build reads it by its name as no source at all');
    expect(snapshot(sources)).toEqual(before);

    writeFileSync(join(sources, 'articles/gone.meta.json'), '{"lang": "en"}');
    writeFileSync(join(sources, 'articles/gone.txt.source.txt'), 'From somewhere.');
    const built = await run('archive', 'build', '--sources', sources, '--out', join(dir, 'out'));
    expect(built.code).toBe(1);
    expect(built.stdout).toContain('articles/gone.meta.json: cannot be read: describes no source beside it');
    expect(built.stdout).toContain(
      'articles/gone.txt.source.txt: cannot be read: is the note of a source that is not there',
    );
  });
});
