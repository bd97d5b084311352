/**
 * The user's archive as IndexedDB holds it (user-archive.ts is what the rest
 * of the extension calls): the stores and their versions, how an article's
 * entries in the lookup indexes (by URL, by text fingerprint, by embedded
 * tweet) are written and taken out again, and how the library's search
 * index of the records is rebuilt and stored.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { fingerprintText, normalizePageUrl, titleFingerprints } from './keys';
import type { StartSearchIndex } from './search-index-builder';
import type { ArchivedArticle, ArchivedTweet } from './schema';

export const USER_ARCHIVE_DB = 'tweet-mender-user-archive';
/** Records read per request when the search index is rebuilt. */
const READ_BATCH = 500;

type Hit = [string, number];

export interface ImportEntry {
  id?: number;
  /** File names, as the user chose them. */
  name: string;
  importedAt: string;
  tweets: number;
  articles: number;
}

export interface UserArchiveSchema extends DBSchema {
  tweets: { key: string; value: ArchivedTweet; indexes: { createdAt: string } };
  articles: { key: string; value: ArchivedArticle };
  urls: { key: string; value: { key: string; ids: string[] } };
  text: { key: string; value: { key: string; hits: Hit[] } };
  embeds: { key: string; value: { tweetId: string; at: ArchivedTweet['appearsIn'] } };
  imports: { key: number; value: ImportEntry };
  /** The library's index: file path ("manifest.json", "search/terms/0.json") → its JSON text. */
  search: { key: string; value: string };
  /** "generation": changes so far; "indexed": the generation the search index was built from. */
  meta: { key: string; value: number };
  /** Tweets learned as the user read (src/learning/), one per id, apart from what the user imported. */
  learned: { key: string; value: LearnedEntry; indexes: { seenAt: string; site: string } };
}

/**
 * The longest string a learned entry keeps in any field but the tweet's text (page address, note,
 * names): the learner cuts to it, and an export's entry with a longer one is refused on import.
 */
export const MAX_LEARNED_FIELD = 2_048;

/** A tweet learned from a page's embed code: its record, and where and when it was last seen. */
export interface LearnedEntry {
  id: string;
  tweet: ArchivedTweet;
  /** The page, as the browser gave it for the sender (never as the page says). */
  pageUrl: string;
  /** The page's host name ("" for a local file): what "forget what was learned on this site" deletes. */
  site: string;
  /** ISO 8601. */
  seenAt: string;
}

export type Db = IDBPDatabase<UserArchiveSchema>;
export const STORES = ['tweets', 'articles', 'urls', 'text', 'embeds', 'imports', 'search', 'learned'] as const;

/** Opens (and creates or upgrades) the database with `factory`. */
export function openUserArchiveDb(
  factory: IDBFactory,
  handlers: { blocking: () => void; terminated: () => void },
): Promise<Db> {
  return withFactory(factory, () =>
    openDB<UserArchiveSchema>(USER_ARCHIVE_DB, 3, {
      upgrade(database, oldVersion) {
        if (oldVersion < 1) {
          database.createObjectStore('tweets', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
          database.createObjectStore('articles', { keyPath: 'id' });
          database.createObjectStore('urls', { keyPath: 'key' });
          database.createObjectStore('text', { keyPath: 'key' });
          database.createObjectStore('embeds', { keyPath: 'tweetId' });
          database.createObjectStore('imports', { keyPath: 'id', autoIncrement: true });
        }
        // Version 2: the library's index. Records from version 1 are indexed on the first search.
        if (oldVersion < 2) {
          database.createObjectStore('search');
          database.createObjectStore('meta');
        }
        // Version 3: tweets learned as the user read (issue 14), kept apart so they can be listed and forgotten.
        if (oldVersion < 3) {
          const learned = database.createObjectStore('learned', { keyPath: 'id' });
          learned.createIndex('seenAt', 'seenAt');
          learned.createIndex('site', 'site');
        }
      },
      blocking: handlers.blocking,
      terminated: handlers.terminated,
    }),
  );
}

/** Index keys of one article: its URLs, its title and paragraph fingerprints, its embeds. */
function indexKeys(article: ArchivedArticle) {
  const urls = [...new Set(article.urls.map(normalizePageUrl).filter((k): k is string => k !== null))];
  const text = new Map<string, Hit[]>();
  const add = (key: string, hit: Hit) => text.set(key, [...(text.get(key) ?? []), hit]);
  for (const fp of titleFingerprints(article.title)) add(fp, [article.id, -1]);
  article.paragraphs.forEach((p, i) => {
    const fp = fingerprintText(p);
    if (fp) add(fp, [article.id, i]);
  });
  const embeds = new Map<string, ArchivedTweet['appearsIn']>();
  article.embeds.forEach((e, embedIndex) => {
    if (e.tweetId) embeds.set(e.tweetId, [...(embeds.get(e.tweetId) ?? []), { articleId: article.id, embedIndex }]);
  });
  return { urls, text, embeds };
}

/** The part of the meta store a writer uses (any readwrite transaction that includes it). */
interface MetaStore {
  get(key: string): Promise<number | undefined>;
  put(value: number, key: string): Promise<string>;
}

export async function bumpGeneration(meta: MetaStore): Promise<void> {
  await meta.put(((await meta.get('generation')) ?? 0) + 1, 'generation');
}

/**
 * Builds the search index from every record, as they are now, and stores
 * it, unless the records changed meanwhile (then whoever changed them indexes).
 */
export async function rebuildSearchIndex(d: Db, searchIndex: StartSearchIndex): Promise<void> {
  const read = d.transaction(['tweets', 'articles', 'learned', 'meta']);
  const generation = (await read.objectStore('meta').get('generation')) ?? 0;
  const index = searchIndex();
  const imported = new Set<string>();
  // In batches of keys: what the index keeps of a record is small, and the records need not all be in memory at once.
  const readInBatches = async <S extends 'tweets' | 'articles' | 'learned'>(
    store: S,
    add: (record: UserArchiveSchema[S]['value']) => void,
  ) => {
    let after: string | undefined;
    for (;;) {
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
      const batch = await read.objectStore(store).getAll(range, READ_BATCH);
      for (const record of batch) add(record);
      if (batch.length < READ_BATCH) break;
      after = (batch[batch.length - 1] as { id: string }).id;
    }
  };
  await readInBatches('tweets', (tweet) => {
    index.addTweet(tweet);
    imported.add(tweet.id);
  });
  await readInBatches('articles', (article) => index.addArticle(article));
  // What was learned as the user read is found in the library too, with the site it was seen on; a tweet the
  // user also imported is found once, as imported (it ranks above what was learned, src/archive/merge.ts).
  await readInBatches('learned', (entry) => {
    if (!imported.has(entry.id)) index.addTweet(entry.tweet, entry.site || undefined);
  });
  const built = index.finish();
  const write = d.transaction(['search', 'meta'], 'readwrite');
  if (((await write.objectStore('meta').get('generation')) ?? 0) !== generation) return;
  const search = write.objectStore('search');
  await search.clear();
  await Promise.all([
    search.put(JSON.stringify({ search: built.info }), 'manifest.json'),
    ...[...built.files].map(([path, text]) => search.put(text, path)),
    write.objectStore('meta').put(generation, 'indexed'),
    write.done,
  ]);
}

export type IndexTx = IDBPTransaction<
  UserArchiveSchema,
  ('tweets' | 'articles' | 'urls' | 'text' | 'embeds' | 'imports' | 'learned' | 'meta')[],
  'readwrite'
>;

export async function indexArticle(tx: IndexTx, article: ArchivedArticle): Promise<void> {
  const keys = indexKeys(article);
  const urls = tx.objectStore('urls');
  for (const key of keys.urls) {
    const ids = (await urls.get(key))?.ids ?? [];
    if (!ids.includes(article.id)) await urls.put({ key, ids: [...ids, article.id] });
  }
  const text = tx.objectStore('text');
  for (const [key, hits] of keys.text) {
    await text.put({ key, hits: [...((await text.get(key))?.hits ?? []), ...hits] });
  }
  const embeds = tx.objectStore('embeds');
  for (const [tweetId, at] of keys.embeds) {
    await embeds.put({ tweetId, at: [...((await embeds.get(tweetId))?.at ?? []), ...at] });
  }
}

export async function unindexArticle(tx: IndexTx, article: ArchivedArticle): Promise<void> {
  const keys = indexKeys(article);
  const urls = tx.objectStore('urls');
  for (const key of keys.urls) {
    const entry = await urls.get(key);
    if (!entry) continue;
    const ids = entry.ids.filter((id) => id !== article.id);
    await (ids.length ? urls.put({ key, ids }) : urls.delete(key));
  }
  const text = tx.objectStore('text');
  for (const key of keys.text.keys()) {
    const entry = await text.get(key);
    if (!entry) continue;
    const hits = entry.hits.filter(([id]) => id !== article.id);
    await (hits.length ? text.put({ key, hits }) : text.delete(key));
  }
  const embeds = tx.objectStore('embeds');
  for (const tweetId of keys.embeds.keys()) {
    const entry = await embeds.get(tweetId);
    if (!entry) continue;
    const at = entry.at.filter((a) => a.articleId !== article.id);
    await (at.length ? embeds.put({ tweetId, at }) : embeds.delete(tweetId));
  }
}

/**
 * idb's openDB uses the global indexedDB; a factory given in options (tests)
 * stands in for it while the database opens.
 */
async function withFactory<T>(factory: IDBFactory, fn: () => Promise<T>): Promise<T> {
  const scope = globalThis as { indexedDB?: IDBFactory };
  if (scope.indexedDB === factory) return fn();
  const previous = scope.indexedDB;
  scope.indexedDB = factory;
  try {
    return await fn();
  } finally {
    scope.indexedDB = previous;
  }
}
