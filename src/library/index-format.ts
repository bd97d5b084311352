/**
 * The library's full-text index: its files, what manifest.json says of it,
 * and the check of that. The index is the library's; the archive writes its
 * files beside the records (src/archive/build.ts, in the packaged copy) or
 * keeps them in IndexedDB (src/archive/user-archive.ts) without knowing what
 * they hold, from the builder it is handed (src/library/index-build.ts).
 *
 * Files, under the archive's root (manifest.json → search says how many of
 * each):
 *   search/terms/<shard>.json     [term, documentCount, postings, positions][], sorted by term
 *   search/catalog/<page>.json    [id, title, date, siteName, opening, complete][], one page of the browse order
 *                                 (opening: the whole text up to 400 characters, complete = 1; else ~160)
 *   search/ids/<shard>.json       { docs, ids }: ids (records', and tweets articles embed or link to) sorted;
 *                                 docs, per id: its document + 1 (0: not archived), how many documents refer
 *                                 to it, those documents
 *   search/dates.json             { dated, seconds }: every document's date, in document order
 *
 * Documents are the articles and tweets numbered 0… in the browse order
 * (newest first, undated last, then title, then id), so that a document
 * number is also a catalog position and a rank by recency. A term's shard is
 * shardOf(its first two characters, search.terms) (src/archive/keys.ts): a
 * query reads the shards of its words' first two characters and nothing
 * else, and the words a prefix of two characters or more can stand for are
 * all in that shard. postings: per document, in increasing order, the gap
 * from the previous document number, the term's count in the heading (title,
 * byline; a tweet's author) and in the body. positions: per document, the
 * positions of the term (its first, then each gap less one), heading first;
 * positions count words through the heading and the body, with one left free
 * between paragraphs so that a phrase never spans two. Numbers are varints
 * (src/library/varint.ts). dates.seconds: the first date in seconds since
 * 1970 (zigzag), then each difference to the next (never negative); the last
 * documents, from `dated` on, have no date.
 */
import type { ArchiveManifest, RecordIssue } from '../archive/schema';

export const SEARCH_INDEX_VERSION = 1;

/** What manifest.json says of the index (its `search` field): where it is and how large. */
export interface SearchIndexInfo {
  version: typeof SEARCH_INDEX_VERSION;
  /** Documents (articles and tweets), numbered from 0 in the browse order. */
  docs: number;
  /** Documents per catalog page: document n is entry n % pageSize of page n / pageSize. */
  pageSize: number;
  /** Shards of search/terms/. */
  terms: number;
  /** Shards of search/ids/. */
  ids: number;
}

/** A manifest with the library's index in it (absent from copies built before the library). */
export type LibraryManifest = ArchiveManifest<SearchIndexInfo>;

/** A catalog entry: what a list shows of a document without reading its record. */
export type CatalogEntry = [
  id: string,
  title: string,
  date: string | null,
  siteName: string | null,
  /** The whole text when it is short (a tweet), else its first ~160 characters. */
  opening: string,
  /** 1 when `opening` is the whole text: a snippet can be cut from it without reading the record. */
  complete: 0 | 1,
];

/** Every problem of a manifest's `search` field, named `search.<field>` under `record`. */
export function validateSearchIndexInfo(value: unknown, record: string): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const s = (value ?? {}) as Record<string, unknown>;
  const issue = (field: string, message: string) => issues.push({ record, field: `search.${field}`, message });
  if (s.version !== SEARCH_INDEX_VERSION) issue('version', `must be ${SEARCH_INDEX_VERSION}`);
  if (!Number.isInteger(s.docs) || (s.docs as number) < 0) issue('docs', 'must be a whole number');
  for (const k of ['pageSize', 'terms', 'ids'])
    if (!Number.isInteger(s[k]) || (s[k] as number) < 1) issue(k, 'must be a positive integer');
  return issues;
}

/** The problems of a whole manifest's index: none when it has no `search` field (a copy built before the library). */
export function validateManifestSearch(manifest: unknown): RecordIssue[] {
  const search = (manifest as { search?: unknown } | null | undefined)?.search;
  return search === undefined ? [] : validateSearchIndexInfo(search, 'manifest');
}
