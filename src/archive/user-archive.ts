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
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { fingerprintText, normalizePageUrl, titleFingerprints } from './keys';
import { mergeArticles, mergeTweets } from './merge';
import type { ArchiveReader } from './packaged-archive';
import { SCHEMA_VERSION, type ArchivedArticle, type ArchivedTweet } from './schema';

export const USER_ARCHIVE_DB = 'tweet-mender-user-archive';
const CHANNEL = 'tweet-mender-user-archive';
/** Records written per transaction: small enough to report progress, large enough to be quick. */
const BATCH = 250;

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
}

type Db = IDBPDatabase<UserArchiveSchema>;
const STORES = ['tweets', 'articles', 'urls', 'text', 'embeds', 'imports'] as const;

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
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  if (channel) {
    channel.onmessage = () => (hasData = null);
    // Node (tests, the CLI) would otherwise stay alive for the channel.
    (channel as BroadcastChannel & { unref?: () => void }).unref?.();
  }

  const open = (): Promise<Db> => {
    if (!factory) return Promise.reject(new Error('IndexedDB is not available here'));
    db ??= withFactory(factory, () =>
      openDB<UserArchiveSchema>(USER_ARCHIVE_DB, 1, {
        upgrade(database) {
          database.createObjectStore('tweets', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
          database.createObjectStore('articles', { keyPath: 'id' });
          database.createObjectStore('urls', { keyPath: 'key' });
          database.createObjectStore('text', { keyPath: 'key' });
          database.createObjectStore('embeds', { keyPath: 'tweetId' });
          database.createObjectStore('imports', { keyPath: 'id', autoIncrement: true });
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
    hasData = null;
    channel?.postMessage('changed');
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
      entry.id = await d.add('imports', entry);
      changed();
      return entry;
    },

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
      const tx = d.transaction([...STORES], 'readwrite');
      await Promise.all([...STORES.map((s) => tx.objectStore(s).clear()), tx.done]);
      changed();
    },

    close() {
      close();
      channel?.close();
    },
  };
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
