/**
 * `tweet-mender archive validate`: every bad record of the sources (as the
 * importers read them, merged) and of a packaged copy, with its file, record
 * and field.
 */
import { join, resolve } from 'node:path';
import { listPackagedArchiveFiles } from '../../archive/packaged-files';
import { validateArticle, validateManifest, validateTweet, type RecordIssue } from '../../archive/schema';
import { validateManifestSearch } from '../../library/index-format';
import { noPositionals, parse, type Command, type CommandContext } from '../command';
import type { Output } from '../output';
import { formatIssue, readJson } from '../packaged-dir';
import { startProgress } from '../progress';
import { readSourcesDetailed } from '../sources';

export const validateCommand: Command = {
  name: 'validate',
  usage: 'validate',
  summary: 'Check every record of the sources and the packaged archive',
  help: `Usage: tweet-mender archive validate [--sources <dir>] [--archive <dir>]

Reports every bad record with its file, record and field, and what is wrong:
of the sources (read by the importers, before merging) and of a packaged
archive. With no option both defaults are checked; with one, only that one.
Exits 1 when there is a problem.`,
  run: validate,
};

async function validate(args: string[], { print, err, defaultSources, defaultPackaged }: CommandContext) {
  const { values, positionals } = parse(args, { archive: { type: 'string' }, sources: { type: 'string' } });
  noPositionals('validate', positionals);
  const both = values.archive === undefined && values.sources === undefined;
  let problems = 0;
  if (both || values.sources !== undefined) {
    const dir = resolve((values.sources as string | undefined) ?? defaultSources);
    const read = await readSourcesDetailed(dir);
    const lines = read.errors.map((e) => `${e.file}: cannot be read: ${e.message}`);
    let records = 0;
    // Merged records are what gets built; each issue names the first source of the record.
    for (const article of read.records.articles) {
      records++;
      lines.push(...validateArticle(article, article.id).map((i) => formatIssue(article.sources[0]?.file ?? '?', i)));
    }
    for (const tweet of read.records.tweets) {
      records++;
      lines.push(...validateTweet(tweet, tweet.id).map((i) => formatIssue(tweet.sources[0]?.file ?? '?', i)));
    }
    for (const note of read.notes) print(`note: ${note}`);
    for (const line of lines) print(line);
    print(
      lines.length
        ? `${lines.length} problem(s) in the sources at ${dir}`
        : `${records} source records valid in ${dir}`,
    );
    problems += lines.length;
  }
  if (both || values.archive !== undefined) {
    const dir = resolve((values.archive as string | undefined) ?? defaultPackaged);
    const { issues, records } = validatePackaged(dir, err);
    for (const line of issues) print(line);
    print(issues.length ? `${issues.length} problem(s) in ${dir}` : `${records} records valid in ${dir}`);
    problems += issues.length;
  }
  return problems ? 1 : 0;
}

/** Every problem of a packaged copy, one line each: file, record, field and what is wrong. */
function validatePackaged(dir: string, err: Output): { issues: string[]; records: number } {
  const issues: string[] = [];
  let records = 0;
  const files = listPackagedArchiveFiles(dir);
  const progress = startProgress(err, files.length, 'validate');
  for (const file of files) {
    progress.tick(file);
    let value: unknown;
    try {
      value = readJson(join(dir, file));
    } catch (error) {
      issues.push(`${file}: not JSON (${(error as Error).message})`);
      continue;
    }
    const found: RecordIssue[] = [];
    // The archive's fields, then the library's index (its `search` field).
    if (file === 'manifest.json') found.push(...validateManifest(value), ...validateManifestSearch(value));
    else if (file.startsWith('articles/') || file.startsWith('tweets/')) {
      const check = file.startsWith('articles/') ? validateArticle : validateTweet;
      for (const [key, record] of Object.entries(value as Record<string, unknown>)) {
        records++;
        found.push(...check(record, key));
        if ((record as { id?: unknown })?.id !== key)
          found.push({ record: key, field: 'id', message: 'differs from its key' });
      }
    }
    issues.push(...found.map((issue) => formatIssue(file, issue)));
  }
  progress.stop();
  return { issues, records };
}
