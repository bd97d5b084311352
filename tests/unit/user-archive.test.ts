/**
 * The user's own archive in IndexedDB (fake-indexeddb here), and the packaged
 * copy and the user's archive asked as one.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../src/background/start';
import type { Reply } from '../../src/messages/protocol';
import type { WebExtension } from '../../src/messages/web-extension';
import { combineArchives } from '../../src/archive/combined-archive';
import { importSource } from '../../src/archive/importers/import-source';
import type { ImportResult } from '../../src/archive/importers/record';
import { importXArchive } from '../../src/archive/importers/x-archive';
import { fingerprintText, titleFingerprints } from '../../src/archive/keys';
import { matchEmbed } from '../../src/archive/lookup';
import { mergeRecords } from '../../src/archive/merge';
import type { ArchiveReader } from '../../src/archive/packaged-archive';
import { openUserArchive, type UserArchive } from '../../src/archive/user-archive';
import { nodeImportContext, readExportFolder } from '../../src/cli/sources';
import { buildMemoryArchive, makeTweet, SEED_PARAGRAPHS, SEED_TITLE, seedRecords } from './helpers/archive';
import {
  ARTICLE_ID,
  ARTICLE_PARAGRAPHS,
  ARTICLE_URL,
  EXPORT_TWEETS,
  FORMATS_DIR,
  SINGLEFILE_ARTICLE,
  WAYBACK_ARTICLE,
} from './helpers/archive-expected';
import { startSearchIndex } from '../../src/library/index-build';

const opened: UserArchive[] = [];
function fresh(factory = new IDBFactory()): UserArchive {
  const archive = openUserArchive({ indexedDB: factory, searchIndex: startSearchIndex });
  opened.push(archive);
  return archive;
}
afterEach(() => {
  for (const archive of opened.splice(0)) archive.close();
});

const EXPORT_RECORDS = await importXArchive(readExportFolder(join(FORMATS_DIR, 'x-archive')), {
  base: 'x-archive/x-archive',
});
const page = (sample: string, file: string): Promise<ImportResult> =>
  importSource({ file, bytes: readFileSync(join(FORMATS_DIR, sample)) }, nodeImportContext);
const SINGLEFILE_RECORDS = await page(
  'article/singlefile-article.constructed.html',
  'articles/singlefile-article.constructed.html',
);
const WAYBACK_RECORDS = await page(
  'article/wayback-article.constructed.html',
  'articles/wayback-article.constructed.html',
);
const exportRecords = (): ImportResult => structuredClone(EXPORT_RECORDS);
const singleFile = (): ImportResult => structuredClone(SINGLEFILE_RECORDS);
const wayback = (): ImportResult => structuredClone(WAYBACK_RECORDS);

describe('openUserArchive', () => {
  it('an empty archive answers nothing', async () => {
    const archive = fresh();
    expect(await archive.getTweet('1561850194110595073')).toBeNull();
    expect(await archive.getArticle(ARTICLE_ID)).toBeNull();
    expect(await archive.findArticlesByUrl(ARTICLE_URL)).toEqual([]);
    expect(await archive.findText('0a2a7358f5a056')).toEqual([]);
    expect(await archive.stats()).toEqual({ tweets: 0, articles: 0, imports: [] });
  });

  it('stores an X export: the records merged exactly as the builder merges them', async () => {
    const archive = fresh();
    const progress: [number, number][] = [];
    const result = exportRecords();
    const entry = await archive.addRecords(result, 'twitter-2023-07-02.zip', (done, total) =>
      progress.push([done, total]),
    );
    expect(entry).toMatchObject({ name: 'twitter-2023-07-02.zip', tweets: 11, articles: 0 });
    expect(progress.at(0)).toEqual([0, 11]);
    expect(progress.at(-1)).toEqual([11, 11]);

    const expected = mergeRecords({ articles: [], tweets: EXPORT_TWEETS }).tweets;
    expect(await archive.stats()).toMatchObject({ tweets: expected.length, articles: 0 });
    for (const tweet of expected) expect(await archive.getTweet(tweet.id)).toEqual(tweet);
    expect((await archive.getTweet('1675104460600250368'))?.deletedAt).toBe('2023-07-01T12:00:00.000Z');
  });

  it('importing the same export twice changes no record', async () => {
    const archive = fresh();
    await archive.addRecords(exportRecords(), 'a.zip');
    const once = await archive.exportAll(new Date(0));
    await archive.addRecords(exportRecords(), 'a.zip');
    const twice = await archive.exportAll(new Date(0));
    expect(twice.tweets).toEqual(once.tweets);
    expect(twice.imports).toHaveLength(2);
  });

  it('indexes saved pages by URL and text, and links their tweets to them', async () => {
    const archive = fresh();
    await archive.addRecords(singleFile(), 'article.html');
    expect(await archive.findArticlesByUrl(`${ARTICLE_URL}?utm_source=x`)).toEqual([ARTICLE_ID]);
    expect(await archive.findText(fingerprintText(ARTICLE_PARAGRAPHS[1] as string) as string)).toEqual([
      [ARTICLE_ID, 1],
    ]);
    expect(await archive.findText(titleFingerprints('How we fixed our broken tweet embeds')[0] as string)).toEqual([
      [ARTICLE_ID, -1],
    ]);
    expect(await archive.getArticle(ARTICLE_ID)).toEqual(SINGLEFILE_ARTICLE);
    expect((await archive.getTweet('1657782953964474368'))?.appearsIn).toEqual([
      { articleId: ARTICLE_ID, embedIndex: 0 },
    ]);
  });

  it('a second capture of the article is merged into it, its index entries replaced, not doubled', async () => {
    const archive = fresh();
    await archive.addRecords(wayback(), 'wayback.html');
    await archive.addRecords(singleFile(), 'singlefile.html');
    const article = await archive.getArticle(ARTICLE_ID);
    // SingleFile ranks above Wayback: its capture is the text; both are sources.
    expect(article?.sources.map((s) => s.format)).toEqual(['singlefile', 'wayback']);
    expect(article?.embeds).toEqual(SINGLEFILE_ARTICLE.embeds);
    expect(await archive.findText(fingerprintText(ARTICLE_PARAGRAPHS[0] as string) as string)).toEqual([
      [ARTICLE_ID, 0],
    ]);
    expect(await archive.findArticlesByUrl(ARTICLE_URL)).toEqual([ARTICLE_ID]);
    expect((await archive.getTweet('1664195075896250368'))?.appearsIn).toEqual([
      { articleId: ARTICLE_ID, embedIndex: 1 },
    ]);
    expect(WAYBACK_ARTICLE.sources[0]?.format).toBe('wayback');
  });

  it('lists the latest tweets by date and the articles by title', async () => {
    const archive = fresh();
    await archive.addRecords(exportRecords(), 'a.zip');
    await archive.addRecords(singleFile(), 'b.html');
    const { tweets, articles } = await archive.list(3);
    expect(tweets.map((t) => t.createdAt)).toEqual([
      '2023-07-01T11:30:00.000Z',
      '2023-05-30T18:46:00.000Z',
      '2023-05-14T16:20:31.000Z',
    ]);
    expect(articles.map((a) => a.id)).toEqual([ARTICLE_ID]);
  });

  it('exports every record as a file that imports back into the same records', async () => {
    const archive = fresh();
    await archive.addRecords(exportRecords(), 'a.zip');
    await archive.addRecords(singleFile(), 'b.html');
    const exported = await archive.exportAll(new Date('2024-01-02T03:04:05Z'));
    expect(exported).toMatchObject({
      format: 'tweet-mender-user-archive',
      schemaVersion: 1,
      exportedAt: '2024-01-02T03:04:05.000Z',
    });
    const text = JSON.stringify(exported);
    const back = await importSource({ file: 'mine.json', bytes: new TextEncoder().encode(text) }, nodeImportContext);
    expect(back.notes).toEqual([]);

    const other = fresh();
    await other.addRecords(back, 'mine.json');
    const again = await other.exportAll(new Date('2024-01-02T03:04:05Z'));
    expect(again.tweets).toEqual(exported.tweets);
    expect(again.articles).toEqual(exported.articles);
  });

  it('a record that breaks the schema is left out of a re-import, and named', async () => {
    const text = JSON.stringify({
      format: 'tweet-mender-user-archive',
      tweets: [makeTweet('1561850194110595073'), { ...makeTweet('1609828443029491714'), createdAt: 'yesterday' }],
      articles: [],
    });
    const result = await importSource({ file: 'mine.json', bytes: new TextEncoder().encode(text) }, nodeImportContext);
    expect(result.tweets.map((t) => t.id)).toEqual(['1561850194110595073']);
    expect(result.notes).toEqual([
      'mine.json: 1609828443029491714: createdAt: must be an ISO 8601 date or null; left out',
    ]);
  });

  it('delete all empties it', async () => {
    const archive = fresh();
    await archive.addRecords(exportRecords(), 'a.zip');
    await archive.clear();
    expect(await archive.stats()).toEqual({ tweets: 0, articles: 0, imports: [] });
    expect(await archive.getTweet('1561850194110595073')).toBeNull();
  });

  it('a reader that found it empty sees what another page adds (the options page writes, the background reads)', async () => {
    const factory = new IDBFactory();
    const background = fresh(factory);
    const options = fresh(factory);
    expect(await background.getTweet('1561850194110595073')).toBeNull();
    await options.addRecords(exportRecords(), 'a.zip');
    await expect.poll(async () => (await background.getTweet('1561850194110595073'))?.id).toBe('1561850194110595073');
    await options.clear();
    await expect.poll(() => background.getTweet('1561850194110595073')).toBeNull();
  });

  it('without IndexedDB it is empty, and says so when written to', async () => {
    const archive = openUserArchive({ indexedDB: undefined, searchIndex: startSearchIndex });
    const scope = globalThis as { indexedDB?: IDBFactory };
    const saved = scope.indexedDB;
    scope.indexedDB = undefined;
    try {
      const none = openUserArchive({ searchIndex: startSearchIndex });
      expect(await none.getTweet('1561850194110595073')).toBeNull();
      await expect(none.addRecords({ articles: [], tweets: [] }, 'x')).rejects.toThrow(/IndexedDB is not available/);
      none.close();
    } finally {
      scope.indexedDB = saved;
      archive.close();
    }
  });
});

describe('combineArchives', () => {
  const seed = seedRecords();
  const packaged = buildMemoryArchive({
    ...seed,
    tweets: [
      makeTweet('1561850194110595073', {
        sources: [{ format: 'syndication', file: 's.json', capturedAt: null, sourceUrl: null, note: null }],
      }),
    ],
  }).reader;

  it('a tweet in both is merged by the rule; one in either is found', async () => {
    const user = fresh();
    await user.addRecords(exportRecords(), 'a.zip');
    const both = combineArchives(user, packaged);
    const merged = await both.getTweet('1561850194110595073');
    // The packaged copy's syndication record ranks first; the export is kept as a source.
    expect(merged?.text).toBe('The archived text of the tweet.');
    expect(merged?.sources.map((s) => s.format)).toEqual(['syndication', 'x-archive']);
    expect((await both.getTweet('1609828443029491714'))?.author?.handle).toBe('darkliquid');
    expect((await both.getArticle(seed.articles[0]!.id))?.title).toBe(SEED_TITLE);
  });

  it('repairs from the user archive: a broken embed of a tweet only the user imported', async () => {
    const user = fresh();
    await user.addRecords(exportRecords(), 'a.zip');
    await user.addRecords(singleFile(), 'b.html');
    const both = combineArchives(user, packaged);
    const match = await matchEmbed(
      both,
      { urls: [ARTICLE_URL], titles: [] },
      { tweetId: '1541752634348019715', before: [], after: [] },
    );
    expect(match?.by).toBe('tweet');
    expect(match?.tweet?.text).toBe('@symatt Monocycle');
    // The seed still matches by its text through the same reader.
    const seedMatch = await matchEmbed(
      both,
      { urls: [], titles: titleFingerprints(SEED_TITLE) },
      { tweetId: null, before: [fingerprintText(SEED_PARAGRAPHS[2] as string)!], after: [] },
    );
    expect(seedMatch?.passage?.position).toBe(3);
  });

  it("unites index hits, the user's first, without duplicates", async () => {
    const user = fresh();
    await user.addRecords(singleFile(), 'b.html');
    const shipped = buildMemoryArchive({ articles: [SINGLEFILE_ARTICLE], tweets: [] }).reader;
    const both = combineArchives(user, shipped);
    expect(await both.findArticlesByUrl(ARTICLE_URL)).toEqual([ARTICLE_ID]);
    expect(await both.findText(fingerprintText(ARTICLE_PARAGRAPHS[2] as string) as string)).toEqual([[ARTICLE_ID, 2]]);
  });

  it('when the user archive fails, the packaged copy answers alone', async () => {
    const failing: ArchiveReader = {
      getTweet: () => Promise.reject(new Error('disk')),
      getArticle: () => Promise.reject(new Error('disk')),
      findArticlesByUrl: () => Promise.reject(new Error('disk')),
      findText: () => Promise.reject(new Error('disk')),
    };
    const errors: unknown[] = [];
    const both = combineArchives(failing, packaged, (e) => errors.push(e));
    expect((await both.getTweet('1561850194110595073'))?.id).toBe('1561850194110595073');
    expect(await both.findText(fingerprintText(SEED_PARAGRAPHS[0] as string) as string)).toHaveLength(1);
    expect(errors).toHaveLength(2);
  });
});

describe('the background with the user archive', () => {
  it("answers a content script's lookup from the packaged copy, and the user's tweet once the user asks", async () => {
    // fakeBrowser has no commands API; the keyboard shortcut is not what this tests.
    vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
    const user = fresh();
    await user.addRecords(exportRecords(), 'twitter.zip');
    startBackground(fakeBrowser as unknown as WebExtension, buildMemoryArchive(seedRecords()).reader, user);
    const sender = { id: fakeBrowser.runtime.id, tab: { id: 5 } as Browser.tabs.Tab, url: 'https://example.com/' };
    const page = { urls: ['https://example.com/'], titles: titleFingerprints(SEED_TITLE) };
    const send = async <K extends 'lookup' | 'ask-user-archive'>(message: unknown) => {
      const replies = await fakeBrowser.runtime.onMessage.trigger(message, sender);
      const reply = (await replies[0]) as Reply<K>;
      if (!reply.ok) throw new Error(reply.error);
      return reply.value;
    };
    const mineQuery = { tweetId: '1607434750175715329', before: [], after: [] };
    const [mine, seedMatch] = await send<'lookup'>({
      type: 'lookup',
      page,
      embeds: [mineQuery, { tweetId: null, before: [fingerprintText(SEED_PARAGRAPHS[2] as string)], after: [] }],
    });
    // The packaged copy does not have the user's tweet: the card will ask the user.
    expect(mine).toBe('ask-the-user');
    expect(seedMatch !== 'ask-the-user' && seedMatch?.article?.title).toBe(SEED_TITLE);

    const asked = await send<'ask-user-archive'>({ type: 'ask-user-archive', page, embed: mineQuery });
    expect(asked?.by).toBe('tweet');
    expect(asked?.tweet?.text).toBe('@SEGA Sonic 3 & Knuckles');
    expect(asked?.tweet?.author?.handle).toBe('darkliquid');
  });
});
