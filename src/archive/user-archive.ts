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
 * An import is all or nothing: its records, their indexes, the import's entry
 * and the change count are written in one IndexedDB transaction, so that a
 * quota error, a failure part way or a tab closed mid-import (the browser
 * aborts a transaction its page leaves unfinished) leaves the archive exactly
 * as it was (docs/security.md, "Hostile file";
 * https://www.w3.org/TR/IndexedDB/#transaction-concept).
 *
 * The library's full-text index of these records is kept here too, as the
 * same files the packaged copy has under search/, in the `search` store by
 * path, built by the builder the caller hands in (search-index-builder.ts;
 * the library's startSearchIndex). It is rebuilt from every record after each
 * import or deletion: an import is rare and already slow, while a search
 * (every keystroke in the reader) must not read all the records. `meta`
 * counts the changes (`generation`) and says which one the index was built
 * from (`indexed`), so that an index left behind by an interrupted import,
 * or by a database from before the index, is rebuilt on the next search.
 */
import { normalizePageUrl } from './keys';
import { mergeArticles, mergeTweets } from './merge';
import type { ArchiveReader } from './packaged-archive';
import type { StartSearchIndex } from './search-index-builder';
import { SCHEMA_VERSION, type ArchivedArticle, type ArchivedTweet } from './schema';
import {
  bumpGeneration,
  indexArticle,
  openUserArchiveDb,
  rebuildSearchIndex,
  STORES,
  unindexArticle,
  type Db,
  type ImportEntry,
  type LearnedEntry,
} from './user-archive-db';
import { dropOldestLearned, forgetLearned, listLearned } from './user-archive-learned';

export { USER_ARCHIVE_DB, type ImportEntry, type LearnedEntry } from './user-archive-db';

/**
 * At most this many learned tweets are kept; the oldest seen go first. A
 * learned record is a few kilobytes at most: the cap keeps learning from
 * filling the user's disk, and a page full of planted embeds from crowding
 * out more than this (issue 14: "bounded").
 */
export const LEARNED_CAP = 5000;

const CHANNEL = 'tweet-mender-user-archive';
/** Records written between two progress reports. */
const BATCH = 250;

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
  /** Tweets learned as the user read, with the page and time each was last seen (src/learning/). */
  learned: LearnedEntry[];
}

export interface UserArchive extends ArchiveReader {
  /**
   * Adds records, merged with those already there by the archive's merge rule
   * (src/archive/merge.ts), and learned tweets of an export among the learned
   * (the one seen last kept, then the cap), and records the import, all in one transaction:
   * when it fails or is aborted (its page closed), nothing of it is kept.
   * Reports progress as records written.
   */
  addRecords(
    records: { articles: ArchivedArticle[]; tweets: ArchivedTweet[]; learned?: LearnedEntry[] },
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
   * what the index says of itself }) or a search/… file, parsed; built first
   * when missing or out of date. Undefined when the archive is empty.
   */
  readSearchFile(path: string): Promise<unknown>;
  /** A count that moves whenever the archive may have changed (here or in another page): readers drop what they cached. */
  changeCount(): number;
  /** The latest tweets by date and the first articles by title, for a list. */
  list(limit: number): Promise<{ tweets: ArchivedTweet[]; articles: ArchivedArticle[] }>;
  exportAll(now?: Date): Promise<UserArchiveExport>;
  /**
   * Keeps a tweet learned from a page's embed code (src/learning/), seen on
   * `pageUrl` at `seenAt`, in place of what was learned of it before; then
   * drops the oldest learned beyond the cap. Never touches what the user
   * imported: the two are merged when read, by the merge rule.
   */
  learn(tweet: ArchivedTweet, seen: { pageUrl: string; site: string; seenAt: string }): Promise<void>;
  /** The learned tweets, most recently seen first, at most `limit`, and how many there are in all. */
  listLearned(limit: number): Promise<{ total: number; cap: number; entries: LearnedEntry[] }>;
  /** Forgets learned tweets: one (by id), those of one site, or all. Returns how many went. */
  forgetLearned(which: { id: string } | { site: string } | 'all'): Promise<number>;
  /** Deletes every record and import. */
  clear(): Promise<void>;
  close(): void;
}

export interface UserArchiveOptions {
  /** IndexedDB to use (the global one by default; fake-indexeddb in tests). */
  indexedDB?: IDBFactory;
  /** Builds the library's full-text index of the records (src/library/index-build.ts, startSearchIndex). */
  searchIndex: StartSearchIndex;
  /** How many learned tweets are kept (LEARNED_CAP unless told: tests). */
  learnedCap?: number;
}

export function openUserArchive(options: UserArchiveOptions): UserArchive {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  const cap = options.learnedCap ?? LEARNED_CAP;
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
    db ??= openUserArchiveDb(factory, {
      // A newer version of the extension wants to upgrade: let it.
      blocking: () => void close(),
      terminated: () => void (db = null),
    });
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
      if (indexed !== (generation ?? 0)) await rebuildSearchIndex(d, options.searchIndex);
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
      const [tweets, articles, learned] = await Promise.all([
        d.count('tweets'),
        d.count('articles'),
        d.count('learned'),
      ]);
      hasData = tweets + articles + learned > 0;
      if (!hasData) return empty;
    }
    return fn(d);
  }

  async function getTweet(id: string): Promise<ArchivedTweet | null> {
    return read(null, async (d) => {
      const tx = d.transaction(['tweets', 'embeds', 'learned']);
      const [imported, embeds, learned] = await Promise.all([
        tx.objectStore('tweets').get(id),
        tx.objectStore('embeds').get(id),
        tx.objectStore('learned').get(id),
      ]);
      // What was learned adds to what was imported by the merge rule, where it ranks below it.
      const tweet = imported && learned ? mergeTweets([imported, learned.tweet]) : (imported ?? learned?.tweet);
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
      const learned = records.learned ?? [];
      const total = records.tweets.length + records.articles.length + learned.length;
      let done = 0;
      const entry: ImportEntry = {
        name,
        importedAt: new Date().toISOString(),
        tweets: records.tweets.length,
        articles: records.articles.length,
      };
      const tx = d.transaction(
        ['tweets', 'articles', 'urls', 'text', 'embeds', 'imports', 'learned', 'meta'],
        'readwrite',
      );
      try {
        onProgress?.(done, total);
        const tweets = tx.objectStore('tweets');
        for (const tweet of records.tweets) {
          const existing = await tweets.get(tweet.id);
          // appearsIn is kept in the embeds store, from the user's own articles.
          await tweets.put({ ...(existing ? mergeTweets([existing, tweet]) : tweet), appearsIn: [] });
          if (++done % BATCH === 0) onProgress?.(done, total);
        }
        const articles = tx.objectStore('articles');
        for (const article of records.articles) {
          const existing = await articles.get(article.id);
          const merged = existing ? mergeArticles([existing, article]) : article;
          if (existing) await unindexArticle(tx, existing);
          await indexArticle(tx, merged);
          await articles.put(merged);
          if (++done % BATCH === 0) onProgress?.(done, total);
        }
        const learnedStore = tx.objectStore('learned');
        for (const sighting of learned) {
          const existing = await learnedStore.get(sighting.id);
          if (!existing || Date.parse(existing.seenAt) < Date.parse(sighting.seenAt)) await learnedStore.put(sighting);
          if (++done % BATCH === 0) onProgress?.(done, total);
        }
        await dropOldestLearned(learnedStore, cap);
        entry.id = await tx.objectStore('imports').add(entry);
        await bumpGeneration(tx.objectStore('meta'));
        await tx.done;
      } catch (error) {
        // A request that failed (a quota error) or threw: undo everything this import wrote.
        try {
          tx.abort();
        } catch {
          // Already aborted (by the failed request, or by the browser as its page closed).
        }
        await tx.done.catch(() => undefined);
        // The transaction's own error says why it ended (QuotaExceededError) better than an AbortError.
        throw error instanceof Error && error.name === 'AbortError' && tx.error ? tx.error : error;
      }
      onProgress?.(total, total);
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
      const [imports, articles, tweets, embeds, learned] = await Promise.all([
        d.getAll('imports'),
        d.getAll('articles'),
        d.getAll('tweets'),
        d.getAll('embeds'),
        d.getAll('learned'),
      ]);
      const appearsIn = new Map(embeds.map((e) => [e.tweetId, e.at]));
      return {
        format: 'tweet-mender-user-archive',
        schemaVersion: SCHEMA_VERSION,
        exportedAt: now.toISOString(),
        imports,
        articles,
        tweets: tweets.map((t) => ({ ...t, appearsIn: appearsIn.get(t.id) ?? [] })),
        learned,
      };
    },

    async learn(tweet, seen) {
      const d = await open();
      const tx = d.transaction(['learned', 'meta'], 'readwrite');
      const store = tx.objectStore('learned');
      await store.put({ id: tweet.id, tweet, ...seen });
      await dropOldestLearned(store, cap);
      // The library's index holds what was learned: the next search rebuilds it (not now: learning is frequent).
      await bumpGeneration(tx.objectStore('meta'));
      await tx.done;
      changed();
    },

    listLearned: async (limit) => listLearned(await open(), limit, cap),

    async forgetLearned(which) {
      const gone = await forgetLearned(await open(), which);
      changed();
      return gone;
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
