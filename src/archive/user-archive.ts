/**
 * The user's own archive: what they imported into the extension itself (their
 * X export, saved pages), kept in IndexedDB beside the packaged copy and
 * never sent anywhere. It holds the same normalised records and the same
 * indexes as the packaged copy (by tweet id, by article URL, by text
 * fingerprint), and answers the same ArchiveReader questions.
 *
 * The options page parses files with the shared importers and writes here
 * directly (same extension origin); the background reads. Writers announce
 * changes on a BroadcastChannel so readers drop what they cached.
 *
 * The library's full-text index of these records is kept here too, as the
 * same files the packaged copy has under search/ (src/library/index-build.ts),
 * in the `search` store by path. It is rebuilt from every record after each
 * import or deletion: an import is rare and already slow, while a search
 * (every keystroke in the reader) must not read all the records. `meta`
 * counts the changes (`generation`) and says which one the index was built
 * from (`indexed`), so that an index left behind by an interrupted import,
 * or by a database from before the index, is rebuilt on the next search.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { articleDocument, tweetDocument, type SearchDocument } from '../library/documents';
import { buildSearchIndex } from '../library/index-build';
import { fingerprintText, normalizePageUrl, titleFingerprints } from './keys';
import { mergeArticles, mergeTweets } from './merge';
import type { ArchiveReader } from './packaged-archive';
import { SCHEMA_VERSION, type ArchivedArticle, type ArchivedTweet } from './schema';

export const USER_ARCHIVE_DB = 'tweet-mender-user-archive';
const CHANNEL = 'tweet-mender-user-archive';
/** Records written per transaction: small enough to report progress, large enough to be quick. */
const BATCH = 250;
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

interface UserArchiveSchema extends DBSchema {
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
}

type Db = IDBPDatabase<UserArchiveSchema>;
const STORES = ['tweets', 'articles', 'urls', 'text', 'embeds', 'imports', 'search'] as const;

export interface UserArchiveStats {
  tweets: number;
  articles: number;
  imports: ImportEntry[];
}

/** What "Export" gives the user: every record, re-importable (importers/import-source.ts, kind "records"). */
export interface UserArchiveExport {
  format: 'tweet-mender-user-archive';
  schemaVersion: typeof SCHEMA_VERSION;
  exportedAt: string;
  imports: ImportEntry[];
  articles: ArchivedArticle[];
  tweets: ArchivedTweet[];
}

export interface UserArchive extends ArchiveReader {
  /**
   * Adds records, merged with those already there by the archive's merge rule
   * (src/archive/merge.ts), and records the import. Reports progress as records written.
   */
  addRecords(
    records: { articles: ArchivedArticle[]; tweets: ArchivedTweet[] },
    name: string,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ImportEntry>;
  stats(): Promise<UserArchiveStats>;
  /**
   * Whether the archive holds any record (false when IndexedDB cannot be
   * opened). Known after the first call until the archive changes, so asking
   * costs a lookup nothing.
   */
  hasRecords(): Promise<boolean>;
  /**
   * One file of the library's index of this archive: "manifest.json" ({ search:
   * SearchIndexInfo }) or a search/… file, parsed; built first when missing
   * or out of date. Undefined when the archive is empty.
   */
  readSearchFile(path: string): Promise<unknown>;
  /** A count that moves whenever the archive may have changed (here or in another page): readers drop what they cached. */
  changeCount(): number;
  /** The latest tweets by date and the first articles by title, for a list. */
  list(limit: number): Promise<{ tweets: ArchivedTweet[]; articles: ArchivedArticle[] }>;
  exportAll(now?: Date): Promise<UserArchiveExport>;
  /** Deletes every record and import. */
  clear(): Promise<void>;
  close(): void;
}

export interface UserArchiveOptions {
  /** IndexedDB to use (the global one by default; fake-indexeddb in tests). */
  indexedDB?: IDBFactory;
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

export function openUserArchive(options: UserArchiveOptions = {}): UserArchive {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  let db: Promise<Db> | null = null;
  /** Whether the archive has any record; null when not known (changed elsewhere, or not yet read). */
  let hasData: boolean | null = null;
  /** The check (and, when needed, the rebuild) of the search index since the last change. */
  let indexReady: Promise<void> | null = null;
  let changes = 0;
  const forget = () => {
    hasData = null;
    indexReady = null;
    changes++;
  };
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  if (channel) {
    channel.onmessage = forget;
    // Node (tests, the CLI) would otherwise stay alive for the channel.
    (channel as BroadcastChannel & { unref?: () => void }).unref?.();
  }

  const open = (): Promise<Db> => {
    if (!factory) return Promise.reject(new Error('IndexedDB is not available here'));
    db ??= withFactory(factory, () =>
      openDB<UserArchiveSchema>(USER_ARCHIVE_DB, 2, {
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
        },
        // A newer version of the extension wants to upgrade: let it.
        blocking: () => void close(),
        terminated: () => void (db = null),
      }),
    );
    db.catch(() => (db = null));
    return db;
  };
  const close = () => {
    const current = db;
    db = null;
    void current?.then((d) => d.close()).catch(() => undefined);
  };
  const changed = () => {
    forget();
    channel?.postMessage('changed');
  };

  /** Rebuilds the search index when it is not the index of the records as they are. */
  const ensureIndex = (d: Db): Promise<void> => {
    indexReady ??= (async () => {
      const tx = d.transaction('meta');
      const [generation, indexed] = await Promise.all([tx.store.get('generation'), tx.store.get('indexed')]);
      if (indexed !== (generation ?? 0)) await rebuildSearchIndex(d);
    })();
    const ready = indexReady;
    ready.catch(() => indexReady === ready && (indexReady = null));
    return ready;
  };

  /** Reads only when the archive holds something: an empty user archive costs a lookup nothing. */
  async function read<T>(empty: T, fn: (d: Db) => Promise<T>): Promise<T> {
    if (hasData === false || !factory) return empty;
    const d = await open();
    if (hasData === null) {
      const [tweets, articles] = await Promise.all([d.count('tweets'), d.count('articles')]);
      hasData = tweets + articles > 0;
      if (!hasData) return empty;
    }
    return fn(d);
  }

  async function getTweet(id: string): Promise<ArchivedTweet | null> {
    return read(null, async (d) => {
      const tx = d.transaction(['tweets', 'embeds']);
      const [tweet, embeds] = await Promise.all([tx.objectStore('tweets').get(id), tx.objectStore('embeds').get(id)]);
      return tweet ? { ...tweet, appearsIn: embeds?.at ?? [] } : null;
    });
  }

  return {
    getTweet,
    getArticle: (id) => read(null, async (d) => (await d.get('articles', id)) ?? null),
    async findArticlesByUrl(url) {
      const key = normalizePageUrl(url);
      return key ? read([], async (d) => (await d.get('urls', key))?.ids ?? []) : [];
    },
    findText: (fingerprint) => read([], async (d) => (await d.get('text', fingerprint))?.hits ?? []),

    async addRecords(records, name, onProgress) {
      const d = await open();
      const total = records.tweets.length + records.articles.length;
      let done = 0;
      onProgress?.(done, total);
      for (let start = 0; start < records.tweets.length; start += BATCH) {
        const tx = d.transaction('tweets', 'readwrite');
        for (const tweet of records.tweets.slice(start, start + BATCH)) {
          const existing = await tx.store.get(tweet.id);
          // appearsIn is kept in the embeds store, from the user's own articles.
          await tx.store.put({ ...(existing ? mergeTweets([existing, tweet]) : tweet), appearsIn: [] });
        }
        await tx.done;
        done += Math.min(BATCH, records.tweets.length - start);
        onProgress?.(done, total);
      }
      for (let start = 0; start < records.articles.length; start += BATCH) {
        const tx = d.transaction(['articles', 'urls', 'text', 'embeds'], 'readwrite');
        for (const article of records.articles.slice(start, start + BATCH)) {
          const existing = await tx.objectStore('articles').get(article.id);
          const merged = existing ? mergeArticles([existing, article]) : article;
          if (existing) await unindex(tx, existing);
          await index(tx, merged);
          await tx.objectStore('articles').put(merged);
        }
        await tx.done;
        done += Math.min(BATCH, records.articles.length - start);
        onProgress?.(done, total);
      }
      const entry: ImportEntry = {
        name,
        importedAt: new Date().toISOString(),
        tweets: records.tweets.length,
        articles: records.articles.length,
      };
      const tx = d.transaction(['imports', 'meta'], 'readwrite');
      entry.id = await tx.objectStore('imports').add(entry);
      await bumpGeneration(tx.objectStore('meta'));
      await tx.done;
      changed();
      // Index now, while the user waits for the import anyway, not on their first search.
      // Should it fail, the records are in: the next search rebuilds the index.
      await ensureIndex(d).catch(() => undefined);
      // Readers that dropped their caches at the first message drop them again and take this index.
      channel?.postMessage('indexed');
      return entry;
    },

    hasRecords: () => read(false, async () => true).catch(() => false),

    async stats() {
      const d = await open();
      const [tweets, articles, imports] = await Promise.all([
        d.count('tweets'),
        d.count('articles'),
        d.getAll('imports'),
      ]);
      return { tweets, articles, imports };
    },

    async list(limit) {
      const d = await open();
      const tweets: ArchivedTweet[] = [];
      let cursor = await d.transaction('tweets').store.index('createdAt').openCursor(null, 'prev');
      while (cursor && tweets.length < limit) {
        tweets.push(cursor.value);
        cursor = await cursor.continue();
      }
      const articles = (await d.getAll('articles')).sort((a, b) => a.title.localeCompare(b.title)).slice(0, limit);
      return { tweets, articles };
    },

    async exportAll(now = new Date()) {
      const d = await open();
      const [imports, articles, tweets, embeds] = await Promise.all([
        d.getAll('imports'),
        d.getAll('articles'),
        d.getAll('tweets'),
        d.getAll('embeds'),
      ]);
      const appearsIn = new Map(embeds.map((e) => [e.tweetId, e.at]));
      return {
        format: 'tweet-mender-user-archive',
        schemaVersion: SCHEMA_VERSION,
        exportedAt: now.toISOString(),
        imports,
        articles,
        tweets: tweets.map((t) => ({ ...t, appearsIn: appearsIn.get(t.id) ?? [] })),
      };
    },

    async clear() {
      const d = await open();
      const tx = d.transaction([...STORES, 'meta'], 'readwrite');
      await Promise.all([
        ...STORES.map((s) => tx.objectStore(s).clear()),
        bumpGeneration(tx.objectStore('meta')),
        tx.done,
      ]);
      changed();
    },

    readSearchFile: (path) =>
      read<unknown>(undefined, async (d) => {
        await ensureIndex(d);
        const text = await d.get('search', path);
        return text === undefined ? undefined : (JSON.parse(text) as unknown);
      }),

    changeCount: () => changes,

    close() {
      close();
      channel?.close();
    },
  };
}

/** The part of the meta store a writer uses (any readwrite transaction that includes it). */
interface MetaStore {
  get(key: string): Promise<number | undefined>;
  put(value: number, key: string): Promise<string>;
}

async function bumpGeneration(meta: MetaStore): Promise<void> {
  await meta.put(((await meta.get('generation')) ?? 0) + 1, 'generation');
}

/**
 * Builds the search index from every record, as they are now, and stores
 * it, unless the records changed meanwhile (then whoever changed them indexes).
 */
async function rebuildSearchIndex(d: Db): Promise<void> {
  const read = d.transaction(['tweets', 'articles', 'meta']);
  const generation = (await read.objectStore('meta').get('generation')) ?? 0;
  const documents: SearchDocument[] = [];
  // In batches of keys: the documents are small, and the records need not all be in memory at once.
  for (const store of ['tweets', 'articles'] as const) {
    let after: string | undefined;
    for (;;) {
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
      const batch = await read.objectStore(store).getAll(range, READ_BATCH);
      for (const record of batch) {
        documents.push(
          store === 'tweets' ? tweetDocument(record as ArchivedTweet) : articleDocument(record as ArchivedArticle),
        );
      }
      if (batch.length < READ_BATCH) break;
      after = (batch[batch.length - 1] as { id: string }).id;
    }
  }
  const built = buildSearchIndex(documents);
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

type IndexTx = IDBPTransaction<UserArchiveSchema, ('articles' | 'urls' | 'text' | 'embeds')[], 'readwrite'>;

async function index(tx: IndexTx, article: ArchivedArticle): Promise<void> {
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

async function unindex(tx: IndexTx, article: ArchivedArticle): Promise<void> {
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
