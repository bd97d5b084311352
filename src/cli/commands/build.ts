/**
 * `tweet-mender archive build`: the sources folder turned into the packaged
 * copy, written only where the build may write (../build-output.ts), or with
 * --check compared with the copy there.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildPackagedArchive, InvalidArchiveError } from '../../archive/build';
import { listPackagedArchiveFiles } from '../../archive/packaged-files';
import { startSearchIndex } from '../../library/index-build';
import { checkOutDir, writeOutput } from '../build-output';
import { noPositionals, parse, type Command, type CommandContext, type Print } from '../command';
import type { Output } from '../output';
import { formatIssue } from '../packaged-dir';
import { startProgress, type Progress } from '../progress';
import { readSourcesDetailed } from '../sources';

export const buildCommand: Command = {
  name: 'build',
  usage: 'build',
  summary: 'Build the packaged archive from its sources',
  help: `Usage: tweet-mender archive build [--sources <dir>] [--out <dir>] [--check]

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
  run: build,
};

async function build(args: string[], { print, err, root, defaultSources, defaultPackaged }: CommandContext) {
  const { values, positionals } = parse(args, {
    sources: { type: 'string' },
    out: { type: 'string' },
    check: { type: 'boolean' },
  });
  noPositionals('build', positionals);
  const sources = resolve((values.sources as string | undefined) ?? defaultSources);
  // Refused before anything is read: a folder the build may not replace (docs/security.md, "CLI").
  const outDir = checkOutDir(values.out as string | undefined, defaultPackaged, {
    cwd: process.cwd(),
    root,
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
