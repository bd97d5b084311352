/**
 * Where `tweet-mender archive build` writes, and how: it never deletes what
 * it did not write (docs/security.md, "CLI").
 *
 * - `--out` may not be empty, nor the current folder, the project, the
 *   sources folder, the home folder or the file system's root, nor a folder
 *   that holds one of them (replacing it would delete them), nor a folder
 *   inside the sources (the next build would read the output as sources).
 * - The build replaces only its own output: a folder it wrote holds a marker
 *   file listing what it wrote. A folder that holds anything else (no
 *   marker, or a file the marker does not list) is refused with its name.
 * - The new copy is written into a temporary sibling folder and swapped in by
 *   renaming: a build that fails part way leaves the old output as it was.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, parse, relative, resolve } from 'node:path';
import { showName } from './output';

/** The marker's name; not a .json file, so it is never shipped (src/archive/packaged-files.ts). */
export const OUTPUT_MARKER = '.tweet-mender-output';
/** Its first line, by which the build knows a folder it wrote. */
export const MARKER_HEADER = 'tweet-mender archive build output';

export interface ProtectedFolders {
  cwd: string;
  root: string;
  sources: string;
  home: string;
}

const isInside = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** The path with symbolic links resolved as far as it exists. */
function realPath(path: string): string {
  let existing = path;
  const rest: string[] = [];
  while (!existsSync(existing) && dirname(existing) !== existing) {
    rest.unshift(basename(existing));
    existing = dirname(existing);
  }
  try {
    return join(realpathSync(existing), ...rest);
  } catch {
    return path;
  }
}

/** The folder `--out` names, or an error saying why the build may not replace it. */
export function checkOutDir(out: string | undefined, fallback: string, folders: ProtectedFolders): string {
  if (out !== undefined && out.trim() === '') {
    throw new Error('--out is empty: name the folder the packaged copy goes into; nothing written');
  }
  const dir = realPath(resolve(out ?? fallback));
  const shown = showName(dir);
  const guarded: [string, string][] = [
    [folders.cwd, 'the current folder'],
    [folders.root, 'the project'],
    [folders.sources, 'the sources folder'],
    [folders.home, 'your home folder'],
    [parse(dir).root, 'the root of the file system'],
  ];
  for (const [folder, name] of guarded) {
    const real = realPath(resolve(folder));
    if (real === dir)
      throw new Error(`--out ${shown} is ${name}: the build replaces its output whole; nothing written`);
    if (isInside(real, dir))
      throw new Error(
        `--out ${shown} holds ${name}: the build replaces its output whole and would delete it; nothing written`,
      );
  }
  if (isInside(dir, realPath(resolve(folders.sources))))
    throw new Error(`--out ${shown} is inside the sources folder: the next build would read it as a source`);
  return dir;
}

/** Every file below a folder (symbolic links as files, never followed), '/'-separated. */
function listFiles(dir: string, sub = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, sub)).sort()) {
    const rel = sub ? `${sub}/${name}` : name;
    if (lstatSync(join(dir, rel)).isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}

/** The files a marker lists, or null when the text is not a marker. */
function markerFiles(text: string): Set<string> | null {
  const lines = text.split('\n');
  if (lines[0] !== MARKER_HEADER) return null;
  const blank = lines.indexOf('');
  return new Set(blank < 0 ? [] : lines.slice(blank + 1).filter((line) => line !== ''));
}

export function markerText(paths: Iterable<string>): string {
  return [
    MARKER_HEADER,
    'This folder was written by "tweet-mender archive build", which replaces it whole at the next',
    'build. It refuses to replace it while it holds a file not listed below.',
    '',
    ...paths,
    '',
  ].join('\n');
}

/** Throws, naming a file, unless the folder is absent, empty, or holds only what the build wrote there. */
export function checkOwnOutput(dir: string): void {
  if (!existsSync(dir)) return;
  const shown = showName(dir);
  if (!lstatSync(dir).isDirectory()) throw new Error(`--out ${shown} is a file, not a folder; nothing written`);
  const files = listFiles(dir);
  if (files.length === 0) return;
  const marker = files.includes(OUTPUT_MARKER) ? markerFiles(readFileSync(join(dir, OUTPUT_MARKER), 'utf8')) : null;
  const foreign = files.find((file) => file !== OUTPUT_MARKER && !marker?.has(file));
  if (marker === null)
    throw new Error(
      `--out ${shown} holds files this build did not write (${showName(foreign ?? files[0] ?? '')}, …): ` +
        'nothing written; choose a new or empty folder',
    );
  if (foreign !== undefined)
    throw new Error(
      `--out ${shown} holds ${showName(foreign)}, which this build did not write: nothing written; ` +
        'move it away or choose another folder',
    );
}

/**
 * Writes the files into a temporary sibling of `dir`, then puts it in
 * `dir`'s place. The old output is removed only once the new one is in
 * place, and only after it was checked to hold nothing but the build's files.
 */
export function writeOutput(dir: string, files: ReadonlyMap<string, string>): void {
  checkOwnOutput(dir);
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const temp = mkdtempSync(join(parent, `.${basename(dir)}.tweet-mender-`));
  try {
    for (const [path, content] of files) {
      mkdirSync(dirname(join(temp, path)), { recursive: true });
      writeFileSync(join(temp, path), content);
    }
    writeFileSync(join(temp, OUTPUT_MARKER), markerText(files.keys()));
    // Again just before the swap: a file put there since the first check is not deleted either.
    checkOwnOutput(dir);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  if (!existsSync(dir)) {
    renameSync(temp, dir);
    return;
  }
  const old = `${temp}-old`;
  renameSync(dir, old);
  try {
    renameSync(temp, dir);
  } catch (error) {
    renameSync(old, dir);
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}
