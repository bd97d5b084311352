/**
 * Searching and browsing the packaged copy through its full-text index:
 * AND, prefixes, scripts, handles, ids, the ranking, paging, browsing, and
 * which files a query reads.
 */
import { describe, expect, it } from 'vitest';
import { buildPackagedArchive } from '../../src/archive/build';
import { shardFileName, shardOf } from '../../src/archive/keys';
import type { LibraryManifest } from '../../src/library/index-format';
import { termShardKey } from '../../src/library/terms';
import type { LibraryItem } from '../../src/library/types';
import { makeArticle } from './helpers/archive';
import {
  fixtureFiles,
  fixtureRecords,
  generatedRecords,
  libraryOver,
  T1,
  T5,
  T_LINKED,
} from './helpers/archive-library';
import { startSearchIndex } from '../../src/library/index-build';

const files = fixtureFiles();
const { byName } = fixtureRecords();
const idOf = (name: keyof typeof byName) => byName[name]!.id;
const names = (items: LibraryItem[]) =>
  items.map((item) => Object.entries(byName).find(([, record]) => record.id === item.id)?.[0] ?? item.id);

async function search(query: string, offset = 0, limit = 100) {
  return libraryOver(files).library.search({ query, offset, limit });
}

describe('library search: which records match', () => {
  it('asks for every word (AND), in any case and punctuation', async () => {
    const page = await search('CITY, council!');
    expect(names(page.items).sort()).toEqual(['A1', 'A2', 'A3', 'T1', 'T5']);
    expect(page.total).toBe(5);
    // T2 has "council" but not "city"; T4 has neither word whole.
    expect(names((await search('harbour workers')).items)).toEqual(['A1']);
    expect((await search('harbour trains')).total).toBe(0);
  });

  it('matches the last word as a prefix while it is being typed, and as a word once followed by a space', async () => {
    expect(names((await search('harb')).items)).toEqual(['A1']);
    expect(names((await search('councils')).items)).toEqual(['T4']);
    // "council" typed so far also finds "councils" (T4), after the exact matches.
    const typing = await search('council');
    expect(names(typing.items).at(-1)).toBe('T4');
    expect(typing.total).toBe(7);
    const done = await search('council ');
    expect(names(done.items)).not.toContain('T4');
    expect(done.total).toBe(6);
    // Only the last word is a prefix.
    expect((await search('harb budget')).total).toBe(0);
    // One character is not a prefix (every term it could begin is in another shard).
    expect((await search('c')).total).toBe(0);
  });

  it('finds Russian and other scripts, with ё and е alike', async () => {
    expect(names((await search('ПУТИН')).items)).toEqual(['A5']);
    expect(names((await search('елка')).items)).toEqual(['A5']);
    expect(names((await search('Ёлка войн')).items)).toEqual(['A5']);
    expect((await search('путин ёлка')).items[0]?.snippet).toContain('Ёлка стояла');
    // Han and kana are written without spaces: each character is a word, and the phrase is found.
    expect(names((await search('東京')).items)).toEqual(['T3']);
    expect(names((await search('タワー')).items)).toEqual(['T3']);
    expect((await search('東京タワー')).items[0]?.snippet).toBe('東京タワーに行きました');
    // Full-width letters are the same letters.
    expect(names((await search('ＨＡＲＢＯＵＲ')).items)).toEqual(['A1']);
  });

  it('finds a tweet by its @handle: the author first, then the tweets mentioning them', async () => {
    expect(names((await search('@example_press')).items)).toEqual(['T1', 'T2']);
    expect(names((await search('@Example_Pr')).items)).toEqual(['T1', 'T2']);
    expect(names((await search('@example_press council ')).items)).toEqual(['T1', 'T2']);
    // The handle's words are words too: "example press" finds the author by name.
    expect(names((await search('example press')).items)[0]).toBe('T1');
    expect((await search('@nobody')).total).toBe(0);
  });

  it('finds a tweet by its id or address, then the articles that embed or link to it', async () => {
    expect(names((await search(T1)).items)).toEqual(['T1', 'A1']);
    expect(names((await search(`https://twitter.com/example_press/status/${T1}?s=20`)).items)).toEqual(['T1', 'A1']);
    expect(names((await search(`x.com/i/web/status/${T1}`)).items)).toEqual(['T1', 'A1']);
    // A tweet archived nowhere: the article linking to it.
    expect(names((await search(T_LINKED)).items)).toEqual(['A2']);
    // An id and a word: both must match.
    expect(names((await search(`${T1} harbour`)).items)).toEqual(['A1']);
    expect(names((await search(idOf('A4'))).items)).toEqual(['A4']);
  });
});

describe('library search: ranking and paging', () => {
  it('ranks title hits first, then the phrase, then the words apart; newest first among equals', async () => {
    const page = await search('city council');
    // A1: both in its title. T1, A3: the phrase (T1 newer). A2, T5: apart; A2 says "council" twice.
    expect(names(page.items)).toEqual(['A1', 'T1', 'A3', 'A2', 'T5']);
    // Reversed words: no phrase any more, so the counts and dates decide below the title hit.
    expect(names((await search('council city')).items)).toEqual(['A1', 'A2', 'T5', 'T1', 'A3']);
  });

  it('ranks the exact word before its completions, and more occurrences (up to 3) higher', async () => {
    const page = await search('council');
    // A1: in its title. A2: "council" twice. Then one each, newest first. T4: only "councils".
    expect(names(page.items)).toEqual(['A1', 'A2', 'T5', 'T2', 'T1', 'A3', 'T4']);
  });

  it('pages through the same order, with the total of every match', async () => {
    const all = await search('council');
    for (const [offset, limit] of [
      [0, 2],
      [2, 2],
      [4, 3],
      [6, 10],
      [7, 5],
    ] as const) {
      const page = await search('council', offset, limit);
      expect(page.total).toBe(7);
      expect(page.items).toEqual(all.items.slice(offset, offset + limit));
    }
    expect((await search('council', 0, 0)).items).toEqual([]);
  });

  it('describes each item: kind, title or author line, date, site, source', async () => {
    const [article, tweet] = (await search('city council')).items;
    expect(article).toMatchObject({
      kind: 'article',
      id: idOf('A1'),
      title: 'City council approves the harbour budget',
      date: '2023-03-01',
      siteName: 'Example News',
      source: 'packaged',
    });
    expect(tweet).toMatchObject({
      kind: 'tweet',
      id: T1,
      title: 'Example Press (@example_press)',
      date: '2023-03-01T10:00:00.000Z',
      siteName: null,
      source: 'packaged',
    });
  });
});

describe('library search: snippets', () => {
  it('shows the text around the match; a short text whole, from the catalog, without reading the record', async () => {
    const { library, reads } = libraryOver(files);
    const [a1] = (await library.search({ query: 'workers', offset: 0, limit: 1 })).items;
    expect(a1?.snippet).toBe(
      'The city council voted on Tuesday to approve the harbour budget after a long debate. Critics said the council ignored the workers.',
    );
    expect(reads.filter((r) => r.startsWith('articles/'))).toEqual([]);
  });

  it('reads the record of a long text, and shows the paragraph that holds the most words', async () => {
    const filler = 'Nothing to see in this paragraph, which only makes the article long enough to be cut. '.repeat(3);
    const long = makeArticle(8, {
      title: 'Long article',
      paragraphs: [filler, 'The harbour is closed.', filler, 'The harbour workers strike today.', filler],
    });
    const { library, reads } = libraryOver(
      buildPackagedArchive({ articles: [long], tweets: [] }, { searchIndex: startSearchIndex }),
    );
    const [item] = (await library.search({ query: 'harbour workers', offset: 0, limit: 1 })).items;
    expect(item?.snippet).toBe('The harbour workers strike today.');
    expect(reads.filter((r) => r.startsWith('articles/'))).toHaveLength(1);
  });

  it('cuts a long paragraph to about 160 characters on word boundaries, the match inside', async () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler${i}`).join(' ');
    const paragraph = `${filler(40)} the needle sits here ${filler(40)}`;
    const long = makeArticle(9, { title: 'Long read', paragraphs: ['Short opening.', paragraph] });
    const { library } = libraryOver(
      buildPackagedArchive({ articles: [long], tweets: [] }, { searchIndex: startSearchIndex }),
    );
    const [item] = (await library.search({ query: 'needle', offset: 0, limit: 1 })).items;
    const snippet = item?.snippet as string;
    expect(snippet).toContain('the needle sits here');
    expect(snippet.startsWith('…') && snippet.endsWith('…')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(162);
    expect(snippet.length).toBeGreaterThan(120);
    const words = paragraph.split(' ');
    for (const word of snippet.replace(/…/g, '').trim().split(' ')) expect(words).toContain(word);
    // Browsing shows the opening instead.
    const [browsed] = (await library.search({ query: '', offset: 0, limit: 1 })).items;
    expect(browsed?.snippet.startsWith('Short opening. filler0 filler1')).toBe(true);
  });

  it('shows the opening when only the title or the id matched', async () => {
    expect((await search('railway')).items[0]?.snippet).toBe(
      'The council of the city met the union. The council agreed at noon. Trains run again.',
    );
    expect((await search(T_LINKED)).items[0]?.snippet).toContain('The council of the city');
  });
});

describe('library browsing (empty query)', () => {
  it('lists everything newest first, undated last', async () => {
    const page = await search('');
    expect(names(page.items)).toEqual(['T5', 'T2', 'A2', 'T1', 'A1', 'T3', 'A5', 'A3', 'T4', 'A4']);
    expect(page.total).toBe(10);
    expect((await search('   ')).total).toBe(10);
    expect(names((await search('', 3, 3)).items)).toEqual(['T1', 'A1', 'T3']);
    expect(page.items[0]).toMatchObject({
      kind: 'tweet',
      id: T5,
      snippet: 'The city is quiet. Council news tomorrow.',
    });
  });

  it('orders records of the same date by title, then id', async () => {
    const same = [3, 1, 2].map((n) =>
      makeArticle(n, { title: `Same day ${n % 2 ? 'B' : 'a'}`, publishedAt: '2020-01-01' }),
    );
    const { library } = libraryOver(
      buildPackagedArchive({ articles: same, tweets: [] }, { searchIndex: startSearchIndex }),
    );
    const titles = (await library.search({ query: '', offset: 0, limit: 10 })).items.map((i) => i.title);
    expect(titles).toEqual(['Same day a', 'Same day B', 'Same day B']);
  });

  it('reads one catalog page (and the manifest) for a page of the list', async () => {
    const { library, reads } = libraryOver(
      buildPackagedArchive(generatedRecords(1000), { searchIndex: startSearchIndex }),
    );
    const page = await library.search({ query: '', offset: 300, limit: 50 });
    expect(page.items).toHaveLength(50);
    expect(reads).toEqual(['manifest.json', 'search/catalog/3.json']);
  });
});

describe('library search: what a query reads', () => {
  const big = buildPackagedArchive(generatedRecords(5000), { searchIndex: startSearchIndex });
  const manifest = JSON.parse(big.get('manifest.json') as string) as LibraryManifest;
  const termsCount = manifest.search!.terms;
  const shardFor = (word: string) =>
    `search/terms/${shardFileName(shardOf(termShardKey(word), termsCount), termsCount)}`;
  const termReads = (reads: string[]) => reads.filter((r) => r.startsWith('search/terms/'));
  // Two words of the generated vocabulary, with different first letters.
  const tweets = generatedRecords(5000).tweets;
  const [first, second] = (tweets[0]!.text as string)
    .split(' ')
    .filter((w, i, all) => all.findIndex((x) => x[0] === w[0]) === i);

  it('has several terms shards to choose from', () => {
    expect(termsCount).toBeGreaterThanOrEqual(4);
    expect(shardFor(first!)).not.toBe(shardFor(second!));
  });

  it('reads the shard of each word and no other', async () => {
    const one = libraryOver(big);
    expect((await one.library.search({ query: `${first} `, offset: 0, limit: 10 })).total).toBeGreaterThan(0);
    expect(termReads(one.reads)).toEqual([shardFor(first!)]);

    const two = libraryOver(big);
    await two.library.search({ query: `${first} ${second}`, offset: 0, limit: 10 });
    expect(termReads(two.reads).sort()).toEqual([shardFor(first!), shardFor(second!)].sort());
    // Nothing but the manifest, those shards, the catalog pages and records of the items shown.
    for (const path of two.reads) expect(path).toMatch(/^(manifest\.json|search\/(terms|catalog)\/|tweets\/)/);
  });

  it('a prefix reads the shard of its first two characters only', async () => {
    const { library, reads } = libraryOver(big);
    const page = await library.search({ query: first!.slice(0, 3), offset: 0, limit: 5 });
    expect(page.total).toBeGreaterThan(0);
    expect(termReads(reads)).toEqual([shardFor(first!)]);
  });

  it('keeps what it read: the next keystroke reads no terms shard again', async () => {
    const { library, reads } = libraryOver(big);
    await library.search({ query: first!.slice(0, 2), offset: 0, limit: 5 });
    await library.search({ query: first!.slice(0, 3), offset: 0, limit: 5 });
    await library.search({ query: first!, offset: 0, limit: 5 });
    expect(termReads(reads)).toEqual([shardFor(first!)]);
  });

  it('an id reads its id shard, and finds the tweet among thousands', async () => {
    const { library, reads } = libraryOver(big);
    const id = tweets[4321]!.id;
    const page = await library.search({ query: id, offset: 0, limit: 5 });
    expect(page.items.map((i) => i.id)).toEqual([id]);
    expect(reads.filter((r) => r.startsWith('search/ids/'))).toEqual([
      `search/ids/${shardFileName(shardOf(id, manifest.search!.ids), manifest.search!.ids)}`,
    ]);
  });
});

describe('library search over a copy without an index', () => {
  it('finds nothing rather than failing (a packaged copy built before the library)', async () => {
    const old = new Map(fixtureFiles());
    const manifest = JSON.parse(old.get('manifest.json') as string) as LibraryManifest;
    delete manifest.search;
    old.set('manifest.json', JSON.stringify(manifest));
    for (const path of [...old.keys()]) if (path.startsWith('search/')) old.delete(path);
    const { library } = libraryOver(old);
    expect(await library.search({ query: 'council', offset: 0, limit: 10 })).toEqual({ total: 0, items: [] });
    expect(await library.search({ query: '', offset: 0, limit: 10 })).toEqual({ total: 0, items: [] });
  });
});
