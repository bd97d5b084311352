/**
 * tweet-mender: builds and inspects the archive packaged in the extension.
 * Run from the repository with `npx tweet-mender <command>` (see --help).
 * Exit codes: 0 done, 1 failed (a bad source, a bad record, a missing id),
 * 2 called wrongly (the usage is printed).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPackagedArchive, InvalidArchiveError } from '../archive/build';
import { listPackagedArchiveFiles } from '../archive/packaged-files';
import { validateArticle, validateTweet } from '../archive/schema';
import { isArticleId } from '../archive/ids';
import { isTweetId } from '../embeds/tweet-url';
import { checkOutDir, writeOutput } from './build-output';
import { runImport } from './import-command';
import { computeStats, describeStats, formatIssue, openPackagedDir, searchPackaged, validatePackaged } from './inspect';
import { escapingOutput, showName, UsageError, type Output } from './output';
import { startProgress, type Progress } from './progress';
import { readSourcesDetailed } from './sources';
import { startSearchIndex } from '../library/index-build';

export { UsageError, type Output } from './output';

const ROOT = resolve(import.meta.dirname, '../..');
const DEFAULT_SOURCES = join(ROOT, 'assets/archive/sources');
const DEFAULT_PACKAGED = join(ROOT, 'assets/archive/packaged');

const HELP: Record<string, string> = {
  '': `Usage: tweet-mender <command> [options]

Commands:
  archive import <path>…    Add sources: articles, saved pages, X exports, tweet JSON
  archive build             Build the packaged archive from its sources
  archive validate          Check every record of the sources and the packaged archive
  archive show <id>         Print one tweet or article record
  archive stats             Count what the packaged archive holds
  archive search <words>…   Find tweets and articles by their words

Run "tweet-mender archive <command> --help" for a command's options.`,
  import: `Usage: tweet-mender archive import <path>… [options]

Copies each source into the sources folder (default assets/archive/sources),
under the folder of its kind, with a <file>.source.txt note beside it saying
where it came from. Every source is read first: nothing unreadable is copied.
Then run "tweet-mender archive build".

Sources (recognised by name and content):
  .txt, .md            an article as a reader saw it: title, blank line, paragraphs
  .html                a saved page: SingleFile, Wayback Machine, any saved HTML
                       (or a Thread Reader App unroll)
  .zip or a folder     the X account export ("Download an archive of your data")
  .json, .jsonl        syndication tweet-result, oEmbed, API v1.1 statuses
  .warc, .warc.gz      a web archive: its pages and captured tweet JSON
  .json (records)      what the options page's "Export" gives

Options:
  --sources <dir>       the sources folder to add to
  --kind <kind>         read as: text, markdown, html, x-archive, syndication,
                        oembed, api-v1.1, warc, records (default: recognised)
  --tweet-id <id>       the tweet a syndication tombstone answered for
  --captured-at <date>  when the source was captured (ISO 8601)
  --url <url>           the address the source was taken from
  --site-name <name>    the site an article is from
  --lang <code>         the article's language
  --note <text>         what the source is, in words (shown with the record)
  --origin <text>       where the file came from, for the .source.txt note
  --force               replace a source of the same name with other content`,
  build: `Usage: tweet-mender archive build [--sources <dir>] [--out <dir>] [--check]

Turns the sources (default assets/archive/sources) into the packaged copy
(default assets/archive/packaged). Records of one tweet or article from
several sources are merged (assets/archive/README.md, "Merge rule"). The same
sources always give the same bytes.

The output folder is replaced whole, so it must be new, empty, or one this
command wrote (it leaves a .tweet-mender-output file listing its files): a
folder holding anything else is refused, as are the current folder, the
project, the sources folder and any folder holding them. A build that fails
leaves the old output as it was.

  --check   Do not write: exit 1 if the packaged copy differs from a fresh build.`,
  validate: `Usage: tweet-mender archive validate [--sources <dir>] [--archive <dir>]

Reports every bad record with its file, record and field, and what is wrong:
of the sources (read by the importers, before merging) and of a packaged
archive. With no option both defaults are checked; with one, only that one.
Exits 1 when there is a problem.`,
  show: `Usage: tweet-mender archive show <tweetId|articleId> [--archive <dir>] [--json]

Prints one normalised record. Tweet ids are digits; article ids start with "a".`,
  stats: `Usage: tweet-mender archive stats [--archive <dir>] [--json]

Counts the packaged archive's articles, tweets (by status and by source),
files, bytes and shards.`,
  search: `Usage: tweet-mender archive search <words>… [--archive <dir>] [--limit <n>] [--json]

Lists the tweets and articles that hold every word (any case, any
punctuation; the last word also as the beginning of a word), best first:
words in the title or author first, then the words side by side, then the
newest. A tweet id, a tweet's address or an @handle finds the tweet. Uses
the archive's search index, as the extension's library does. Default
limit: 50.`,
};

export async function runCli(
  argv: string[],
  stdout: Output = process.stdout,
  stderr: Output = process.stderr,
): Promise<number> {
  // Archive text, file names and errors can hold control characters: every write is escaped.
  const out = escapingOutput(stdout);
  const err = escapingOutput(stderr);
  try {
    return await dispatch(argv, (text) => out.write(`${text}\n`), err);
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`tweet-mender: ${error.message}\n\n${HELP[''] ?? ''}\n`);
      return 2;
    }
    err.write(`tweet-mender: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

type Print = (text: string) => void;

async function dispatch(argv: string[], print: Print, err: Output): Promise<number> {
  const [group, command, ...rest] = argv;
  if (!group || group === '--help' || group === '-h' || group === 'help') {
    print(HELP[''] as string);
    return 0;
  }
  if (group !== 'archive') throw new UsageError(`unknown command "${showName(group)}"`);
  if (!command || command === '--help' || command === '-h') {
    print(HELP[''] as string);
    return command ? 0 : 2;
  }
  const help = Object.hasOwn(HELP, command) && command ? HELP[command] : undefined;
  if (!help) throw new UsageError(`unknown archive command "${showName(command)}"`);
  if (rest.includes('--help') || rest.includes('-h')) {
    print(help);
    return 0;
  }
  switch (command) {
    case 'import':
      return runImport(rest, { root: ROOT, defaultSources: DEFAULT_SOURCES, print, err, now: () => new Date() });
    case 'build':
      return build(rest, print, err);
    case 'validate':
      return validate(rest, print, err);
    case 'show':
      return show(rest, print);
    case 'stats':
      return stats(rest, print);
    case 'search':
      return search(rest, print);
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

function noPositionals(command: string, positionals: string[]): void {
  if (positionals.length) throw new UsageError(`archive ${command} takes no argument "${positionals[0]}"`);
}

async function build(args: string[], print: Print, err: Output): Promise<number> {
  const { values, positionals } = parse(args, {
    sources: { type: 'string' },
    out: { type: 'string' },
    check: { type: 'boolean' },
  });
  noPositionals('build', positionals);
  const sources = resolve((values.sources as string | undefined) ?? DEFAULT_SOURCES);
  // Refused before anything is read: a folder the build may not replace (docs/security.md, "CLI").
  const outDir = checkOutDir(values.out as string | undefined, DEFAULT_PACKAGED, {
    cwd: process.cwd(),
    root: ROOT,
    sources,
    home: homedir(),
  });
  const { read, files } = await readAndBuild(sources, print, err);
  if (!files) {
    const problems = read.errors.length || 'invalid';
    throw new Error(
      `${problems === 'invalid' ? 'invalid records' : `${problems} unreadable source(s)`} in the sources; nothing written`,
    );
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
  writeOutput(outDir, files);
  let bytes = 0;
  for (const content of files.values()) bytes += Buffer.byteLength(content);
  print(
    `Built ${manifest.counts.articles} articles and ${manifest.counts.tweets} tweets into ${files.size} files (${bytes} bytes) at ${outDir}`,
  );
  return 0;
}

async function readAndBuild(sources: string, print: Print, err: Output) {
  let progress: Progress | null = null;
  const read = await readSourcesDetailed(sources, (entry, total) => {
    progress ??= startProgress(err, total, 'read');
    progress.tick(entry.file);
  });
  (progress as Progress | null)?.stop();
  for (const note of read.notes) print(`note: ${note}`);
  for (const error of read.errors) print(`${error.file}: cannot be read: ${error.message}`);
  if (read.errors.length) return { read, files: null };
  try {
    return { read, files: buildPackagedArchive(read.records, { searchIndex: startSearchIndex }) };
  } catch (error) {
    if (error instanceof InvalidArchiveError) {
      const fileOf = sourceFileOf(read.records);
      for (const issue of error.issues) print(formatIssue(fileOf(issue.record), issue));
      return { read, files: null };
    }
    throw error;
  }
}

/** The source file a record came from, for messages ("(sources)" when unknown). */
function sourceFileOf(records: Awaited<ReturnType<typeof readSourcesDetailed>>['records']) {
  const files = new Map<string, string>();
  for (const r of [...records.articles, ...records.tweets]) {
    const file = r?.sources?.[0]?.file;
    if (typeof r?.id === 'string' && file) files.set(r.id, file);
  }
  return (id: string) => files.get(id) ?? '(sources)';
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

async function validate(args: string[], print: Print, err: Output): Promise<number> {
  const { values, positionals } = parse(args, { archive: { type: 'string' }, sources: { type: 'string' } });
  noPositionals('validate', positionals);
  const both = values.archive === undefined && values.sources === undefined;
  let problems = 0;
  if (both || values.sources !== undefined) {
    const dir = resolve((values.sources as string | undefined) ?? DEFAULT_SOURCES);
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
    const dir = resolve((values.archive as string | undefined) ?? DEFAULT_PACKAGED);
    const { issues, records } = validatePackaged(dir, err);
    for (const line of issues) print(line);
    print(issues.length ? `${issues.length} problem(s) in ${dir}` : `${records} records valid in ${dir}`);
    problems += issues.length;
  }
  return problems ? 1 : 0;
}

async function show(args: string[], print: Print): Promise<number> {
  const { values, positionals } = parse(args, { archive: { type: 'string' }, json: { type: 'boolean' } });
  const [id, ...extra] = positionals;
  if (!id) throw new UsageError('archive show needs a tweet id or an article id');
  if (extra.length) throw new UsageError(`archive show takes one id, not "${extra[0]}" too`);
  const dir = resolve((values.archive as string | undefined) ?? DEFAULT_PACKAGED);
  const kind = isTweetId(id) ? 'tweet' : isArticleId(id) ? 'article' : null;
  if (!kind) throw new UsageError(`"${id}" is neither a tweet id nor an article id`);
  const reader = openPackagedDir(dir);
  const record = kind === 'tweet' ? await reader.getTweet(id) : await reader.getArticle(id);
  if (!record) throw new Error(`no ${kind} with id ${id} in ${dir}`);
  print(values.json ? JSON.stringify(record, null, 2) : describeRecord(record));
  return 0;
}

function describeRecord(record: object): string {
  const r = record as Record<string, unknown>;
  if (Array.isArray(r.paragraphs)) {
    return [
      `${r.title as string}`,
      `id ${r.id as string}, ${r.paragraphs.length} paragraphs`,
      '',
      ...(r.paragraphs as string[]),
    ].join('\n');
  }
  const author = r.author as { handle: string | null; name: string | null } | null;
  const sources = r.sources as { format: string; file: string }[];
  return [
    `${author?.name ?? '?'}${author?.handle ? ` (@${author.handle})` : ''} · ${(r.createdAt as string | null) ?? 'undated'} · ${r.status as string}`,
    `${r.url as string}`,
    '',
    (r.text as string | null) ?? '(no text archived)',
    '',
    `sources: ${sources.map((s) => `${s.format} ${s.file}`).join('; ')}`,
  ].join('\n');
}

function stats(args: string[], print: Print): number {
  const { values, positionals } = parse(args, { archive: { type: 'string' }, json: { type: 'boolean' } });
  noPositionals('stats', positionals);
  const result = computeStats(resolve((values.archive as string | undefined) ?? DEFAULT_PACKAGED));
  print(values.json ? JSON.stringify(result, null, 2) : describeStats(result).join('\n'));
  return 0;
}

async function search(args: string[], print: Print): Promise<number> {
  const { values, positionals } = parse(args, {
    archive: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length === 0) throw new UsageError('archive search needs at least one word');
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
  const dir = resolve((values.archive as string | undefined) ?? DEFAULT_PACKAGED);
  const { hits, total } = await searchPackaged(dir, positionals, limit);
  if (values.json) print(JSON.stringify(hits, null, 2));
  else {
    for (const hit of hits) {
      const where = hit.kind === 'article' ? ` ${hit.paragraph === -1 ? 'title' : `¶${(hit.paragraph ?? 0) + 1}`}` : '';
      print(`${hit.kind} ${hit.id}${where}: ${hit.text.replace(/\n/g, ' ')}`);
    }
    print(`${hits.length} match(es)${total > hits.length ? ` of ${total} (limit ${limit})` : ''}`);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await runCli(process.argv.slice(2));
}
