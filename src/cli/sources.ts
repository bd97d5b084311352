/**
 * Reads the archive's source folder into normalised records (node only).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ArchiveRecords } from '../archive/build';
import { importTextArticle, type TextSourceMeta } from '../archive/importers/text';

/** Notes about a source sit beside it as `<file>.source.txt`; they are not sources. */
const isNote = (name: string) => name.endsWith('.source.txt') || name === 'README.md';

export function readSources(sourcesDir: string): ArchiveRecords {
  const records: ArchiveRecords = { articles: [], tweets: [] };
  for (const path of listFiles(sourcesDir)) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (isNote(name)) continue;
    const file = relative(sourcesDir, path).split('\\').join('/');
    if (name.endsWith('.txt') || name.endsWith('.md')) {
      const meta = readMeta(path.replace(/\.(txt|md)$/, '.meta.json'));
      const format = name.endsWith('.md') ? 'markdown' : 'text';
      records.articles.push(importTextArticle(readFileSync(path, 'utf8'), file, meta, format));
    }
  }
  return records;
}

function readMeta(path: string): TextSourceMeta {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as TextSourceMeta;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}
