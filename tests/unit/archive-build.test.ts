import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPackagedArchive, InvalidArchiveError, type ArchiveRecords } from '../../src/archive/build';
import { importTextArticle } from '../../src/archive/importers/text';
import { fingerprintText, shardFileName, shardOf, titleFingerprints } from '../../src/archive/keys';
import { listPackagedArchiveFiles } from '../../src/archive/packaged-files';
import { openPackagedArchive } from '../../src/archive/packaged-archive';
import type { ArchiveManifest, ArchivedArticle } from '../../src/archive/schema';
import {
  buildMemoryArchive,
  makeArticle,
  makeTweet,
  memoryArchive,
  PACKAGED_DIR,
  SEED_FALLBACK_LINES,
  SEED_PARAGRAPHS,
  SEED_TEXT,
  SEED_TITLE,
  seedRecords,
  SOURCES_DIR,
} from './helpers/archive';
import { startSearchIndex } from '../../src/library/index-build';

/** SHA-256 of tests/fixtures/seed/article.txt, the seed article as the project received it (tests/fixtures/README.md). */
const SEED_SHA256 = 'a2fd11f137d0b212de1c65ccf0694ac0da3854545b7e560c860b162474137738';

describe('the seed source', () => {
  it('is the seed article, byte for byte', () => {
    const source = readFileSync(join(SOURCES_DIR, 'articles/wsws-russian-socialist-opponent.txt'));
    const seed = readFileSync('tests/fixtures/seed/article.txt');
    // The seed as the project received it: its SHA-256, recorded in tests/fixtures/README.md.
    expect(createHash('sha256').update(seed).digest('hex')).toBe(SEED_SHA256);
    expect(source.equals(seed)).toBe(true);
    expect(source.toString('utf8')).toBe(SEED_TEXT);
  });

  it('reads as one article with the title, 16 paragraphs and one embed after the third', () => {
    const { articles, tweets } = seedRecords();
    expect(articles).toHaveLength(1);
    expect(tweets).toEqual([]);
    const article = articles[0] as ArchivedArticle;

    expect(SEED_TITLE).toBe('A discussion with a Russian socialist opponent of the war in Ukraine');
    expect(article.title).toBe(SEED_TITLE);

    expect(SEED_PARAGRAPHS).toHaveLength(16);
    expect(article.paragraphs).toHaveLength(16);
    article.paragraphs.forEach((p, i) => expect(p, `paragraph ${i}`).toBe(SEED_PARAGRAPHS[i]));
    // curly quotes and dashes kept as written
    expect(article.paragraphs[6]).toContain('consequences—possibly');
    expect(article.paragraphs[7]?.startsWith('I asked: “What')).toBe(true);

    expect(article.embeds).toEqual([{ position: 3, tweetId: null, fallbackText: SEED_FALLBACK_LINES }]);
    expect(article.embeds[0]?.fallbackText).toEqual([
      'Loading Tweet ...',
      'Tweet not loading? See it directly on Twitter',
    ]);
    for (const p of article.paragraphs) {
      expect(p).not.toContain('Loading Tweet');
      expect(p).not.toContain('Tweet not loading');
    }
    expect(article.paragraphs[2]?.startsWith('But many people believe that NATO')).toBe(true);
    expect(article.paragraphs[3]?.startsWith('The Kremlin is trying')).toBe(true);
  });

  it('records only what the source says: no URL, no dates, no tweet', () => {
    const article = seedRecords().articles[0] as ArchivedArticle;
    expect(article.id).toMatch(/^a[0-9a-f]{14}$/);
    expect(article.urls).toEqual([]);
    expect(article.siteName).toBe('World Socialist Web Site');
    expect(article.lang).toBe('en');
    expect(article.publishedAt).toBeNull();
    expect(article.sources).toEqual([
      {
        format: 'text',
        file: 'articles/wsws-russian-socialist-opponent.txt',
        capturedAt: null,
        sourceUrl: null,
        note: 'text as a reader saw it on the page',
      },
    ]);
  });
});

describe('importTextArticle', () => {
  it('normalises CRLF and a BOM without changing paragraph text', () => {
    const crlf = `\uFEFF${SEED_TEXT.replace(/\n/g, '\r\n')}`;
    const article = importTextArticle(crlf, 'x.txt');
    expect(article.title).toBe(SEED_TITLE);
    expect(article.paragraphs).toEqual(SEED_PARAGRAPHS);
    expect(article.embeds).toHaveLength(1);
  });

  it('records a tweet id when the fallback block names the tweet, and keeps prose quoting the phrase', () => {
    const article = importTextArticle(
      [
        'A title long enough to count',
        'The first paragraph of the article, long enough to be a paragraph.',
        'Loading Tweet ...\nhttps://twitter.com/WSWS_Updates/status/1501707808009506816',
        'The page showed "Loading Tweet ..." for a while, then the text came back.',
      ].join('\n\n'),
      'x.txt',
    );
    expect(article.embeds).toEqual([
      { position: 1, tweetId: '1501707808009506816', fallbackText: ['Loading Tweet ...'] },
    ]);
    expect(article.paragraphs).toHaveLength(2);
    expect(article.paragraphs[1]).toContain('"Loading Tweet ..."');
  });

  it('strips a Markdown heading marker from the title', () => {
    const article = importTextArticle('# A heading title here\n\nSome paragraph text.', 'x.md', {}, 'markdown');
    expect(article.title).toBe('A heading title here');
    expect(article.sources[0]?.format).toBe('markdown');
  });

  it('refuses an empty source', () => {
    expect(() => importTextArticle('\n\n  \n', 'empty.txt')).toThrow(/empty\.txt/);
  });
});

describe('buildPackagedArchive', () => {
  it('gives the same bytes twice, whatever the input order', () => {
    const seed = seedRecords();
    const records: ArchiveRecords = {
      articles: [...seed.articles, makeArticle(1), makeArticle(2), makeArticle(3)],
      tweets: [makeTweet('1501707808009506816'), makeTweet('2090150609382977655')],
    };
    const first = buildPackagedArchive(records, { searchIndex: startSearchIndex });
    const second = buildPackagedArchive(structuredClone(records), { searchIndex: startSearchIndex });
    const reversed = buildPackagedArchive(
      {
        articles: [...records.articles].reverse(),
        tweets: [...records.tweets].reverse(),
      },
      { searchIndex: startSearchIndex },
    );
    expect([...second]).toEqual([...first]);
    expect([...reversed]).toEqual([...first]);
    expect([...first.keys()]).toEqual([...first.keys()].sort());
  });

  it('does not modify its input', () => {
    const records: ArchiveRecords = { articles: [makeArticle(2), makeArticle(1)], tweets: [makeTweet('12345')] };
    const copy = structuredClone(records);
    buildPackagedArchive(records, { searchIndex: startSearchIndex });
    expect(records).toEqual(copy);
  });

  it('the committed assets/archive/packaged/ is exactly a fresh build of the sources', () => {
    const fresh = buildPackagedArchive(seedRecords(), { searchIndex: startSearchIndex });
    const committed = listPackagedArchiveFiles(PACKAGED_DIR);
    expect(committed).toEqual([...fresh.keys()]);
    for (const [path, content] of fresh) {
      expect(readFileSync(join(PACKAGED_DIR, path), 'utf8'), path).toBe(content);
    }
  });

  it('writes a manifest that counts and locates everything', () => {
    const files = buildPackagedArchive(seedRecords(), { searchIndex: startSearchIndex });
    const manifest = JSON.parse(files.get('manifest.json') as string) as ArchiveManifest;
    expect(manifest).toEqual({
      format: 'tweet-mender-archive',
      schemaVersion: 1,
      counts: { articles: 1, tweets: 0 },
      shards: { articles: 1, tweets: 1, urls: 1, text: 1 },
      search: { version: 1, docs: 1, pageSize: 100, terms: 1, ids: 1 },
    });
    for (const path of files.keys()) expect(() => JSON.parse(files.get(path) as string), path).not.toThrow();
  });

  it('rejects invalid records, naming the record and the field', () => {
    const good = makeArticle(1);
    const bad = {
      ...makeArticle(2),
      title: '',
      paragraphs: ['fine', ''],
      embeds: [{ position: 9, tweetId: 1501707808009506816, fallbackText: ['x'] }],
    } as unknown as ArchivedArticle;
    const badTweet = { ...makeTweet('0123'), url: 'https://twitter.com/a/status/1' };
    let error: unknown;
    try {
      buildPackagedArchive({ articles: [good, bad], tweets: [badTweet] }, { searchIndex: startSearchIndex });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArchiveError);
    const issues = (error as InvalidArchiveError).issues.map(({ record, field }) => ({ record, field }));
    expect(issues).toEqual([
      { record: bad.id, field: 'title' },
      { record: bad.id, field: 'paragraphs.1' },
      { record: bad.id, field: 'embeds.0.position' },
      { record: bad.id, field: 'embeds.0.tweetId' },
      { record: '0123', field: 'id' },
      { record: '0123', field: 'url' },
    ]);
    expect((error as Error).message).toContain(`${bad.id} embeds.0.tweetId`);
  });

  it('names a record with no id by its position', () => {
    const noId = { ...makeArticle(1), id: undefined } as unknown as ArchivedArticle;
    expect(() =>
      buildPackagedArchive({ articles: [makeArticle(2), noId], tweets: [] }, { searchIndex: startSearchIndex }),
    ).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ record: 'article #1', field: 'id' })] }));
    expect(() =>
      buildPackagedArchive(
        { articles: [null as unknown as ArchivedArticle], tweets: [] },
        { searchIndex: startSearchIndex },
      ),
    ).toThrow(InvalidArchiveError);
  });

  it('links a tweet to the article embeds that show it (appearsIn)', () => {
    const article = makeArticle(7, {
      embeds: [
        { position: 1, tweetId: '1501707808009506816', fallbackText: [] },
        { position: 2, tweetId: null, fallbackText: ['Loading Tweet ...'] },
      ],
    });
    const files = buildPackagedArchive(
      {
        articles: [article],
        tweets: [makeTweet('1501707808009506816', { appearsIn: [{ articleId: 'a00000000000000', embedIndex: 5 }] })],
      },
      { searchIndex: startSearchIndex },
    );
    const tweets = JSON.parse(files.get('tweets/0.json') as string);
    expect(tweets['1501707808009506816'].appearsIn).toEqual([{ articleId: article.id, embedIndex: 0 }]);
  });

  // Two sources of the same article (e.g. a .txt and a .md of the same URL)
  // get the same id. Keeping one silently makes the output depend on input
  // order and leaves text-index entries that point at paragraphs of the
  // record that was dropped; the builder must refuse instead.
  it('refuses two records with the same id', () => {
    const a = makeArticle(1);
    const b = { ...makeArticle(1), paragraphs: ['A different text of the same article, long enough to index.'] };
    expect(a.id).toBe(b.id);
    let error: unknown;
    try {
      buildPackagedArchive({ articles: [a, b], tweets: [] }, { searchIndex: startSearchIndex });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArchiveError);
    expect((error as InvalidArchiveError).issues).toContainEqual(
      expect.objectContaining({ record: a.id, field: 'id' }),
    );
  });
});

describe('a large archive', () => {
  const COUNT = 3000;
  const articles = Array.from({ length: COUNT }, (_, n) => makeArticle(n));
  const built = buildMemoryArchive({ articles, tweets: [] });
  const manifest = JSON.parse(built.files.get('manifest.json') as string) as ArchiveManifest;

  it('is split into several shards of each index, each a power of two', () => {
    expect(manifest.counts.articles).toBe(COUNT);
    expect(manifest.shards.articles).toBeGreaterThan(1);
    expect(manifest.shards.urls).toBeGreaterThan(1);
    expect(manifest.shards.text).toBeGreaterThan(1);
    for (const index of ['articles', 'tweets', 'urls', 'text'] as const) {
      const count = manifest.shards[index];
      expect(Number.isInteger(Math.log2(count)), index).toBe(true);
      const paths = [...built.files.keys()].filter((p) => p.startsWith(`${index}/`));
      expect(paths).toHaveLength(count);
    }
    // every article sits in the shard its key names
    for (const article of articles.slice(0, 50)) {
      const path = `articles/${shardFileName(shardOf(article.id, manifest.shards.articles), manifest.shards.articles)}`;
      expect(JSON.parse(built.files.get(path) as string)[article.id]).toEqual(article);
    }
  });

  it('every article is retrievable, by id, by URL and by text', async () => {
    for (const article of articles) {
      expect(await built.reader.getArticle(article.id)).toEqual(article);
    }
    const sample = articles[1234] as ArchivedArticle;
    expect(await built.reader.findArticlesByUrl(`http://www.news.example.org/1234/story/?utm_source=x`)).toEqual([
      sample.id,
    ]);
    expect(await built.reader.findText(fingerprintText(sample.paragraphs[1] as string) as string)).toEqual([
      [sample.id, 1],
    ]);
    expect(await built.reader.findText(titleFingerprints(sample.title)[0] as string)).toEqual([[sample.id, -1]]);
    expect(await built.reader.getArticle('a0000000000000f')).toBeNull();
    expect(await built.reader.getTweet('1501707808009506816')).toBeNull();
  });

  it('reading one article loads the manifest and one articles shard only', async () => {
    // a fresh reader over the big archive's files, counting reads
    const probe = memoryArchive(built.files);
    const article = articles[42] as ArchivedArticle;
    expect(await probe.reader.getArticle(article.id)).toEqual(article);
    expect(probe.reads).toEqual([
      'manifest.json',
      `articles/${shardFileName(shardOf(article.id, manifest.shards.articles), manifest.shards.articles)}`,
    ]);
    // the same shard is parsed once: a second read costs nothing
    expect(await probe.reader.getArticle(article.id)).toEqual(article);
    expect(probe.reads).toHaveLength(2);
  });

  it('keeps only the shards recent lookups touched, up to its bound, and reads an evicted one again', async () => {
    const reads: string[] = [];
    const reader = openPackagedArchive(
      async (path) => {
        reads.push(path);
        return JSON.parse(built.files.get(path) as string) as unknown;
      },
      { maxShards: 3 },
    );
    const shardPath = (a: ArchivedArticle) =>
      `articles/${shardFileName(shardOf(a.id, manifest.shards.articles), manifest.shards.articles)}`;
    // Four articles in four different shards.
    const picked: ArchivedArticle[] = [];
    for (const article of articles) {
      if (!picked.some((p) => shardPath(p) === shardPath(article))) picked.push(article);
      if (picked.length === 4) break;
    }
    for (const article of picked) expect(await reader.getArticle(article.id)).toEqual(article);
    expect(reader.heldShards()).toEqual(picked.slice(1).map(shardPath));
    // The first shard was dropped: reading it again reads the file again.
    expect(await reader.getArticle(picked[0]!.id)).toEqual(picked[0]);
    expect(reads.filter((r) => r === shardPath(picked[0]!))).toHaveLength(2);
    expect(reader.heldShards()).toHaveLength(3);
  });

  it('a failed read is not kept: the next lookup reads again', async () => {
    let fail = true;
    const reader = openPackagedArchive(async (path) => {
      if (fail) throw new Error('busy');
      return JSON.parse(built.files.get(path) as string) as unknown;
    });
    await expect(reader.getArticle(articles[0]!.id)).rejects.toThrow('busy');
    fail = false;
    expect(await reader.getArticle(articles[0]!.id)).toEqual(articles[0]);
  });
});
