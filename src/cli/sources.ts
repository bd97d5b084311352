/**
 * Reads the archive's source folder into normalised records (node only): it
 * walks the folder, hands each source to the shared importers
 * (src/archive/importers/, which never touch the file system) and merges
 * the records of one tweet or article by the stated rule (src/archive/merge.ts).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { ArchiveRecords } from '../archive/schema';
import type { ImportContext } from '../archive/importers/context';
import { importExportFolder, importSource, type SourceMeta } from '../archive/importers/import-source';
import { formatBytes, InputLimitError, LIMITS } from '../archive/importers/limits';
import type { ImportResult } from '../archive/importers/record';
import type { ExportFile } from '../archive/importers/x-archive';
import { isExportDataFile } from '../archive/importers/zip';
import { mergeRecords } from '../archive/merge';
import { withFileSource } from './file-source';

/** linkedom stands in for the browser's DOMParser. */
export const nodeImportContext: ImportContext = {
  parseHtml: (html) => parseHTML(html).document as unknown as Document,
  Readability,
};

/** Notes beside a source (`<file>.source.txt`, `<name>.meta.json`) and licence texts are not sources. */
export const isNote = (name: string): boolean =>
  name.endsWith('.source.txt') ||
  name.endsWith('.meta.json') ||
  /^(?:README|LICENSES?|NOTICE)(?:[.-].*)?$/i.test(name) ||
  name.startsWith('.');

/** A folder holding an unzipped X export (its data/ folder). */
export function isExportFolder(dir: string): boolean {
  return ['data/manifest.js', 'data/tweets.js', 'data/tweet.js', 'data/js/tweets'].some((p) =>
    existsSync(join(dir, p)),
  );
}

export interface SourceEntry {
  /** Absolute path of the file, or of the export folder. */
  path: string;
  /** Path relative to the sources folder, '/'-separated: what provenance records. */
  file: string;
  folder: boolean;
}

/** Every source in a sources folder, in path order; an export folder is one source. */
export function listSourceEntries(sourcesDir: string): SourceEntry[] {
  const out: SourceEntry[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const file = relative(sourcesDir, path).split('\\').join('/');
      if (statSync(path).isDirectory()) {
        if (isExportFolder(path)) out.push({ path, file, folder: true });
        else walk(path);
      } else if (!isNote(name)) out.push({ path, file, folder: false });
    }
  };
  walk(sourcesDir);
  return out;
}

/**
 * What the build would get wrong in a sources folder: two sources that share
 * one `<name>.meta.json` (a.txt and a.html: the note would describe both),
 * and notes that belong to no source (the build would ignore them, and what
 * they say would be lost without a word). Each is refused with its reason.
 */
export function checkSourcesFolder(sourcesDir: string, entries: readonly SourceEntry[]): SourcesRead['errors'] {
  const errors: SourcesRead['errors'] = [];
  const rel = (path: string) => relative(sourcesDir, path).split('\\').join('/');
  const byMeta = new Map<string, SourceEntry[]>();
  for (const entry of entries) {
    if (entry.folder) continue;
    const meta = metaPathOf(entry.path);
    byMeta.set(meta, [...(byMeta.get(meta) ?? []), entry]);
  }
  for (const [meta, sharing] of byMeta) {
    if (sharing.length < 2) continue;
    for (const entry of sharing) {
      const others = sharing.filter((e) => e !== entry).map((e) => e.file);
      errors.push({
        file: entry.file,
        message: `shares ${rel(meta)} with ${others.join(', ')}: one note cannot describe both; rename one of them`,
      });
    }
  }
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (!isExportFolder(path)) walk(path);
      } else if (name.endsWith('.meta.json') && !byMeta.has(path)) {
        errors.push({ file: rel(path), message: 'describes no source beside it: the build would ignore it' });
      } else if (name.endsWith('.source.txt') && !existsSync(path.slice(0, -'.source.txt'.length))) {
        errors.push({
          file: rel(path),
          message: 'is the note of a source that is not there: the build would ignore it',
        });
      }
    }
  };
  walk(sourcesDir);
  return errors;
}

/** The `<name>.meta.json` beside a source: "article.txt" → "article.meta.json". */
export const metaPathOf = (path: string): string => path.replace(/(\.[^./]+)?$/, '.meta.json');

const META_FIELDS = ['url', 'capturedAt', 'siteName', 'lang', 'byline', 'publishedAt', 'note', 'tweetId'] as const;

/**
 * The `<name>.meta.json` beside a source, if any: its known fields, nothing
 * else ("__proto__" and unknown keys are dropped). A value of the wrong type
 * is kept, for the validator to name (archive validate, archive build).
 */
export function readMeta(path: string): SourceMeta {
  const metaPath = metaPathOf(path);
  if (!existsSync(metaPath)) return {};
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(metaPath, 'utf8'));
  } catch (error) {
    throw new Error(`${metaPath}: ${(error as Error).message}`, { cause: error });
  }
  const meta: Record<string, unknown> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const field of META_FIELDS) {
      if (Object.hasOwn(value, field)) meta[field] = (value as Record<string, unknown>)[field];
    }
  }
  return meta as SourceMeta;
}

/**
 * An export folder's files: each data file as a reader the importer calls
 * when it needs the file (refused over the limit for one data file), media
 * by name only.
 */
export function readExportFolder(dir: string): Map<string, ExportFile> {
  const files = new Map<string, ExportFile>();
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const rel = sub ? `${sub}/${name}` : name;
      const path = join(dir, rel);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(rel);
      else if (!isNote(name))
        files.set(rel, isExportDataFile(rel) ? () => readDataFile(path, rel, stat.size) : new Uint8Array(0));
    }
  };
  walk('');
  return files;
}

async function readDataFile(path: string, rel: string, size: number): Promise<Uint8Array> {
  if (size > LIMITS.exportDataFile) {
    throw new InputLimitError(
      `${rel} is ${formatBytes(size)}, over the ${formatBytes(LIMITS.exportDataFile)} limit for one data file of an X export`,
    );
  }
  return readFile(path);
}

/** An export folder's data files read into memory (tests zip them). */
export async function readExportFolderBytes(dir: string): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const [path, content] of readExportFolder(dir))
    out.set(
      path,
      typeof content === 'function' ? await content() : typeof content === 'string' ? Buffer.from(content) : content,
    );
  return out;
}

/** Runs the importer for one source, reading it by ranges. Throws when the source cannot be read at all. */
export async function importEntry(entry: SourceEntry): Promise<ImportResult> {
  if (entry.folder) return importExportFolder(readExportFolder(entry.path), entry.file);
  const meta = readMeta(entry.path);
  return withFileSource(entry.path, (bytes) => importSource({ file: entry.file, bytes, meta }, nodeImportContext));
}

export interface SourcesRead {
  records: ArchiveRecords;
  notes: string[];
  errors: { file: string; message: string }[];
}

export async function readSourcesDetailed(
  sourcesDir: string,
  onSource?: (entry: SourceEntry, total: number) => void,
): Promise<SourcesRead> {
  const all: ArchiveRecords = { articles: [], tweets: [] };
  const notes: string[] = [];
  const errors: SourcesRead['errors'] = [];
  const entries = listSourceEntries(sourcesDir);
  for (const problem of checkSourcesFolder(sourcesDir, entries)) errors.push(problem);
  for (const entry of entries) {
    onSource?.(entry, entries.length);
    try {
      const result = await importEntry(entry);
      all.articles.push(...result.articles);
      all.tweets.push(...result.tweets);
      notes.push(...result.notes);
    } catch (error) {
      errors.push({ file: entry.file, message: (error as Error).message });
    }
  }
  return { records: mergeRecords(all), notes, errors };
}

/** The merged records of a sources folder; throws on the first source that cannot be read. */
export async function readSources(sourcesDir: string): Promise<ArchiveRecords> {
  const { records, errors } = await readSourcesDetailed(sourcesDir);
  if (errors.length) throw new Error(errors.map((e) => `${e.file}: ${e.message}`).join('\n'));
  return records;
}
