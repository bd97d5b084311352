/**
 * Builds the library's full-text index from search documents: the files
 * under search/ (their format: index-format.ts). Pure and deterministic: the
 * same documents, in any order, give the same bytes. startSearchIndex is what
 * the archive is handed to index its records: the packaged build
 * (src/archive/build.ts) writes the files beside the records, the user's
 * archive (src/archive/user-archive.ts) keeps them in IndexedDB.
 */
import { shardFileName, shardOf } from '../archive/keys';
import type { BuiltSearchIndex as ArchiveBuiltSearchIndex, SearchIndexBuilder } from '../archive/search-index-builder';
import { articleDocument, sortForBrowsing, timeOf, tweetDocument, type SearchDocument } from './documents';
import { SEARCH_INDEX_VERSION, type CatalogEntry, type SearchIndexInfo } from './index-format';
import { openingText } from './snippet';
import { forEachTerm, termShardKey } from './terms';
import { VarintWriter } from './varint';
import { compareText } from '../util/compare-text';

/** Documents per catalog page: a page of a list (10, 20, 25, 50 or 100 items) is in one file. */
export const CATALOG_PAGE_SIZE = 100;
/** Bytes of postings per terms shard aimed at: read and parsed in about a millisecond. */
const TERM_SHARD_BYTES = 128 * 1024;
/** Ids per shard of search/ids/: about 50 KB. */
const IDS_PER_SHARD = 2048;

interface Postings {
  docs: number[];
  heading: number[];
  body: number[];
  positions: number[];
}

/** The archive's BuiltSearchIndex (src/archive/search-index-builder.ts), with what the library knows of it. */
export interface BuiltSearchIndex extends ArchiveBuiltSearchIndex {
  info: SearchIndexInfo;
  /** Paths under the archive's root (search/…) → file contents. */
  files: Map<string, string>;
}

/** The index of an archive's records, as the archive is handed it (src/archive/search-index-builder.ts). */
export function startSearchIndex(): SearchIndexBuilder {
  const documents: SearchDocument[] = [];
  return {
    addArticle: (article) => void documents.push(articleDocument(article)),
    addTweet: (tweet, seenOn) => void documents.push(tweetDocument(tweet, seenOn)),
    finish: () => buildSearchIndex(documents),
  };
}

export function buildSearchIndex(documents: readonly SearchDocument[]): BuiltSearchIndex {
  const docs = sortForBrowsing(documents);
  const postings = new Map<string, Postings>();
  const ids = new Map<string, number[]>();
  const refer = (id: string) => {
    let entry = ids.get(id);
    if (!entry) ids.set(id, (entry = [-1]));
    return entry;
  };

  docs.forEach((doc, n) => {
    // This document's terms: counts per field and positions, in order.
    const local = new Map<string, { heading: number; body: number; positions: number[] }>();
    const add = (field: 'heading' | 'body') => (term: string, position: number) => {
      let entry = local.get(term);
      if (!entry) local.set(term, (entry = { heading: 0, body: 0, positions: [] }));
      entry[field]++;
      entry.positions.push(position);
    };
    const inHeading = add('heading');
    const inBody = add('body');
    // One free position between segments: a phrase never spans two paragraphs, or the title and the text.
    let position = 0;
    for (const text of doc.heading) position = forEachTerm(text, position, inHeading) + 1;
    for (const text of doc.body) position = forEachTerm(text, position, inBody) + 1;
    for (const [term, entry] of local) {
      let list = postings.get(term);
      if (!list) postings.set(term, (list = { docs: [], heading: [], body: [], positions: [] }));
      list.docs.push(n);
      list.heading.push(entry.heading);
      list.body.push(entry.body);
      for (const p of entry.positions) list.positions.push(p);
    }
    refer(doc.id)[0] = n;
    for (const tweetId of doc.refs) refer(tweetId).push(n);
  });

  const files = new Map<string, string>();
  const info: SearchIndexInfo = {
    version: SEARCH_INDEX_VERSION,
    docs: docs.length,
    pageSize: CATALOG_PAGE_SIZE,
    terms: writeTerms(files, postings),
    ids: writeIds(files, ids),
  };
  writeCatalog(files, docs);
  writeDates(files, docs);
  return { info, files: new Map([...files.entries()].sort(([a], [b]) => compareText(a, b))) };
}

function encodePostings(list: Postings): [number, string, string] {
  const head = new VarintWriter();
  const positions = new VarintWriter();
  let previousDoc = 0;
  let at = 0;
  list.docs.forEach((doc, i) => {
    const heading = list.heading[i] as number;
    const body = list.body[i] as number;
    head.push(doc - previousDoc);
    head.push(heading);
    head.push(body);
    previousDoc = doc;
    let previous = -1;
    for (let k = 0; k < heading + body; k++) {
      const p = list.positions[at++] as number;
      positions.push(p - previous - 1);
      previous = p;
    }
  });
  return [list.docs.length, head.toString(), positions.toString()];
}

function writeTerms(files: Map<string, string>, postings: Map<string, Postings>): number {
  const rows: [string, string][] = [];
  let bytes = 0;
  for (const [term, list] of postings) {
    const line = JSON.stringify([term, ...encodePostings(list)]);
    rows.push([term, line]);
    bytes += line.length + 2;
  }
  let count = 1;
  while (count * TERM_SHARD_BYTES < bytes) count *= 2;
  const shards = Array.from({ length: count }, () => [] as [string, string][]);
  for (const row of rows) shards[shardOf(termShardKey(row[0]), count)]?.push(row);
  shards.forEach((shard, index) => {
    // Sorted by code units: the reader finds a term, and the terms a prefix begins, by binary search.
    shard.sort(([a], [b]) => compareText(a, b));
    files.set(
      `search/terms/${shardFileName(index, count)}`,
      lines(
        shard.map(([, line]) => line),
        '[',
        ']',
      ),
    );
  });
  return count;
}

/**
 * An id shard: the ids, sorted, and one string of numbers per id in that
 * order (its document + 1, 0 when it is not archived; how many documents
 * refer to it; those documents). Lists, not an object keyed by id: parsing
 * an object of thousands of keys is ten times slower, and a first search
 * beside the user's archive reads every id shard.
 */
function writeIds(files: Map<string, string>, ids: Map<string, number[]>): number {
  let count = 1;
  while (count * IDS_PER_SHARD < ids.size) count *= 2;
  const shards = Array.from({ length: count }, () => [] as [string, number[]][]);
  for (const entry of ids) shards[shardOf(entry[0], count)]?.push(entry);
  shards.forEach((shard, index) => {
    shard.sort(([a], [b]) => compareText(a, b));
    const docs = new VarintWriter();
    for (const [, [own, ...referring]] of shard) {
      docs.push((own as number) + 1);
      docs.push(referring.length);
      for (const doc of referring) docs.push(doc);
    }
    const list = lines(
      shard.map(([id]) => JSON.stringify(id)),
      '[',
      ']',
    ).trimEnd();
    files.set(
      `search/ids/${shardFileName(index, count)}`,
      `{"docs":${JSON.stringify(docs.toString())},\n"ids":${list}}\n`,
    );
  });
  return count;
}

function writeCatalog(files: Map<string, string>, docs: SearchDocument[]): void {
  const pages = Math.ceil(docs.length / CATALOG_PAGE_SIZE);
  for (let page = 0; page < pages; page++) {
    const entries = docs.slice(page * CATALOG_PAGE_SIZE, (page + 1) * CATALOG_PAGE_SIZE).map((doc) => {
      const opening = openingText(doc.body);
      const entry: CatalogEntry = [doc.id, doc.title, doc.date, doc.siteName, opening.text, opening.complete ? 1 : 0];
      return JSON.stringify(entry);
    });
    files.set(`search/catalog/${shardFileName(page, pages)}`, lines(entries, '[', ']'));
  }
}

/** Every document's date in seconds, so that results from two indexes (packaged, user) can be put in one order. */
function writeDates(files: Map<string, string>, docs: SearchDocument[]): void {
  const seconds = new VarintWriter();
  let dated = 0;
  let previous = 0;
  for (const doc of docs) {
    const time = timeOf(doc.date);
    if (Number.isNaN(time)) break; // undated documents come last
    const s = Math.floor(time / 1000);
    // The first is absolute (zigzag, in case of a date before 1970); the rest are differences, never negative.
    seconds.push(dated === 0 ? (s >= 0 ? 2 * s : -2 * s - 1) : previous - s);
    previous = s;
    dated++;
  }
  files.set('search/dates.json', `${JSON.stringify({ dated, seconds: seconds.toString() })}\n`);
}

/** One entry per line, so that a diff of the packaged copy stays readable. */
function lines(entries: string[], open: string, close: string): string {
  return entries.length ? `${open}\n${entries.join(',\n')}\n${close}\n` : `${open}${close}\n`;
}
