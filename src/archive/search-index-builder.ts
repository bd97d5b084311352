/**
 * What the archive is handed to index its records for the library: the
 * library's full-text index (src/library/index-build.ts, startSearchIndex),
 * whose files the archive writes beside the records (build.ts) or keeps in
 * IndexedDB (user-archive.ts), and whose description it puts in the
 * manifest's `search` field, without reading either. The library is built on
 * the archive, never the reverse: the archive imports nothing from
 * src/library/ (tests/unit/architecture.test.ts).
 */
import type { ArchivedArticle, ArchivedTweet } from './schema';

export interface BuiltSearchIndex {
  /** What manifest.json says of the index (its `search` field). */
  info: unknown;
  /** The index's files: path under the archive's root ("search/terms/0.json") → content. */
  files: ReadonlyMap<string, string>;
}

/** One index being built: every record is added once, in any order, then it is finished. */
export interface SearchIndexBuilder {
  addArticle(article: ArchivedArticle): void;
  /** `seenOn`: the site a tweet learned as the user read was last seen on (src/learning/), shown with it. */
  addTweet(tweet: ArchivedTweet, seenOn?: string): void;
  finish(): BuiltSearchIndex;
}

/**
 * Starts an index. Records are added one at a time, so that the caller need
 * not hold them all at once (the user's archive reads them from IndexedDB in
 * batches).
 */
export type StartSearchIndex = () => SearchIndexBuilder;
