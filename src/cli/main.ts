/**
 * tweet-mender: builds and inspects the archive packaged in the extension.
 * Run from the repository with `npx tweet-mender <command>` (see --help).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPackagedArchive, InvalidArchiveError } from '../archive/build';
import { listPackagedArchiveFiles } from '../archive/packaged-files';
import { validateArticle, validateManifest, validateTweet, type RecordIssue } from '../archive/schema';
import { isTweetId } from '../embeds/tweet-url';
import { readSources } from './sources';

const ROOT = resolve(import.meta.dirname, '../..');
const DEFAULT_SOURCES = join(ROOT, 'assets/archive/sources');
const DEFAULT_PACKAGED = join(ROOT, 'assets/archive/packaged');

export class UsageError extends Error {}

const HELP: Record<string, string> = {
  '': `Usage: tweet-mender <command> [options]

Commands:
  archive build      Build the packaged archive from its sources
  archive validate   Check every record of the packaged archive
  archive show <id>  Print one tweet or article record

Run "tweet-mender archive <command> --help" for a command's options.`,
  build: `Usage: tweet-mender archive build [--sources <dir>] [--out <dir>] [--check]

Turns the sources (default assets/archive/sources) into the packaged copy
(default assets/archive/packaged). The same sources always give the same bytes.

  --check   Do not write: exit 1 if the packaged copy differs from a fresh build.`,
  validate: `Usage: tweet-mender archive validate [--archive <dir>]

Reports every bad record of a packaged archive with its file, record and field.
Exits 1 when there is one.`,
  show: `Usage: tweet-mender archive show <tweetId|articleId> [--archive <dir>] [--json]

Prints one normalised record. Tweet ids are digits; article ids start with "a".`,
};

/** Where the CLI writes: process.stdout/stderr, or a test's buffer. */
export interface Output {
  write(text: string): unknown;
}

export async function runCli(
  argv: string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  try {
    return await dispatch(argv, (text) => out.write(`${text}\n`));
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`tweet-mender: ${error.message}\n\n${HELP[''] ?? ''}\n`);
      return 2;
    }
    err.write(`tweet-mender: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function dispatch(argv: string[], print: (text: string) => void): Promise<number> {
  const [group, command, ...rest] = argv;
  if (!group || group === '--help' || group === '-h' || group === 'help') {
    print(HELP[''] as string);
    return 0;
  }
  if (group !== 'archive') throw new UsageError(`unknown command "${group}"`);
  if (!command || command === '--help' || command === '-h') {
    print(HELP[''] as string);
    return command ? 0 : 2;
  }
  const help = HELP[command];
  if (!help) throw new UsageError(`unknown archive command "${command}"`);
  if (rest.includes('--help') || rest.includes('-h')) {
    print(help);
    return 0;
  }
  switch (command) {
    case 'build':
      return build(rest, print);
    case 'validate':
      return validate(rest, print);
    case 'show':
      return show(rest, print);
    default:
      throw new UsageError(`unknown archive command "${command}"`);
  }
}

function parse<O extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function build(args: string[], print: (text: string) => void): number {
  const { values } = parse(args, {
    sources: { type: 'string' },
    out: { type: 'string' },
    check: { type: 'boolean' },
  });
  const sources = resolve((values.sources as string | undefined) ?? DEFAULT_SOURCES);
  const outDir = resolve((values.out as string | undefined) ?? DEFAULT_PACKAGED);
  let files: Map<string, string>;
  try {
    files = buildPackagedArchive(readSources(sources));
  } catch (error) {
    if (error instanceof InvalidArchiveError) {
      for (const issue of error.issues) print(formatIssue('(sources)', issue));
      throw new Error(`${error.issues.length} invalid field(s) in the sources; nothing written`, { cause: error });
    }
    throw error;
  }
  const manifest = JSON.parse(files.get('manifest.json') as string);
  if (values.check) {
    const stale = diffPackaged(outDir, files);
    if (stale.length) {
      print(`The packaged archive is out of date (${stale.join(', ')}). Run: npm run archive:build`);
      return 1;
    }
    print(
      `The packaged archive is up to date (${manifest.counts.articles} articles, ${manifest.counts.tweets} tweets).`,
    );
    return 0;
  }
  rmSync(outDir, { recursive: true, force: true });
  let bytes = 0;
  for (const [path, content] of files) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), content);
    bytes += Buffer.byteLength(content);
  }
  print(
    `Built ${manifest.counts.articles} articles and ${manifest.counts.tweets} tweets into ${files.size} files (${bytes} bytes) at ${outDir}`,
  );
  return 0;
}

function diffPackaged(dir: string, files: Map<string, string>): string[] {
  const onDisk = new Set(listPackagedArchiveFiles(dir));
  const stale: string[] = [];
  for (const [path, content] of files) {
    let current: string | null = null;
    try {
      current = readFileSync(join(dir, path), 'utf8');
    } catch {
      // missing
    }
    if (current !== content) stale.push(path);
    onDisk.delete(path);
  }
  return [...stale, ...onDisk];
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function validate(args: string[], print: (text: string) => void): number {
  const { values } = parse(args, { archive: { type: 'string' } });
  const dir = resolve((values.archive as string | undefined) ?? DEFAULT_PACKAGED);
  const issues: string[] = [];
  let records = 0;
  for (const file of listPackagedArchiveFiles(dir)) {
    let value: unknown;
    try {
      value = readJson(join(dir, file));
    } catch (error) {
      issues.push(`${file}: not JSON (${(error as Error).message})`);
      continue;
    }
    const found: RecordIssue[] = [];
    if (file === 'manifest.json') found.push(...validateManifest(value));
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
  for (const line of issues) print(line);
  print(issues.length ? `${issues.length} problem(s) in ${dir}` : `${records} records valid in ${dir}`);
  return issues.length ? 1 : 0;
}

function formatIssue(file: string, issue: RecordIssue): string {
  return `${file}: ${issue.record}: ${issue.field || '(record)'}: ${issue.message}`;
}

function show(args: string[], print: (text: string) => void): number {
  const { values, positionals } = parse(args, { archive: { type: 'string' }, json: { type: 'boolean' } });
  const [id] = positionals;
  if (!id) throw new UsageError('archive show needs a tweet id or an article id');
  const dir = resolve((values.archive as string | undefined) ?? DEFAULT_PACKAGED);
  const kind = isTweetId(id) ? 'tweets' : /^a[0-9a-f]{14}$/.test(id) ? 'articles' : null;
  if (!kind) throw new UsageError(`"${id}" is neither a tweet id nor an article id`);
  for (const file of listPackagedArchiveFiles(dir).filter((f) => f.startsWith(`${kind}/`))) {
    const shard = readJson(join(dir, file)) as Record<string, unknown>;
    if (Object.hasOwn(shard, id)) {
      print(values.json ? JSON.stringify(shard[id], null, 2) : describeRecord(shard[id]));
      return 0;
    }
  }
  throw new Error(`no ${kind === 'tweets' ? 'tweet' : 'article'} with id ${id} in ${dir}`);
}

function describeRecord(record: unknown): string {
  const r = record as Record<string, unknown>;
  if (Array.isArray(r.paragraphs)) {
    return [
      `${r.title as string}`,
      `id ${r.id as string}, ${r.paragraphs.length} paragraphs`,
      '',
      ...(r.paragraphs as string[]),
    ].join('\n');
  }
  return JSON.stringify(record, null, 2);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await runCli(process.argv.slice(2));
}
