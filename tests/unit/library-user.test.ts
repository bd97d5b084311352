/**
 * The library over the user's own archive (IndexedDB, fake-indexeddb here)
 * and the packaged copy together, and the background's 'search-library'.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../src/background/start';
import { combineArchives } from '../../src/archive/combined-archive';
import { openUserArchive, USER_ARCHIVE_DB, type UserArchive } from '../../src/archive/user-archive';
import type { ArchiveReader } from '../../src/archive/packaged-archive';
import { openLibrary, type UserIndexFiles } from '../../src/library/library';
import { checkLibraryQuery } from '../../src/messages/library-query';
import type { LibraryPage } from '../../src/library/types';
import type { Reply } from '../../src/messages/protocol';
import type { WebExtension } from '../../src/messages/web-extension';
import { makeArticle, makeTweet } from './helpers/archive';
import { fixtureFiles, fixtureRecords, libraryOver, T1 } from './helpers/archive-library';
import { startSearchIndex } from '../../src/library/index-build';

const opened: UserArchive[] = [];
function freshUser(factory = new IDBFactory()): UserArchive {
  const archive = openUserArchive({ indexedDB: factory, searchIndex: startSearchIndex });
  opened.push(archive);
  return archive;
}
afterEach(() => {
  for (const archive of opened.splice(0)) archive.close();
});

/** The library as the background builds it: packaged copy, user archive, records from both combined. */
function both(user: ArchiveReader & UserIndexFiles, onUserError?: (error: unknown) => void) {
  const { reader } = libraryOver(fixtureFiles());
  const records = combineArchives(user, reader);
  return openLibrary({ packaged: reader, user, records, onUserError });
}

const mine = (id: string, text: string, createdAt: string) =>
  makeTweet(id, {
    url: `https://x.com/me/status/${id}`,
    author: { handle: 'me', name: 'Me Myself', id: null },
    text,
    rawText: text,
    createdAt,
  });

describe('the library over the user archive', () => {
  it('finds what the user imported, marked as theirs, beside the packaged copy', async () => {
    const user = freshUser();
    await user.addRecords(
      {
        articles: [],
        tweets: [mine('1700000000000000001', 'The council of my town meets tonight', '2024-01-05T00:00:00.000Z')],
      },
      'tweets.js',
    );
    const library = both(user);
    const page = await library.search({ query: 'council', offset: 0, limit: 20 });
    expect(page.total).toBe(8); // 7 in the packaged fixture, 1 of the user's
    const item = page.items.find((i) => i.id === '1700000000000000001');
    expect(item).toMatchObject({ kind: 'tweet', source: 'user', title: 'Me Myself (@me)' });
    expect(item?.snippet).toBe('The council of my town meets tonight');
    expect(page.items.filter((i) => i.source === 'packaged')).toHaveLength(7);
    // By handle, and as a prefix.
    expect((await library.search({ query: '@me', offset: 0, limit: 5 })).items.map((i) => i.id)).toEqual([
      '1700000000000000001',
    ]);
    expect((await library.search({ query: 'towns', offset: 0, limit: 5 })).total).toBe(0);
    expect((await library.search({ query: 'tow', offset: 0, limit: 5 })).total).toBe(1);
  });

  it('interleaves both when browsing, newest first', async () => {
    const user = freshUser();
    await user.addRecords(
      {
        articles: [makeArticle(70, { title: 'My saved page', publishedAt: '2023-04-15' })],
        tweets: [mine('1700000000000000002', 'Newest of all', '2024-01-01T00:00:00.000Z')],
      },
      'mine',
    );
    const page = await both(user).search({ query: '', offset: 0, limit: 100 });
    expect(page.total).toBe(12);
    expect(page.items.map((i) => `${i.source}:${i.date}`)).toEqual([
      'user:2024-01-01T00:00:00.000Z',
      'packaged:2023-06-01T00:00:00.000Z',
      'packaged:2023-05-01T00:00:00.000Z',
      'user:2023-04-15',
      'packaged:2023-04-01',
      'packaged:2023-03-01T10:00:00.000Z',
      'packaged:2023-03-01',
      'packaged:2023-02-01T00:00:00.000Z',
      'packaged:2022-03-01',
      'packaged:2022-01-01',
      'packaged:2021-01-01T00:00:00.000Z',
      'packaged:null',
    ]);
    // Any page of it is the same slice.
    const later = await both(user).search({ query: '', offset: 3, limit: 4 });
    expect(later.items).toEqual(page.items.slice(3, 7));
  });

  it('shows a record both archives hold once, as the user’s, ranked by the better of its two matches', async () => {
    const { byName } = fixtureRecords();
    const user = freshUser();
    // The user's copy of T1 (same id): no text, so only the packaged copy matches the words…
    await user.addRecords({ articles: [], tweets: [makeTweet(T1, { text: null, rawText: null })] }, 'like.js');
    const library = both(user);
    const browse = await library.search({ query: '', offset: 0, limit: 100 });
    expect(browse.total).toBe(10);
    expect(browse.items.filter((i) => i.id === T1)).toEqual([expect.objectContaining({ source: 'user' })]);

    // …and then the packaged copy is the item found.
    const words = await library.search({ query: 'city council', offset: 0, limit: 10 });
    expect(words.total).toBe(5);
    expect(words.items.filter((i) => i.id === T1)).toEqual([expect.objectContaining({ source: 'packaged' })]);

    // The user's own copy of A1 with the same words: one item, in A1's place (title hit, first).
    const a1 = byName.A1 as ReturnType<typeof makeArticle>;
    await user.addRecords(
      { articles: [{ ...a1, sources: [{ ...a1.sources[0]!, file: 'mine/a1.txt' }] }], tweets: [] },
      'a1',
    );
    const again = await library.search({ query: 'city council', offset: 0, limit: 10 });
    expect(again.total).toBe(5);
    expect(again.items[0]).toMatchObject({ id: a1.id, source: 'user' });
    expect(again.items.filter((i) => i.id === a1.id)).toHaveLength(1);
  });

  it('forgets what it read when the user archive changes: cleared, it answers with the packaged copy alone', async () => {
    const user = freshUser();
    await user.addRecords(
      { articles: [], tweets: [mine('1700000000000000003', 'Harbour at dawn', '2024-01-01T00:00:00.000Z')] },
      'a',
    );
    const library = both(user);
    expect((await library.search({ query: 'harbour', offset: 0, limit: 10 })).total).toBe(2);
    await user.clear();
    expect((await library.search({ query: 'harbour', offset: 0, limit: 10 })).total).toBe(1);
    await user.addRecords(
      { articles: [], tweets: [mine('1700000000000000004', 'Harbour at dusk', '2024-01-02T00:00:00.000Z')] },
      'b',
    );
    const page = await library.search({ query: 'harbour', offset: 0, limit: 10 });
    expect(page.items.map((i) => i.id)).toContain('1700000000000000004');
    expect(page.items.map((i) => i.id)).not.toContain('1700000000000000003');
  });

  it('indexes on the first search the records of a database from before the index', async () => {
    const factory = new IDBFactory();
    // Version 1 of the database, as the previous release left it: records, no search store.
    // (idb opens with the global factory: the test's one stands there while it does.)
    const scope = globalThis as { indexedDB?: IDBFactory };
    const saved = scope.indexedDB;
    scope.indexedDB = factory;
    try {
      const db = await openDB(USER_ARCHIVE_DB, 1, {
        upgrade(d) {
          d.createObjectStore('tweets', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
          d.createObjectStore('articles', { keyPath: 'id' });
          d.createObjectStore('urls', { keyPath: 'key' });
          d.createObjectStore('text', { keyPath: 'key' });
          d.createObjectStore('embeds', { keyPath: 'tweetId' });
          d.createObjectStore('imports', { keyPath: 'id', autoIncrement: true });
        },
      });
      await db.put(
        'tweets',
        mine('1700000000000000005', 'Imported before the library existed', '2020-01-01T00:00:00.000Z'),
      );
      db.close();
    } finally {
      scope.indexedDB = saved;
    }
    const user = freshUser(factory);
    const page = await both(user).search({ query: 'library existed', offset: 0, limit: 10 });
    expect(page.items).toEqual([expect.objectContaining({ id: '1700000000000000005', source: 'user' })]);
    // The records were upgraded in place, not lost.
    expect((await user.getTweet('1700000000000000005'))?.text).toBe('Imported before the library existed');
  });

  it('answers with the packaged copy alone when the user archive cannot be searched', async () => {
    const broken = {
      getTweet: async () => null,
      getArticle: async () => null,
      findArticlesByUrl: async () => [],
      findText: async () => [],
      readSearchFile: () => Promise.reject(new Error('disk')),
      changeCount: () => 0,
    };
    const errors: unknown[] = [];
    const page = await both(broken, (error) => errors.push(error)).search({ query: 'council', offset: 0, limit: 3 });
    expect(page.total).toBe(7);
    expect(page.items.every((i) => i.source === 'packaged')).toBe(true);
    expect(errors).toEqual([new Error('disk')]);
  });

  it('searches 2,000 of the user’s tweets through their index, reading a few of its files', async () => {
    const user = freshUser();
    const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet'.split(' ');
    const tweets = Array.from({ length: 2000 }, (_, i) =>
      mine(
        String(1700000000000010000n + BigInt(i)),
        `${words[i % 10]} ${words[(i * 7) % 10]} number${i}`,
        new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
      ),
    );
    await user.addRecords({ articles: [], tweets }, 'big.js');
    const reads: string[] = [];
    const counting = Object.assign(Object.create(user) as UserArchive, {
      readSearchFile: (path: string) => (reads.push(path), user.readSearchFile(path)),
      changeCount: () => user.changeCount(),
    });
    const library = openLibrary({ packaged: null, user: counting, records: user });
    const page = await library.search({ query: 'number1234', offset: 0, limit: 5 });
    expect(page.items.map((i) => i.id)).toEqual([String(1700000000000010000n + 1234n)]);
    expect(reads.filter((r) => r.startsWith('search/terms/'))).toHaveLength(1);
    expect(reads.length).toBeLessThanOrEqual(3); // manifest, one terms shard, one catalog page
    // Newest first among equals.
    const alpha = await library.search({ query: 'alpha ', offset: 0, limit: 3 });
    expect(alpha.items.map((i) => i.date)).toEqual([...alpha.items.map((i) => i.date)].sort().reverse());
  });
});

describe("the background's search-library", () => {
  const browser = fakeBrowser as unknown as WebExtension;
  const page = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/reader.html') };

  async function send(message: unknown, sender: object = page): Promise<Reply<'search-library'>> {
    const replies = await fakeBrowser.runtime.onMessage.trigger(message, sender);
    return (await replies[0]) as Reply<'search-library'>;
  }

  it('answers the reader page with a library page', async () => {
    vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
    startBackground(browser, libraryOver(fixtureFiles()).reader, freshUser());
    const reply = await send({ type: 'search-library', query: 'city council', offset: 0, limit: 2 });
    if (!reply.ok) throw new Error(reply.error);
    const value: LibraryPage = reply.value;
    expect(value.total).toBe(5);
    expect(value.items.map((i) => i.title)).toEqual([
      'City council approves the harbour budget',
      'Example Press (@example_press)',
    ]);
    // Not from a content script.
    const fromPage = await send(
      { type: 'search-library', query: 'x', offset: 0, limit: 2 },
      { id: fakeBrowser.runtime.id, tab: { id: 3 }, url: 'https://example.com/' },
    );
    expect(fromPage.ok).toBe(false);
  });

  it('refuses a malformed request', async () => {
    vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
    startBackground(browser, libraryOver(fixtureFiles()).reader, freshUser());
    for (const bad of [
      { query: 'x'.repeat(501), offset: 0, limit: 10 },
      { query: 42, offset: 0, limit: 10 },
      { query: 'x', offset: -1, limit: 10 },
      { query: 'x', offset: 1.5, limit: 10 },
      { query: 'x', offset: 0, limit: 101 },
      { query: 'x', offset: 0, limit: '10' },
      { query: 'x', offset: 0 },
    ]) {
      const reply = await send({ type: 'search-library', ...bad });
      expect(reply.ok, JSON.stringify(bad)).toBe(false);
    }
    expect((await send({ type: 'search-library', query: 'x'.repeat(500), offset: 0, limit: 100 })).ok).toBe(true);
  });

  it('checkLibraryQuery keeps only the three fields', () => {
    expect(checkLibraryQuery({ query: 'a', offset: 2, limit: 0, extra: true })).toEqual({
      query: 'a',
      offset: 2,
      limit: 0,
    });
    expect(() => checkLibraryQuery(null)).toThrow(/bad library query/);
  });
});
