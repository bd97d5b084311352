import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ArchivedArticle } from '../../src/archive/schema';
import { listPackagedArchiveFiles } from '../../src/archive/packaged-files';
import { PACKAGED_DIR, SEED_PARAGRAPHS, SEED_TITLE, seedRecords, SOURCES_DIR } from './helpers/archive';
import { snapshotDir } from './helpers/dir-snapshot';
import { fixtureFiles, fixtureRecords, T1 } from './helpers/archive-library';
import { run, tempDir } from './helpers/cli-run';

const seedId = () => (seedRecords().articles[0] as ArchivedArticle).id;

describe('tweet-mender CLI: usage', () => {
  it('archive --help prints the usage and exits 0', async () => {
    const { code, stdout, stderr } = await run('archive', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: tweet-mender <command>');
    expect(stdout).toContain('archive build');
    expect(stdout).toContain('archive validate');
    expect(stdout).toContain('archive show <id>');
    expect(stdout).toContain('archive import <path>');
    expect(stdout).toContain('archive stats');
    expect(stdout).toContain('archive search <words>');
    expect(stderr).toBe('');
  });

  it.each(['import', 'build', 'validate', 'show', 'stats', 'search'])(
    "archive %s --help prints that command's options",
    async (command) => {
      const { code, stdout } = await run('archive', command, '--help');
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: tweet-mender archive ${command}`);
    },
  );

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

  it('the package bin runs the CLI from the repository (npx tweet-mender)', () => {
    const help = spawnSync(process.execPath, ['bin/tweet-mender.mjs', 'archive', 'stats', '--help'], {
      encoding: 'utf8',
    });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: tweet-mender archive stats');
    const wrong = spawnSync(process.execPath, ['bin/tweet-mender.mjs', 'archive', 'nope'], { encoding: 'utf8' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('unknown archive command "nope"');
    const missing = spawnSync(process.execPath, ['bin/tweet-mender.mjs', 'archive', 'show', '1501707808009506816'], {
      encoding: 'utf8',
    });
    expect(missing.status).toBe(1);
    // Not a terminal: no progress bar, no control codes.
    expect(help.stderr + wrong.stderr).not.toContain('\u001b[');
  }, 30_000);
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

  it("--check writes nothing, to the packaged copy or the sources (a copy of the repository's)", async () => {
    const dir = tempDir();
    cpSync(SOURCES_DIR, join(dir, 'sources'), { recursive: true });
    cpSync(PACKAGED_DIR, join(dir, 'packaged'), { recursive: true });
    const before = snapshotDir(dir);
    const { code } = await run(
      'archive',
      'build',
      '--check',
      '--sources',
      `${dir}/sources`,
      '--out',
      `${dir}/packaged`,
    );
    expect(code).toBe(0);
    expect(snapshotDir(dir)).toEqual(before);
    expect(Object.keys(before).length).toBeGreaterThan(10);
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
    // manifest, 4 record and lookup shards, 4 files of the library's search index
    expect(stdout).toMatch(/^Built 1 articles and 0 tweets into 9 files \(\d+ bytes\) at /);
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
    const before = [snapshotDir(sources), snapshotDir(out)];
    const { code, stdout, stderr } = await run('archive', 'build', '--sources', sources, '--out', out);
    expect(code).toBe(1);
    // Each problem names the source file, the record and the field.
    expect(stdout).toMatch(/^a\.txt: a[0-9a-f]{14}: urls\.0: must be an http\(s\) URL$/m);
    expect(stdout).toMatch(/^a\.txt: a[0-9a-f]{14}: publishedAt: must be an ISO 8601 date or null$/m);
    expect(stderr).toContain('nothing written');
    expect([snapshotDir(sources), snapshotDir(out)]).toEqual(before);
    expect(listPackagedArchiveFiles(out)).toEqual(['keep.json']);
  });
});

describe('tweet-mender archive import', () => {
  const FORMATS = 'tests/fixtures/formats';

  it('copies a source under its kind, keeps its note and adds where it came from, then builds from it', async () => {
    const sources = tempDir();
    const { code, stdout, stderr } = await run(
      'archive',
      'import',
      `${FORMATS}/syndication/tweet-result.reply-photo.json`,
      `${FORMATS}/article/singlefile-article.constructed.html`,
      '--sources',
      sources,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('2 tweet record(s), 0 article(s) → ');
    expect(stdout).toContain('Imported 2 source(s) (3 tweet records, 1 articles)');
    const copied = readFileSync(join(sources, 'syndication/tweet-result.reply-photo.json'));
    expect(copied.equals(readFileSync(`${FORMATS}/syndication/tweet-result.reply-photo.json`))).toBe(true);
    const note = readFileSync(join(sources, 'syndication/tweet-result.reply-photo.json.source.txt'), 'utf8');
    // The sample's own note first, verbatim, then how it was imported.
    expect(
      note.startsWith(
        readFileSync(`${FORMATS}/syndication/tweet-result.reply-photo.json.source.txt`, 'utf8').trimEnd(),
      ),
    ).toBe(true);
    expect(note).toContain('From the repository: tests/fixtures/formats/syndication/tweet-result.reply-photo.json');
    expect(readFileSync(join(sources, 'articles/singlefile-article.constructed.html.source.txt'), 'utf8')).toContain(
      'Imported with "tweet-mender archive import"',
    );

    const out = tempDir();
    const built = await run('archive', 'build', '--sources', sources, '--out', out);
    expect(built.code).toBe(0);
    expect(built.stdout).toContain('Built 1 articles and 2 tweets');
  });

  it('an unzipped export folder is copied whole (data/), with its notes', async () => {
    const sources = tempDir();
    const { code } = await run('archive', 'import', `${FORMATS}/x-archive`, '--sources', sources);
    expect(code).toBe(0);
    expect(readFileSync(join(sources, 'x-archive/x-archive/data/tweets.js'), 'utf8')).toBe(
      readFileSync(`${FORMATS}/x-archive/data/tweets.js`, 'utf8'),
    );
    expect(readFileSync(join(sources, 'x-archive/x-archive/data/tweets.js.source.txt'), 'utf8')).toContain(
      'darkliquid/twoo',
    );
    expect(readFileSync(join(sources, 'x-archive/x-archive.source.txt'), 'utf8')).toContain(
      'tests/fixtures/formats/x-archive',
    );
  });

  it('records what a source cannot say in a .meta.json beside it', async () => {
    const sources = tempDir();
    const { code } = await run(
      'archive',
      'import',
      `${FORMATS}/syndication/tweet-result.tombstone.json`,
      '--tweet-id',
      '1663618149381050368',
      '--captured-at',
      '2023-06-02T10:15:42Z',
      '--sources',
      sources,
    );
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(sources, 'syndication/tweet-result.tombstone.meta.json'), 'utf8'))).toEqual({
      tweetId: '1663618149381050368',
      capturedAt: '2023-06-02T10:15:42.000Z',
    });
  });

  it('copies nothing it cannot read, and says why; exit 1', async () => {
    const sources = tempDir();
    const bad = join(tempDir(), 'notes.json');
    writeFileSync(bad, '{"hello": "world"}');
    const notFound = await run(
      'archive',
      'import',
      `${FORMATS}/syndication/tweet-result.not-found.json`,
      bad,
      '--sources',
      sources,
    );
    expect(notFound.code).toBe(1);
    expect(notFound.stdout).toContain('note: syndication/tweet-result.not-found.json: not found (empty tweet-result)');
    expect(notFound.stderr).toContain(
      'tweet-result.not-found.json: no tweet or article could be read from it; nothing copied',
    );
    expect(notFound.stderr).toContain('notes.json: not a source the archive can read');
    expect(listPackagedArchiveFiles(sources)).toEqual([]);
    expect((await run('archive', 'import', '/no/such/file.json', '--sources', sources)).stderr).toContain(
      'no such file or folder',
    );
  });

  it('does not overwrite a different source of the same name without --force; the same one is skipped', async () => {
    const sources = tempDir();
    const file = `${FORMATS}/oembed/oembed.hugo-test-fixture.json`;
    expect((await run('archive', 'import', file, '--sources', sources)).code).toBe(0);
    const again = await run('archive', 'import', file, '--sources', sources);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already in the sources');
    const other = join(tempDir(), 'oembed.hugo-test-fixture.json');
    writeFileSync(other, readFileSync(`${FORMATS}/oembed/oembed.reply-photo.constructed.json`));
    const clash = await run('archive', 'import', other, '--sources', sources);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain('exists with other content; use --force');
    expect((await run('archive', 'import', other, '--sources', sources, '--force')).code).toBe(0);
  });

  it('refuses bad options with exit 2', async () => {
    expect((await run('archive', 'import')).code).toBe(2);
    expect((await run('archive', 'import', 'x', '--kind', 'pdf')).stderr).toContain('--kind must be one of');
    expect((await run('archive', 'import', 'x', '--tweet-id', '0123')).code).toBe(2);
    expect((await run('archive', 'import', 'x', '--captured-at', 'last week')).code).toBe(2);
  });
});

describe('tweet-mender archive stats, search and validate --sources', () => {
  it('stats counts the packaged archive', async () => {
    const { code, stdout } = await run('archive', 'stats', '--json');
    expect(code).toBe(0);
    const stats = JSON.parse(stdout);
    expect(stats.counts).toEqual({ articles: 1, tweets: 0 });
    expect(stats.articles).toEqual({ bySource: { text: 1 }, paragraphs: 16, embeds: 1, embedsWithTweet: 0 });
    expect(stats.files).toBe(9); // manifest, articles, tweets, urls, text; search terms, catalog, ids, dates
    const text = await run('archive', 'stats');
    expect(text.stdout).toContain('1 articles: 16 paragraphs, 1 embeds (0 naming their tweet)');
  });

  it('search finds the seed by words in any case and punctuation, across paragraphs', async () => {
    const hit = await run('archive', 'search', 'PUTIN', 'lenin', '--json');
    expect(hit.code).toBe(0);
    expect(JSON.parse(hit.stdout)).toEqual([expect.objectContaining({ kind: 'article', id: seedId(), paragraph: 13 })]);
    const none = await run('archive', 'search', 'tomatoes');
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('0 match(es)');
    expect((await run('archive', 'search')).code).toBe(2);
    expect((await run('archive', 'search', 'x', '--limit', '0')).code).toBe(2);
  });

  it('search ranks with the index: title first, then the phrase; the passage around the match', async () => {
    const dir = tempDir();
    for (const [path, content] of fixtureFiles()) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const { byName } = fixtureRecords();
    const { code, stdout } = await run('archive', 'search', 'city', 'council', '--archive', dir, '--limit', '3');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      `article ${byName.A1!.id} ¶1: The city council voted on Tuesday to approve the harbour budget after a long debate.`,
      `tweet ${T1}: Breaking: the city council approves the budget`,
      `article ${byName.A3!.id} ¶1: Yesterday the city council met again, as it does every week.`,
      '3 match(es) of 5 (limit 3)',
    ]);
    const json = JSON.parse((await run('archive', 'search', '@example_press', '--archive', dir, '--json')).stdout);
    expect(json.map((h: { id: string }) => h.id)).toEqual([T1, byName.T2!.id]);
    expect(json[0]).toMatchObject({ kind: 'tweet', title: 'Example Press (@example_press)' });
    const byTitle = JSON.parse((await run('archive', 'search', 'railway', '--archive', dir, '--json')).stdout);
    expect(byTitle).toEqual([expect.objectContaining({ kind: 'article', paragraph: -1, text: 'Railway strike ends' })]);

    // A copy built before the index says so.
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    delete manifest.search;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const old = await run('archive', 'search', 'council', '--archive', dir);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('has no search index: run "tweet-mender archive build"');
  });

  it('validate --sources names the file, record and field of a bad source record', async () => {
    const sources = tempDir();
    writeFileSync(join(sources, 'a.txt'), 'A title that is long enough\n\nA paragraph.');
    writeFileSync(join(sources, 'a.meta.json'), JSON.stringify({ lang: 42 }));
    writeFileSync(join(sources, 'b.json'), '{"not": "a tweet"}');
    const { code, stdout } = await run('archive', 'validate', '--sources', sources);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^a\.txt: a[0-9a-f]{14}: lang: must be a string or null$/m);
    expect(stdout).toContain('b.json: cannot be read: b.json: not a source the archive can read');
    expect(stdout).toContain(`2 problem(s) in the sources at ${sources}`);
  });
});
