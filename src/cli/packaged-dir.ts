/**
 * A packaged copy on disk, as the commands that read one use it (validate,
 * show, stats, search): its files read and parsed, a reader over them, its
 * records one by one, and how a bad record is named.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listPackagedArchiveFiles } from '../archive/packaged-files';
import { openPackagedArchive, type PackagedArchiveReader } from '../archive/packaged-archive';
import type { RecordIssue } from '../archive/schema';

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function formatIssue(file: string, issue: RecordIssue): string {
  return `${file}: ${issue.record}: ${issue.field || '(record)'}: ${issue.message}`;
}

/** A reader over a packaged copy on disk, reading shard files as the background does. */
export function openPackagedDir(dir: string): PackagedArchiveReader {
  return openPackagedArchive(async (path) => readJson(join(dir, path)));
}

/** Every record of one kind, shard by shard. */
export function* eachRecord<T>(dir: string, kind: 'tweets' | 'articles'): Generator<T> {
  for (const file of listPackagedArchiveFiles(dir).filter((f) => f.startsWith(`${kind}/`))) {
    yield* Object.values(readJson(join(dir, file)) as Record<string, T>);
  }
}
