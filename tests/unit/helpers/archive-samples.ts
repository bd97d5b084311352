/**
 * The test-only archive: the seed article and every sample of
 * tests/fixtures/formats/, imported with `tweet-mender archive import` into a
 * temporary sources folder and built with `archive build`, exactly as a
 * maintainer would. Never the shipped archive: the samples are fictional or
 * third-party records (tests/fixtures/formats/README.md).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPackagedArchiveFiles } from '../../../src/archive/packaged-files';
import { runCli } from '../../../src/cli/main';
import { FORMATS_DIR } from './archive-expected';
import { SOURCES_DIR } from './archive';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runTweetMender(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { write: (s: string) => (stdout += s) }, { write: (s: string) => (stderr += s) });
  return { code, stdout, stderr };
}

/** Every sample that holds a record, with the options its import needs. */
export const SAMPLE_IMPORTS: string[][] = [
  ['x-archive'],
  ['syndication/tweet-result.reply-photo.json'],
  ['syndication/tweet-result.quote-video.json'],
  // A tombstone names no id (docs/data-formats.md#syndication): say which tweet it answered for.
  ['syndication/tweet-result.tombstone.json', '--tweet-id', '1663618149381050368'],
  ['oembed/oembed.hugo-test-fixture.json'],
  ['oembed/oembed.reply-photo.constructed.json'],
  ['api-v1.1/tweets.twitter-to-sqlite.json'],
  ['article/singlefile-article.constructed.html'],
  ['article/wayback-article.constructed.html'],
  ['article/article.constructed.warc'],
  ['threadreader/thread.constructed.html'],
];

export interface SampleArchive {
  root: string;
  sources: string;
  packaged: string;
  files: Map<string, string>;
  importRuns: CliRun[];
  buildRun: CliRun;
  remove(): void;
}

export async function buildSampleArchive(): Promise<SampleArchive> {
  const root = mkdtempSync(join(tmpdir(), 'tweet-mender-samples-'));
  const sources = join(root, 'sources');
  const packaged = join(root, 'packaged');
  mkdirSync(sources);
  cpSync(join(SOURCES_DIR, 'articles'), join(sources, 'articles'), { recursive: true });
  const importRuns: CliRun[] = [];
  for (const [sample, ...options] of SAMPLE_IMPORTS) {
    importRuns.push(
      await runTweetMender('archive', 'import', join(FORMATS_DIR, sample as string), '--sources', sources, ...options),
    );
  }
  const buildRun = await runTweetMender('archive', 'build', '--sources', sources, '--out', packaged);
  const files = new Map(listPackagedArchiveFiles(packaged).map((f) => [f, readFileSync(join(packaged, f), 'utf8')]));
  return {
    root,
    sources,
    packaged,
    files,
    importRuns,
    buildRun,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
