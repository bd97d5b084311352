/**
 * Reads the archive's source folder into normalised records (node only): it
 * walks the folder, hands each source to the shared importers
 * (src/archive/importers/, which never touch the file system) and merges
 * the records of one tweet or article by the stated rule (src/archive/merge.ts).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { ArchiveRecords } from '../archive/build';
import type { ImportContext } from '../archive/importers/context';
import { importExportFolder, importSource, type SourceMeta } from '../archive/importers/import-source';
import type { ImportResult } from '../archive/importers/record';
import { isExportDataFile } from '../archive/importers/zip';
import { mergeRecords } from '../archive/merge';

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

/** The `<name>.meta.json` beside a source ("article.txt" → "article.meta.json"), if any. */
export function readMeta(path: string): SourceMeta {
  const metaPath = path.replace(/(\.[^./]+)?$/, '.meta.json');
  if (!existsSync(metaPath)) return {};
  try {
    return JSON.parse(readFileSync(metaPath, 'utf8')) as SourceMeta;
  } catch (error) {
    throw new Error(`${metaPath}: ${(error as Error).message}`, { cause: error });
  }
}

/** An export folder's files: data files with their content, media by name only. */
export function readExportFolder(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else if (!isNote(name)) files.set(rel, isExportDataFile(rel) ? readFileSync(join(dir, rel)) : new Uint8Array(0));
    }
  };
  walk('');
  return files;
}

/** Runs the importer for one source. Throws when the source cannot be read at all. */
export function importEntry(entry: SourceEntry): ImportResult {
  if (entry.folder) return importExportFolder(readExportFolder(entry.path), entry.file);
  return importSource(
    { file: entry.file, bytes: readFileSync(entry.path), meta: readMeta(entry.path) },
    nodeImportContext,
  );
}

export interface SourcesRead {
  records: ArchiveRecords;
  notes: string[];
  errors: { file: string; message: string }[];
}

export function readSourcesDetailed(
  sourcesDir: string,
  onSource?: (entry: SourceEntry, total: number) => void,
): SourcesRead {
  const all: ArchiveRecords = { articles: [], tweets: [] };
  const notes: string[] = [];
  const errors: SourcesRead['errors'] = [];
  const entries = listSourceEntries(sourcesDir);
  for (const entry of entries) {
    onSource?.(entry, entries.length);
    try {
      const result = importEntry(entry);
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
export function readSources(sourcesDir: string): ArchiveRecords {
  const { records, errors } = readSourcesDetailed(sourcesDir);
  if (errors.length) throw new Error(errors.map((e) => `${e.file}: ${e.message}`).join('\n'));
  return records;
}
