/**
 * What a folder holds, to check that a command wrote nothing there: every
 * file and folder under it, each file's bytes (as a SHA-256) and every
 * entry's modification time, so that a file rewritten with the same bytes
 * shows too.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(dir, rel);
    const stat = statSync(path);
    const bytes = stat.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'folder';
    out[rel] = `${bytes} ${stat.mtimeMs}`;
  }
  return out;
}
