/**
 * Every sample of tests/fixtures/formats/ (tests/fixtures/formats/README.md
 * says where each comes from) through the importers, against the records written by
 * hand in helpers/archive-expected.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSource, detectSourceKind } from '../../src/archive/importers/import-source';
import type { ImportResult } from '../../src/archive/importers/record';
import { importXArchive } from '../../src/archive/importers/x-archive';
import { bytesSource } from '../../src/archive/importers/byte-source';
import { isExportDataFile, openZip } from '../../src/archive/importers/zip';
import type { ArchivedTweet } from '../../src/archive/schema';
import { validateArticle, validateTweet } from '../../src/archive/schema';
import { nodeImportContext, readExportFolder, readExportFolderBytes } from '../../src/cli/sources';
import { zipSync } from 'fflate';
import {
  API_TWEETS,
  EXPORT_TWEETS,
  FORMATS_DIR,
  OEMBED_HUGO,
  OEMBED_REPLY_PHOTO,
  SINGLEFILE_ARTICLE,
  SINGLEFILE_TWEETS,
  SYNDICATION_QUOTE_VIDEO,
  SYNDICATION_REPLY_PHOTO,
  SYNDICATION_TOMBSTONE_FOR,
  THREAD_TWEETS,
  WARC_ARTICLE,
  WARC_TWEETS,
  WAYBACK_ARTICLE,
  WAYBACK_TWEETS,
} from './helpers/archive-expected';

/** Reads a sample and imports it under the path it gets in a sources folder. */
function importSample(sample: string, asFile: string, meta = {}): Promise<ImportResult> {
  const bytes = readFileSync(join(FORMATS_DIR, sample));
  return importSource({ file: asFile, bytes, meta }, nodeImportContext);
}

const byKey = (t: ArchivedTweet) => `${t.id} ${t.sources[0]?.file} ${t.sources[0]?.pointer ?? ''}`;
const sortTweets = (tweets: ArchivedTweet[]) => [...tweets].sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1));

function expectValid(result: ImportResult): void {
  for (const t of result.tweets) expect(validateTweet(t, t.id), t.id).toEqual([]);
  for (const a of result.articles) expect(validateArticle(a, a.id), a.id).toEqual([]);
}

describe('the X account export (docs/data-formats.md#x-account-export)', () => {
  it('the folder gives every tweet, deleted tweet, header and like, with the owner as author', async () => {
    const result = await importXArchive(readExportFolder(join(FORMATS_DIR, 'x-archive')), {
      base: 'x-archive/x-archive',
    });
    expect(result.notes).toEqual([]);
    expect(result.articles).toEqual([]);
    expect(sortTweets(result.tweets)).toEqual(sortTweets(EXPORT_TWEETS));
    expectValid(result);
  });

  it('the zip (with a top folder, as X names it) gives the same records, without reading the media', async () => {
    const folder = await readExportFolderBytes(join(FORMATS_DIR, 'x-archive'));
    const entries: Record<string, Uint8Array> = {};
    for (const [path, content] of folder) entries[`twitter-2023-07-02-abc/${path}`] = content;
    // A real photo's bytes: the importer must only need its name.
    entries['twitter-2023-07-02-abc/data/tweets_media/1541752634348019715-FWVnxzyWIAIEZU3.png'] = new Uint8Array(
      readFileSync(join(FORMATS_DIR, 'x-archive/data/tweets_media/1541752634348019715-FWVnxzyWIAIEZU3.png')),
    );
    const zip = zipSync(entries);
    const listed = (await openZip(bytesSource(zip), 'x.zip')).entries.map((e) => e.name);
    expect(listed).toContain('twitter-2023-07-02-abc/data/tweets_media/1541752634348019715-FWVnxzyWIAIEZU3.png');
    expect(isExportDataFile('twitter-2023-07-02-abc/data/tweets_media/1541752634348019715-FWVnxzyWIAIEZU3.png')).toBe(
      false,
    );

    const result = await importSource({ file: 'x-archive/x-archive.zip', bytes: zip }, nodeImportContext);
    const rebased = (t: ArchivedTweet) =>
      JSON.parse(
        JSON.stringify(t).replaceAll('x-archive/x-archive.zip/twitter-2023-07-02-abc/', 'x-archive/x-archive/'),
      );
    expect(sortTweets(result.tweets.map(rebased))).toEqual(sortTweets(EXPORT_TWEETS));
  });

  it('reads the older account.js field set (twitter-to-sqlite fragment) and, without a manifest, finds tweets.js by name', async () => {
    const files = new Map<string, string>([
      ['data/account.js', readFileSync(join(FORMATS_DIR, 'x-archive/fragments/account.twitter-to-sqlite.js'), 'utf8')],
      ['data/tweets.js', readFileSync(join(FORMATS_DIR, 'x-archive/data/tweets.js'), 'utf8')],
    ]);
    const result = await importXArchive(files, { base: 'x' });
    expect(result.tweets).toHaveLength(5);
    for (const t of result.tweets) {
      expect(t.author).toEqual({ handle: 'simonw', name: 'Simon Willison', id: '12497' });
      expect(t.url).toBe(`https://x.com/simonw/status/${t.id}`);
      // No manifest: no generation date to call the capture date.
      expect(t.sources[0]?.capturedAt).toBeNull();
    }
  });

  it('reads a 2018–2019 export whose items have no "tweet" wrapper', async () => {
    const item = {
      id_str: '1093567854564245506',
      id: '1093567854564245506',
      full_text: 'Old shape &lt;3',
      created_at: 'Thu Feb 07 18:00:00 +0000 2019',
      display_text_range: ['0', '15'],
      entities: {},
    };
    const result = await importXArchive(
      new Map([['data/tweet.js', `window.YTD.tweet.part0 = ${JSON.stringify([item])}`]]),
      {
        base: 'old',
      },
    );
    expect(result.tweets.map((t) => [t.id, t.text, t.createdAt, t.sources[0]?.pointer])).toEqual([
      ['1093567854564245506', 'Old shape <3', '2019-02-07T18:00:00.000Z', '[0]'],
    ]);
  });

  it('says so when a folder is not an export', async () => {
    const result = await importXArchive(new Map([['notes.txt', 'hello']]), { base: 'x' });
    expect(result.tweets).toEqual([]);
    expect(result.notes[0]).toMatch(/not an X account export/);
  });
});

describe('syndication tweet-result (docs/data-formats.md#syndication)', () => {
  it('reply-photo: the reply and its parent, as two records', async () => {
    const result = await importSample(
      'syndication/tweet-result.reply-photo.json',
      'syndication/tweet-result.reply-photo.json',
    );
    expect(result.notes).toEqual([]);
    expect(result.tweets).toEqual(SYNDICATION_REPLY_PHOTO);
    expectValid(result);
  });

  it('quote-video: the tweet, its video, and the quoted tweet as its own record', async () => {
    const result = await importSample(
      'syndication/tweet-result.quote-video.json',
      'syndication/tweet-result.quote-video.json',
    );
    expect(result.tweets).toEqual(SYNDICATION_QUOTE_VIDEO);
    expectValid(result);
  });

  it('tombstone: nothing without the id it answered for; status deleted with it', async () => {
    const file = 'syndication/tweet-result.tombstone.json';
    const alone = await importSample(file, file);
    expect(alone.tweets).toEqual([]);
    expect(alone.notes).toEqual([`${file}: a tombstone names no tweet id; import it with --tweet-id to record it`]);
    const withId = await importSample(file, file, { tweetId: '1663617771893690368' });
    expect(withId.tweets).toEqual([SYNDICATION_TOMBSTONE_FOR('1663617771893690368', '2023-05-30T18:46:00.000Z')]);
  });

  it('not found ({}): nothing to archive', async () => {
    const file = 'syndication/tweet-result.not-found.json';
    const result = await importSample(file, file);
    expect(result.tweets).toEqual([]);
    expect(result.notes).toEqual([`${file}: not found (empty tweet-result); nothing to archive`]);
  });
});

describe('oEmbed (docs/data-formats.md#oembed)', () => {
  it('the real 2015 Hugo fixture', async () => {
    const result = await importSample('oembed/oembed.hugo-test-fixture.json', 'oembed/oembed.hugo-test-fixture.json');
    expect(result.tweets).toEqual(OEMBED_HUGO);
    expectValid(result);
  });

  it('the 2018+ shape of the reply', async () => {
    const result = await importSample(
      'oembed/oembed.reply-photo.constructed.json',
      'oembed/oembed.reply-photo.constructed.json',
    );
    expect(result.tweets).toEqual(OEMBED_REPLY_PHOTO);
  });
});

describe('API v1.1 (docs/data-formats.md#api-v11-statuses)', () => {
  it('three statuses, a retweeted original and a quoted status; ids from id_str only', async () => {
    const result = await importSample(
      'api-v1.1/tweets.twitter-to-sqlite.json',
      'api-v1.1/tweets.twitter-to-sqlite.json',
    );
    expect(result.notes).toEqual([]);
    expect(result.tweets).toEqual(API_TWEETS);
    // The corrupted numeric ids appear nowhere.
    const json = JSON.stringify(result.tweets);
    for (const corrupted of ['1169246717864136700', '905255756789825500', '504727051174031360']) {
      expect(json).not.toContain(corrupted);
    }
    expectValid(result);
  });

  it('reads one status per line too (twarc)', async () => {
    const lines = (
      JSON.parse(readFileSync(join(FORMATS_DIR, 'api-v1.1/tweets.twitter-to-sqlite.json'), 'utf8')) as object[]
    )
      .map((s) => JSON.stringify(s))
      .join('\n');
    const result = await importSource(
      { file: 'api-v1.1/t.jsonl', bytes: new TextEncoder().encode(lines) },
      nodeImportContext,
    );
    expect(result.tweets.map((t) => t.id)).toEqual(API_TWEETS.map((t) => t.id));
  });
});

describe('saved pages (docs/data-formats.md#saved-pages)', () => {
  it('SingleFile: URL and saved date from its header; a blockquote, a rendered embed and a plain link', async () => {
    const file = 'articles/singlefile-article.constructed.html';
    const result = await importSample('article/singlefile-article.constructed.html', file);
    expect(result.notes).toEqual([]);
    expect(result.articles).toEqual([SINGLEFILE_ARTICLE]);
    expect(result.tweets).toEqual(SINGLEFILE_TWEETS);
    expectValid(result);
  });

  it('Wayback: original URL and capture time; toolbar stripped; links given back their original address', async () => {
    const file = 'articles/wayback-article.constructed.html';
    const result = await importSample('article/wayback-article.constructed.html', file);
    expect(result.articles).toEqual([WAYBACK_ARTICLE]);
    expect(result.tweets).toEqual(WAYBACK_TWEETS);
    const all = JSON.stringify(result);
    expect(all).not.toContain('toolbar markup elided');
    expect(all).not.toMatch(/web\.archive\.org\/web\/20230602101542\/https:\/\/twitter/);
    expectValid(result);
  });
});

describe('WARC (docs/data-formats.md#warc)', () => {
  it('the article response and the syndication JSON the crawl captured', async () => {
    const result = await importSample('article/article.constructed.warc', 'warc/article.constructed.warc');
    expect(result.notes).toEqual([]);
    expect(result.articles).toEqual([WARC_ARTICLE]);
    expect(result.tweets).toEqual(WARC_TWEETS);
    expectValid(result);
  });
});

describe('Thread Reader App (docs/data-formats.md#thread-reader-app)', () => {
  it('three tweets in order, text only, the first as the root', async () => {
    const result = await importSample('threadreader/thread.constructed.html', 'threadreader/thread.constructed.html');
    expect(result.tweets).toEqual(THREAD_TWEETS);
    expectValid(result);
  });
});

describe('recognising a source', () => {
  it.each([
    ['syndication/tweet-result.reply-photo.json', 'syndication'],
    ['syndication/tweet-result.tombstone.json', 'syndication'],
    ['syndication/tweet-result.not-found.json', 'syndication'],
    ['oembed/oembed.hugo-test-fixture.json', 'oembed'],
    ['api-v1.1/tweets.twitter-to-sqlite.json', 'api-v1.1'],
    ['article/singlefile-article.constructed.html', 'html'],
    ['article/article.constructed.warc', 'warc'],
    ['normalized/bundle.example.json', null],
  ])('%s is %s', (sample, kind) => {
    expect(detectSourceKind(sample, readFileSync(join(FORMATS_DIR, sample)))).toBe(kind);
  });

  it('refuses what no importer reads, naming the file', async () => {
    await expect(
      importSource(
        { file: 'x/bundle.example.json', bytes: readFileSync(join(FORMATS_DIR, 'normalized/bundle.example.json')) },
        nodeImportContext,
      ),
    ).rejects.toThrow(/x\/bundle\.example\.json: not a source the archive can read/);
  });
});
