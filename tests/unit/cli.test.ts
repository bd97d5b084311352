import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArchivedArticle } from '../../src/archive/schema';
import { listPackagedArchiveFiles } from '../../src/archive/packaged-files';
import { runCli } from '../../src/cli/main';
import { PACKAGED_DIR, SEED_PARAGRAPHS, SEED_TITLE, seedRecords } from './helpers/archive';

type Out = Parameters<typeof runCli>[1];
type Err = Parameters<typeof runCli>[2];

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const out = { write: (s: string) => ((stdout += s), true) } as unknown as Out;
  const err = { write: (s: string) => ((stderr += s), true) } as unknown as Err;
  const code = await runCli(argv, out, err);
  return { code, stdout, stderr };
}

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tweet-mender-cli-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const seedId = () => (seedRecords().articles[0] as ArchivedArticle).id;

describe('tweet-mender CLI: usage', () => {
  it('archive --help prints the usage and exits 0', async () => {
    const { code, stdout, stderr } = await run('archive', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: tweet-mender <command>');
    expect(stdout).toContain('archive build');
    expect(stdout).toContain('archive validate');
    expect(stdout).toContain('archive show <id>');
    expect(stderr).toBe('');
  });

  it.each(['build', 'validate', 'show'])("archive %s --help prints that command's options", async (command) => {
    const { code, stdout } = await run('archive', command, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: tweet-mender archive ${command}`);
  });

  it('an unknown command exits 2 with a message on stderr', async () => {
    const { code, stdout, stderr } = await run('frobnicate');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('tweet-mender: unknown command "frobnicate"');
    expect(stderr).toContain('Usage:');
  });

  it('an unknown archive command or option exits 2', async () => {
    const sub = await run('archive', 'explode');
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('unknown archive command "explode"');
    const option = await run('archive', 'build', '--bogus');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('--bogus');
  });

  it('show refuses an id that is neither a tweet id nor an article id', async () => {
    const { code, stderr } = await run('archive', 'show', 'not-an-id');
    expect(code).toBe(2);
    expect(stderr).toContain('"not-an-id" is neither a tweet id nor an article id');
    expect((await run('archive', 'show')).code).toBe(2);
  });
});

describe('tweet-mender archive show', () => {
  it('--json prints the seed article record', async () => {
    const { code, stdout, stderr } = await run('archive', 'show', seedId(), '--json');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const record = JSON.parse(stdout) as ArchivedArticle;
    expect(record.id).toBe(seedId());
    expect(record.title).toBe(SEED_TITLE);
    expect(record.paragraphs).toHaveLength(16);
    expect(record.paragraphs).toEqual(SEED_PARAGRAPHS);
    expect(record.embeds).toEqual([
      {
        position: 3,
        tweetId: null,
        fallbackText: ['Loading Tweet ...', 'Tweet not loading? See it directly on Twitter'],
      },
    ]);
  });

  it('without --json prints the title, the id and the paragraphs', async () => {
    const { code, stdout } = await run('archive', 'show', seedId());
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(SEED_TITLE);
    expect(lines[1]).toBe(`id ${seedId()}, 16 paragraphs`);
    expect(stdout).toContain(SEED_PARAGRAPHS[15] as string);
  });

  it('an id the archive does not have exits 1 and says so', async () => {
    const tweet = await run('archive', 'show', '1501707808009506816');
    expect(tweet.code).toBe(1);
    expect(tweet.stderr).toContain('no tweet with id 1501707808009506816');
    const article = await run('archive', 'show', 'a00000000000000');
    expect(article.code).toBe(1);
    expect(article.stderr).toContain('no article with id a00000000000000');
  });
});

describe('tweet-mender archive validate', () => {
  it('passes on the committed packaged copy', async () => {
    const { code, stdout, stderr } = await run('archive', 'validate');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain(`1 records valid in ${resolve(PACKAGED_DIR)}`);
  });

  it('fails on a corrupted record, naming the file, the record and the field', async () => {
    const dir = tempDir();
    cpSync(PACKAGED_DIR, dir, { recursive: true });
    const path = join(dir, 'articles/0.json');
    const shard = JSON.parse(readFileSync(path, 'utf8')) as Record<string, ArchivedArticle>;
    const id = seedId();
    const record = shard[id] as ArchivedArticle;
    (record.embeds[0] as { tweetId: unknown }).tweetId = 1501707808009506816;
    record.paragraphs[5] = '';
    writeFileSync(path, JSON.stringify(shard));

    const { code, stdout } = await run('archive', 'validate', '--archive', dir);
    expect(code).toBe(1);
    expect(stdout).toContain(`articles/0.json: ${id}: embeds.0.tweetId: must be a tweet id string or null`);
    expect(stdout).toContain(`articles/0.json: ${id}: paragraphs.5: must be a non-empty string`);
    expect(stdout).toContain(`2 problem(s) in ${dir}`);
  });

  it('fails on a record filed under another id, a broken manifest, or a file that is not JSON', async () => {
    const dir = tempDir();
    cpSync(PACKAGED_DIR, dir, { recursive: true });
    const path = join(dir, 'articles/0.json');
    const shard = JSON.parse(readFileSync(path, 'utf8')) as Record<string, ArchivedArticle>;
    writeFileSync(path, JSON.stringify({ a0000000000000f: shard[seedId()] }));
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ format: 'something-else', schemaVersion: 1, shards: {} }),
    );
    writeFileSync(join(dir, 'tweets/0.json'), '{ not json');

    const { code, stdout } = await run('archive', 'validate', '--archive', dir);
    expect(code).toBe(1);
    expect(stdout).toContain('articles/0.json: a0000000000000f: id: differs from its key');
    expect(stdout).toContain('manifest.json: manifest: format: must be "tweet-mender-archive"');
    expect(stdout).toContain('manifest.json: manifest: shards.articles: must be a positive integer');
    expect(stdout).toMatch(/tweets\/0\.json: not JSON/);
  });
});

describe('tweet-mender archive build', () => {
  it('--check passes on the repository', async () => {
    const { code, stdout, stderr } = await run('archive', 'build', '--check');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('The packaged archive is up to date (1 articles, 0 tweets).');
  });

  it('--check fails when the packaged copy is stale, naming the files', async () => {
    const dir = tempDir();
    cpSync(PACKAGED_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'text/0.json'), '{\n}\n');
    writeFileSync(join(dir, 'stray.json'), '{}');
    const { code, stdout } = await run('archive', 'build', '--check', '--out', dir);
    expect(code).toBe(1);
    expect(stdout).toContain('The packaged archive is out of date (text/0.json, stray.json)');
    // --check never writes
    expect(readFileSync(join(dir, 'text/0.json'), 'utf8')).toBe('{\n}\n');
  });

  it('writes a copy identical to the committed one', async () => {
    const dir = tempDir();
    const { code, stdout } = await run('archive', 'build', '--out', dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Built 1 articles and 0 tweets into 5 files \(\d+ bytes\) at /);
    const files = listPackagedArchiveFiles(dir);
    expect(files).toEqual(listPackagedArchiveFiles(PACKAGED_DIR));
    for (const file of files) {
      expect(readFileSync(join(dir, file), 'utf8'), file).toBe(readFileSync(join(PACKAGED_DIR, file), 'utf8'));
    }
    expect((await run('archive', 'build', '--check', '--out', dir)).code).toBe(0);
  });

  it('refuses invalid sources without writing anything', async () => {
    const sources = tempDir();
    const out = tempDir();
    writeFileSync(join(sources, 'a.txt'), 'A title that is long enough\n\nA paragraph.');
    writeFileSync(join(sources, 'a.meta.json'), JSON.stringify({ url: 'not a url', publishedAt: 'yesterday' }));
    writeFileSync(join(out, 'keep.json'), '{}');
    const { code, stdout, stderr } = await run('archive', 'build', '--sources', sources, '--out', out);
    expect(code).toBe(1);
    expect(stdout).toMatch(/\(sources\): a[0-9a-f]{14}: urls\.0: must be an http\(s\) URL/);
    expect(stdout).toMatch(/\(sources\): a[0-9a-f]{14}: publishedAt: must be an ISO 8601 date or null/);
    expect(stderr).toContain('nothing written');
    expect(listPackagedArchiveFiles(out)).toEqual(['keep.json']);
  });
});
