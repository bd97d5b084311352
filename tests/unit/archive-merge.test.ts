/**
 * The merge rule (src/archive/merge.ts, assets/archive/README.md) and the
 * test-only archive built from every sample: one record per tweet and per
 * article, the same bytes whatever the input order, and repairs that find
 * tweets by id, articles by URL and by text.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackagedArchive } from '../../src/archive/build';
import { fingerprintText, titleFingerprints } from '../../src/archive/keys';
import { matchEmbed } from '../../src/archive/lookup';
import { mergeArticles, mergeRecords, mergeTweets } from '../../src/archive/merge';
import type { ArchivedArticle, ArchivedTweet } from '../../src/archive/schema';
import { memoryArchive, makeTweet, SEED_TITLE } from './helpers/archive';
import {
  API_TWEETS,
  ARTICLE_ID,
  ARTICLE_PARAGRAPHS,
  ARTICLE_URL,
  EXPORT_TWEETS,
  OEMBED_HUGO,
  OEMBED_REPLY_PHOTO,
  SINGLEFILE_ARTICLE,
  SINGLEFILE_TWEETS,
  SYNDICATION_QUOTE_VIDEO,
  SYNDICATION_REPLY_PHOTO,
  THREAD_TWEETS,
  WARC_ARTICLE,
  WARC_TWEETS,
  WAYBACK_ARTICLE,
  WAYBACK_TWEETS,
} from './helpers/archive-expected';
import { buildSampleArchive, runTweetMender, type SampleArchive } from './helpers/archive-samples';
import { startSearchIndex } from '../../src/library/index-build';

const ALL_TWEETS: ArchivedTweet[] = [
  ...EXPORT_TWEETS,
  ...SYNDICATION_REPLY_PHOTO,
  ...SYNDICATION_QUOTE_VIDEO,
  ...OEMBED_HUGO,
  ...OEMBED_REPLY_PHOTO,
  ...API_TWEETS,
  ...THREAD_TWEETS,
  ...SINGLEFILE_TWEETS,
  ...WAYBACK_TWEETS,
  ...WARC_TWEETS,
];
const of = (id: string) => ALL_TWEETS.filter((t) => t.id === id);

describe('mergeTweets', () => {
  it('the reply from seven sources: syndication text and time, every source kept in rank order', () => {
    const merged = mergeTweets(of('1657782953964474368'));
    const warcSyndication = WARC_TWEETS.find(
      (t) => t.id === '1657782953964474368' && t.sources[0]?.format === 'syndication',
    )!;
    // Syndication ranks first; of the two syndication copies the dated (WARC) capture is the later.
    expect(merged.text).toBe(warcSyndication.text);
    expect(merged.rawText).toBe(warcSyndication.rawText);
    expect(merged.entities).toEqual(warcSyndication.entities);
    expect(merged.createdAtFrom).toBe('source');
    expect(merged.author).toEqual({ handle: 'archive_sample', name: 'Archive Sample', id: '1587716136760262656' });
    expect(merged.status).toBe('available');
    expect(merged.metrics).toEqual({
      likes: 12,
      retweets: null,
      replies: null,
      capturedAt: '2023-06-02T10:15:42.000Z',
    });
    expect(merged.sources.map((s) => `${s.format} ${s.file}`)).toEqual([
      'syndication warc/article.constructed.warc',
      'syndication syndication/tweet-result.reply-photo.json',
      'embed-html articles/singlefile-article.constructed.html',
      'embed-html articles/wayback-article.constructed.html',
      'embed-html warc/article.constructed.warc',
      'oembed oembed/oembed.reply-photo.constructed.json',
      'x-archive-like x-archive/x-archive/data/like.js',
    ]);
  });

  it("a deleted tweet: the header's deletion date, the item's text, status deleted", () => {
    const merged = mergeTweets(of('1675104460600250368'));
    expect(merged.status).toBe('deleted');
    expect(merged.deletedAt).toBe('2023-07-01T12:00:00.000Z');
    expect(merged.text).toBe('CONSTRUCTED SAMPLE: a tweet I deleted.');
    expect(merged.sources).toHaveLength(2);
  });

  it("a like and an unroll: the unroll's text and handle fill what the like lacks; time from the id", () => {
    const merged = mergeTweets(of('1663617771893690368'));
    expect(merged.text).toBe(THREAD_TWEETS[1]?.text);
    expect(merged.author).toEqual({ handle: 'example_press', name: null, id: null });
    expect(merged.url).toBe('https://x.com/example_press/status/1663617771893690368');
    expect(merged.createdAt).toBe('2023-05-30T18:46:00.000Z');
    expect(merged.createdAtFrom).toBe('snowflake');
    expect(merged.conversationRootId).toBe('1663617520235450368');
  });

  it('a stated time beats one from the id, and evidence of deletion beats "available" whatever its rank', () => {
    const stated = makeTweet('1657782953964474368', {
      createdAt: '2023-05-14T16:20:31.000Z',
      createdAtFrom: 'source',
      createdAtRaw: 'Sun May 14 16:20:31 +0000 2023',
      status: 'available',
      sources: [{ format: 'api-v1.1', file: 'b.json', capturedAt: null, sourceUrl: null, note: null }],
    });
    const decoded = makeTweet('1657782953964474368', {
      createdAtFrom: 'snowflake',
      status: 'deleted',
      sources: [{ format: 'syndication', file: 'a.json', capturedAt: null, sourceUrl: null, note: null }],
    });
    const merged = mergeTweets([decoded, stated]);
    expect(merged.createdAtRaw).toBe('Sun May 14 16:20:31 +0000 2023');
    expect(merged.status).toBe('deleted');
  });

  it("a medium keeps the export's file when a better source describes it", () => {
    const exported = EXPORT_TWEETS.find((t) => t.id === '1541752634348019715')!;
    const better = {
      ...exported,
      media: [{ ...exported.media[0]!, file: null, altText: 'A monocycle' }],
      sources: [{ format: 'syndication' as const, file: 's.json', capturedAt: null, sourceUrl: null, note: null }],
    };
    const merged = mergeTweets([exported, better]);
    expect(merged.media).toEqual([{ ...exported.media[0], altText: 'A monocycle' }]);
  });

  it('gives the same record whatever the order of its sources', () => {
    const records = of('1657782953964474368');
    const expected = JSON.stringify(mergeTweets(records));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }),
        (shuffled) => {
          expect(JSON.stringify(mergeTweets(shuffled))).toBe(expected);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('mergeArticles', () => {
  it('three captures of one article: the WARC text first, every URL and source kept', () => {
    const merged = mergeArticles([WAYBACK_ARTICLE, SINGLEFILE_ARTICLE, WARC_ARTICLE]);
    expect(merged).toEqual({
      ...WARC_ARTICLE,
      sources: [WARC_ARTICLE.sources[0], SINGLEFILE_ARTICLE.sources[0], WAYBACK_ARTICLE.sources[0]],
    });
  });

  it('an embed whose id one capture lost gets it from another capture of the same text', () => {
    const lost: ArchivedArticle = {
      ...WARC_ARTICLE,
      embeds: [{ ...WARC_ARTICLE.embeds[0]!, tweetId: null }, WARC_ARTICLE.embeds[1]!],
    };
    expect(mergeArticles([SINGLEFILE_ARTICLE, lost]).embeds[0]?.tweetId).toBe('1657782953964474368');
  });

  it('mergeRecords: one record per id, sorted, whatever the input order', () => {
    const articles = [WAYBACK_ARTICLE, SINGLEFILE_ARTICLE, WARC_ARTICLE];
    const a = mergeRecords({ articles, tweets: ALL_TWEETS });
    const b = mergeRecords({ articles: [...articles].reverse(), tweets: [...ALL_TWEETS].reverse() });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(new Set(a.tweets.map((t) => t.id)).size).toBe(a.tweets.length);
    expect(a.articles).toHaveLength(1);
    expect(() => buildPackagedArchive(a, { searchIndex: startSearchIndex })).not.toThrow();
  });
});

describe('the test-only archive of every sample', () => {
  let archive: SampleArchive;
  beforeAll(async () => {
    archive = await buildSampleArchive();
  }, 60_000);
  afterAll(() => archive?.remove());

  it('imports every sample and builds without a problem', () => {
    for (const run of archive.importRuns) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    expect(archive.buildRun.stderr).toBe('');
    expect(archive.buildRun.code).toBe(0);
  });

  it('holds the seed and the merged article, and one record per tweet', () => {
    const manifest = JSON.parse(archive.files.get('manifest.json') as string);
    expect(manifest.counts).toEqual({ articles: 2, tweets: 20 });
    const ids = [...archive.files]
      .filter(([path]) => path.startsWith('tweets/'))
      .flatMap(([, text]) => Object.keys(JSON.parse(text) as object));
    // 8 of the export (one deleted), 2 liked, the reply's parent, the video and the tweet it quotes,
    // the tombstoned third tweet of the thread, the oEmbed-only tweet, 5 from API v1.1.
    expect(ids.sort()).toEqual(
      [
        '1561850194110595073',
        '1609828443029491714',
        '1607434750175715329',
        '1584110055259279360',
        '1541752634348019715',
        '1444613894736130055',
        '1292062131647635456',
        '1675104460600250368',
        '1657782953964474368',
        '1663617771893690368',
        '1657763236541370368',
        '1664195075896250368',
        '1663617520235450368',
        '1663618149381050368',
        '666616452582129664',
        '1169246717864136705',
        '1169242008432644097',
        '1169196446043664385',
        '1168529001599533057',
        '861696799362478085',
      ].sort(),
    );
  });

  it('builds the same bytes twice', async () => {
    const again = await runTweetMender(
      'archive',
      'build',
      '--sources',
      archive.sources,
      '--out',
      archive.packaged,
      '--check',
    );
    expect(again.code).toBe(0);
  });

  it('repairs by tweet id: the tweet, its article and the place it stood', async () => {
    const { reader } = memoryArchive(archive.files);
    const match = await matchEmbed(
      reader,
      { urls: [], titles: [] },
      { tweetId: '1657782953964474368', before: [], after: [] },
    );
    expect(match?.by).toBe('tweet');
    expect(match?.tweet?.text).toBe(SYNDICATION_REPLY_PHOTO[0]?.text);
    expect(match?.tweet?.appearsIn).toEqual([{ articleId: ARTICLE_ID, embedIndex: 0 }]);
    expect(match?.article?.url).toBe(ARTICLE_URL);
    expect(match?.passage?.position).toBe(1);
    expect(match?.passage?.before).toEqual([ARTICLE_PARAGRAPHS[0]]);
  });

  it('finds the article by any form of its URL, and by its text on another host', async () => {
    const { reader } = memoryArchive(archive.files);
    expect(await reader.findArticlesByUrl(`${ARTICLE_URL}/?utm_source=x#c`)).toEqual([ARTICLE_ID]);
    const match = await matchEmbed(
      reader,
      {
        urls: ['https://mirror.example.net/copy'],
        titles: titleFingerprints('How we fixed our broken tweet embeds - Mirror'),
      },
      { tweetId: null, before: [fingerprintText(ARTICLE_PARAGRAPHS[1] as string)!], after: [] },
    );
    expect(match?.by).toBe('text');
    expect(match?.article?.id).toBe(ARTICLE_ID);
    expect(match?.passage?.position).toBe(2);
    expect(match?.passage?.embed?.tweetId).toBe('1664195075896250368');
  });

  it('keeps the seed article exactly', async () => {
    const { reader } = memoryArchive(archive.files);
    const seedId = (await reader.findText(titleFingerprints(SEED_TITLE)[0] as string))[0]?.[0];
    const seed = await reader.getArticle(seedId as string);
    expect(seed?.title).toBe(SEED_TITLE);
    expect(seed?.embeds).toEqual([
      {
        position: 3,
        tweetId: null,
        fallbackText: ['Loading Tweet ...', 'Tweet not loading? See it directly on Twitter'],
      },
    ]);
  });

  it('shows a tweet record with its id as a string, ISO date, handle and URL', async () => {
    const run = await runTweetMender('archive', 'show', '1657782953964474368', '--json', '--archive', archive.packaged);
    expect(run.code).toBe(0);
    const record = JSON.parse(run.stdout) as ArchivedTweet;
    expect(record.id).toBe('1657782953964474368');
    expect(record.createdAt).toBe('2023-05-14T16:20:31.000Z');
    expect(record.author?.handle).toBe('archive_sample');
    expect(record.url).toBe('https://x.com/archive_sample/status/1657782953964474368');
    expect(record.text).toBe(SYNDICATION_REPLY_PHOTO[0]?.text);
    expect(run.stdout).toContain('"id": "1657782953964474368"');
  });

  it('the tombstone marks a tweet deleted and keeps the text an unroll had', async () => {
    const { reader } = memoryArchive(archive.files);
    const tweet = await reader.getTweet('1663618149381050368');
    expect(tweet?.status).toBe('deleted');
    expect(tweet?.text).toBe(THREAD_TWEETS[2]?.text);
    expect(tweet?.sources.map((s) => s.format)).toEqual(['syndication', 'threadreader']);
  });
});
