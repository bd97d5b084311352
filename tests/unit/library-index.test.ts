/**
 * The library's full-text index as files: terms, numbers, the layout of
 * search/ and its determinism.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPackagedArchive } from '../../src/archive/build';
import { shardFileName, shardOf } from '../../src/archive/keys';
import type { LibraryManifest } from '../../src/library/index-format';
import { articleDocument, tweetDocument, type SearchDocument } from '../../src/library/documents';
import { buildSearchIndex } from '../../src/library/index-build';
import type { CatalogEntry } from '../../src/library/index-format';
import { openSearchIndex } from '../../src/library/index-reader';
import { parseQuery } from '../../src/library/query';
import { canBePrefix, MAX_TERM_LENGTH, termShardKey, termsOf } from '../../src/library/terms';
import { decodeAllVarints, decodeVarints, encodeVarints } from '../../src/library/varint';
import { makeArticle, makeTweet } from './helpers/archive';
import { fixtureRecords, generatedRecords, T1, T_LINKED } from './helpers/archive-library';
import { startSearchIndex } from '../../src/library/index-build';

describe('terms', () => {
  it('are runs of letters, digits and marks, in NFKC lower case, with ё as е', () => {
    expect(termsOf('Ｔｗｅｅｔ ＴＥＸＴ, ﬁne!')).toEqual(['tweet', 'text', 'fine']);
    expect(termsOf('Ёлка и Путин — «война»')).toEqual(['елка', 'и', 'путин', 'война']);
    expect(termsOf('हिन्दी भाषा')).toEqual(['हिन्दी', 'भाषा']); // the virama and vowel signs stay in the word
    expect(termsOf('Straße café 2023-05-14')).toEqual(['straße', 'café', '2023', '05', '14']);
  });

  it('split Han and kana into characters', () => {
    expect(termsOf('東京タワーに行った')).toEqual(['東', '京', 'タ', 'ワ', 'ー', 'に', '行', 'っ', 'た']);
  });

  it('know handles (not e-mail addresses); a query keeps a handle whole', () => {
    expect(termsOf('.@Example_Press wrote to me@example.com')).toEqual([
      '@example_press',
      'example',
      'press',
      'wrote',
      'to',
      'me',
      'example',
      'com',
    ]);
    expect(termsOf('@Example_Press wrote', { query: true })).toEqual(['@example_press', 'wrote']);
  });

  it('are cut to MAX_TERM_LENGTH characters, never inside a surrogate pair', () => {
    expect(termsOf('x'.repeat(100))).toEqual(['x'.repeat(MAX_TERM_LENGTH)]);
    const [cut] = termsOf(`${'a'.repeat(MAX_TERM_LENGTH - 1)}𝐀𝐁`);
    expect(Array.from(cut as string)).toHaveLength(MAX_TERM_LENGTH);
    expect(cut).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('are sharded by their first two characters', () => {
    expect(termShardKey('council')).toBe('co');
    expect(termShardKey('𝐀𝐁𝐂')).toBe('𝐀𝐁');
    expect(termShardKey('x')).toBe('x');
    expect(canBePrefix('co')).toBe(true);
    expect(canBePrefix('c')).toBe(false);
  });
});

describe('queries', () => {
  it('make the last word a prefix unless something follows it', () => {
    expect(parseQuery('City coun')).toEqual([
      { term: 'city', prefix: false, id: null },
      { term: 'coun', prefix: true, id: null },
    ]);
    expect(parseQuery('city coun ').map((w) => w.prefix)).toEqual([false, false]);
    expect(parseQuery('city coun.').map((w) => w.prefix)).toEqual([false, false]);
    expect(parseQuery('council council')).toEqual([{ term: 'council', prefix: false, id: null }]);
    expect(parseQuery('')).toEqual([]);
    expect(parseQuery(' ?! ')).toEqual([]);
  });

  it('know ids, tweet addresses and handles', () => {
    expect(parseQuery(`see https://twitter.com/jack/status/${T1}?s=20 `)).toEqual([
      { term: 'see', prefix: false, id: null },
      { term: T1, prefix: false, id: T1 },
    ]);
    expect(parseQuery('a1fc2f706b8e751 ')[0]?.id).toBe('a1fc2f706b8e751');
    expect(parseQuery('@Exam')).toEqual([{ term: '@exam', prefix: true, id: null }]);
  });

  it('keep 16 words at most', () => {
    expect(parseQuery(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '))).toHaveLength(16);
  });
});

describe('varints', () => {
  it('round-trip any whole numbers, one character below 32, two below 1024', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: Number.MAX_SAFE_INTEGER })), (values) => {
        expect(decodeAllVarints(encodeVarints(values))).toEqual(values);
      }),
    );
    expect(encodeVarints([0, 31])).toHaveLength(2);
    expect(encodeVarints([32, 1023])).toHaveLength(4);
    expect(encodeVarints([1024])).toHaveLength(3);
  });

  it('are written in characters JSON keeps as they are', () => {
    const text = encodeVarints(Array.from({ length: 2000 }, (_, i) => i * 7919));
    expect(JSON.stringify(text)).toBe(`"${text}"`);
  });

  it('refuse a damaged string', () => {
    expect(() => decodeVarints('1"', 2, [])).toThrow(/bad character/);
    expect(() => decodeVarints('A', 1, [])).toThrow(/bad character/);
  });
});

describe('buildSearchIndex', () => {
  const { articles, tweets } = fixtureRecords();
  const documents: SearchDocument[] = [...articles.map(articleDocument), ...tweets.map((t) => tweetDocument(t))];

  it('gives the same bytes whatever the order of its documents', () => {
    const first = buildSearchIndex(documents);
    const reversed = buildSearchIndex([...documents].reverse());
    const shuffled = buildSearchIndex([...documents].sort((a, b) => (a.id.slice(-3) < b.id.slice(-3) ? -1 : 1)));
    expect([...reversed.files]).toEqual([...first.files]);
    expect([...shuffled.files]).toEqual([...first.files]);
    expect(reversed.info).toEqual(first.info);
    expect([...first.files.keys()]).toEqual([
      'search/catalog/0.json',
      'search/dates.json',
      'search/ids/0.json',
      'search/terms/0.json',
    ]);
  });

  it('numbers documents in the browse order, which the catalog lists with what a list shows', () => {
    const { files, info } = buildSearchIndex(documents);
    const catalog = JSON.parse(files.get('search/catalog/0.json') as string) as CatalogEntry[];
    expect(info.docs).toBe(10);
    expect(catalog.map(([, title, date]) => [title, date])).toEqual([
      ['Some One (@someone)', '2023-06-01T00:00:00.000Z'],
      ['Some One (@someone)', '2023-05-01T00:00:00.000Z'],
      ['Railway strike ends', '2023-04-01'],
      ['Example Press (@example_press)', '2023-03-01T10:00:00.000Z'],
      ['City council approves the harbour budget', '2023-03-01'],
      ['Traveller (@traveller)', '2023-02-01T00:00:00.000Z'],
      ['Путин и война', '2022-03-01'],
      ['Morning news', '2022-01-01'],
      ['Some One (@someone)', '2021-01-01T00:00:00.000Z'],
      ['Archive notes', null],
    ]);
    // A short tweet's opening is its whole text; an article's is its first paragraphs, cut.
    expect(catalog[0]).toEqual([
      '1501707808009506820',
      'Some One (@someone)',
      '2023-06-01T00:00:00.000Z',
      null,
      'The city is quiet. Council news tomorrow.',
      1,
    ]);
  });

  it('writes postings with counts per field and positions that a reader gets back', async () => {
    const { files, info } = buildSearchIndex(documents);
    const index = openSearchIndex(async (path) => JSON.parse(files.get(path) as string) as unknown, info);
    const council = await index.term('council');
    // Documents 0 (T5), 2 (A2), 3 (T1), 4 (A1), 7 (A3), 1 (T2): in document order.
    expect([...(council?.docs ?? [])]).toEqual([0, 1, 2, 3, 4, 7]);
    const a1 = council!.docs.indexOf(4);
    expect([council!.heading[a1], council!.body[a1]]).toEqual([1, 2]);
    // A1: its title "City council approves the harbour budget" takes positions 0-5, one is left free,
    // its first paragraph (15 words) takes 7-21, one is free, and the second starts at 23:
    // "council" is word 1 of the title, word 2 of the first paragraph and word 3 of the second.
    const into = new Int32Array(8);
    expect(council!.positionsAt(a1, into)).toBe(3);
    expect([...into.subarray(0, 3)]).toEqual([1, 7 + 2, 23 + 3]);
    // Any document's, in any order (they are found by offsets, not decoded all at once).
    const t1 = council!.docs.indexOf(3);
    expect(council!.positionsAt(t1, into)).toBe(1);
    // "Example Press" at 0-1, a free position, "@example_press" and its two words at 3-4, a free
    // position, then "Breaking: the city council…" from 6: council is its fourth word.
    expect(into[0]).toBe(6 + 3);
    expect(await index.term('counc')).toBeNull();
    expect((await index.expand('counc', 10)).map((p) => p.term)).toEqual(['council', 'councils']);
  });

  it('maps ids to their document and to the articles referring to them', async () => {
    const { files, info } = buildSearchIndex(documents);
    const index = openSearchIndex(async (path) => JSON.parse(files.get(path) as string) as unknown, info);
    expect(await index.findId(T1)).toEqual({ own: 3, referring: [4] });
    expect(await index.findId(T_LINKED)).toEqual({ own: -1, referring: [2] });
    expect(await index.findId('999')).toBeNull();
    expect([...(await index.findOwnDocs([T1, 'nope', articles[3]!.id]))]).toEqual([3, -1, 9]);
  });

  it('lists every record id by document, and refuses a damaged id shard', async () => {
    const { files, info } = buildSearchIndex(documents);
    const index = openSearchIndex(async (path) => JSON.parse(files.get(path) as string) as unknown, info);
    const ids = await index.recordIds();
    expect(ids).toHaveLength(10);
    expect(ids[3]).toBe(T1);
    expect(ids).not.toContain(T_LINKED); // referred to, not archived
    const damaged = openSearchIndex(async (path) => {
      const value = JSON.parse(files.get(path) as string) as { docs: string; ids: string[] };
      return path.startsWith('search/ids/') ? { ...value, docs: value.docs.slice(0, -2) } : value;
    }, info);
    await expect(damaged.findId(T1)).rejects.toThrow(/does not hold one entry per id|varint/);
  });

  it('keeps every date in seconds, undated last', async () => {
    const { files, info } = buildSearchIndex(documents);
    const index = openSearchIndex(async (path) => JSON.parse(files.get(path) as string) as unknown, info);
    const dates = await index.dates();
    expect(dates[0]).toBe(Date.parse('2023-06-01T00:00:00.000Z') / 1000);
    expect(dates[4]).toBe(Date.parse('2023-03-01') / 1000);
    expect(dates[9]).toBe(Number.NEGATIVE_INFINITY);
    // A date before 1970 survives the differences.
    const old = buildSearchIndex([
      articleDocument(makeArticle(1, { publishedAt: '1969-07-20' })),
      articleDocument(makeArticle(2, { publishedAt: '1999-01-01' })),
    ]);
    const oldIndex = openSearchIndex(async (path) => JSON.parse(old.files.get(path) as string) as unknown, old.info);
    expect([...(await oldIndex.dates())]).toEqual([Date.parse('1999-01-01') / 1000, Date.parse('1969-07-20') / 1000]);
  });

  it('indexes a tweet by its author, text and media descriptions, and an article by title, byline and text', () => {
    const tweet = tweetDocument(
      makeTweet('12345', {
        author: { handle: 'someone', name: 'Some One', id: null },
        text: 'Look',
        media: [
          {
            kind: 'photo',
            id: null,
            tco: null,
            remoteUrl: null,
            file: null,
            width: null,
            height: null,
            altText: 'A red bridge',
            durationMs: null,
            variants: [],
          },
        ],
      }),
    );
    expect(tweet).toMatchObject({
      title: 'Some One (@someone)',
      heading: ['Some One', '@someone'],
      body: ['Look', 'A red bridge'],
    });
    expect(tweetDocument(makeTweet('12345', { author: null })).title).toBe('');
    const article = articleDocument(makeArticle(1, { byline: 'Ann Writer', publishedAt: null }));
    expect(article.heading).toEqual(['Synthetic article number 1 about the archive', 'Ann Writer']);
    // No publication date: the first capture dates it.
    const captured = makeArticle(2, { publishedAt: null });
    captured.sources = [
      { ...captured.sources[0]!, capturedAt: '2024-02-02T00:00:00.000Z' },
      { ...captured.sources[0]!, capturedAt: '2021-01-01T00:00:00.000Z' },
    ];
    expect(articleDocument(captured).date).toBe('2021-01-01T00:00:00.000Z');
  });
});

describe('the packaged build', () => {
  it('writes the index beside the records, sharded by the first two characters of each term', () => {
    const files = buildPackagedArchive(generatedRecords(3000), { searchIndex: startSearchIndex });
    const manifest = JSON.parse(files.get('manifest.json') as string) as LibraryManifest;
    const count = manifest.search!.terms;
    expect(count).toBeGreaterThan(1);
    for (const [path, text] of files) {
      if (!path.startsWith('search/terms/')) continue;
      const rows = JSON.parse(text) as [string, number, string, string][];
      const terms = rows.map(([term]) => term);
      expect(terms).toEqual([...terms].sort());
      for (const term of terms)
        expect(path).toBe(`search/terms/${shardFileName(shardOf(termShardKey(term), count), count)}`);
    }
    const pages = [...files.keys()].filter((p) => p.startsWith('search/catalog/'));
    expect(pages).toHaveLength(30);
    expect(JSON.parse(files.get(pages[0] as string) as string)).toHaveLength(100);
  });

  it('writes an empty archive as an empty index', () => {
    const files = buildPackagedArchive({ articles: [], tweets: [] }, { searchIndex: startSearchIndex });
    const manifest = JSON.parse(files.get('manifest.json') as string) as LibraryManifest;
    expect(manifest.search).toEqual({ version: 1, docs: 0, pageSize: 100, terms: 1, ids: 1 });
    expect(files.get('search/terms/0.json')).toBe('[]\n');
    expect([...files.keys()].some((p) => p.startsWith('search/catalog/'))).toBe(false);
  });
});

describe('openSearchIndex', () => {
  const files = buildPackagedArchive(generatedRecords(3000), { searchIndex: startSearchIndex });
  const info = (JSON.parse(files.get('manifest.json') as string) as LibraryManifest).search!;
  const counting = () => {
    const reads: string[] = [];
    const read = async (path: string) => {
      reads.push(path);
      return JSON.parse(files.get(path) as string) as unknown;
    };
    return { reads, read };
  };

  it('keeps parsed files up to its byte budget, least recently used dropped first, and reads a dropped one again', async () => {
    const { reads, read } = counting();
    const index = openSearchIndex(read, info, { maxBytes: 100_000 });
    for (let doc = 0; doc < 3000; doc += 100) await index.catalog(doc);
    expect(reads).toHaveLength(30);
    // Each page is ~20 KB: a few are kept, the latest ones.
    const held = index.heldFiles();
    expect(held.length).toBeGreaterThan(2);
    expect(held.length).toBeLessThan(10);
    expect(held.at(-1)).toBe(`search/catalog/${shardFileName(29, 30)}`);
    expect(index.heldBytes()).toBeLessThanOrEqual(100_000);
    await index.catalog(2999);
    expect(reads).toHaveLength(30);
    await index.catalog(0);
    expect(reads).toHaveLength(31);
  });

  it('counts decoded postings against the budget', async () => {
    const { read } = counting();
    const index = openSearchIndex(read, info);
    const [first] = (generatedRecords(1).tweets[0]!.text as string).split(' ');
    await index.term(first!);
    const before = index.heldBytes();
    const postings = await index.term(first!);
    postings!.positionsAt(0, new Int32Array(64));
    expect(index.heldBytes()).toBeGreaterThan(before);
  });

  it('does not keep a failed read: the next query reads again', async () => {
    let fail = true;
    const index = openSearchIndex(async (path) => {
      if (fail) throw new Error('busy');
      return JSON.parse(files.get(path) as string) as unknown;
    }, info);
    await expect(index.catalog(5)).rejects.toThrow('busy');
    fail = false;
    expect((await index.catalog(5))[0]).toMatch(/^\d+$/);
    await expect(index.catalog(3000)).rejects.toThrow(RangeError);
  });
});
