/**
 * Reads one full-text index (the packaged copy's, or the user's) file by
 * file, as a query needs it: the terms shards of its words, the catalog
 * pages of the documents it shows, the id shards of its ids. Parsed files are
 * kept, at most `maxFiles` of them (least recently used dropped first), with
 * the postings decoded from them, so that the next keystroke of a query
 * reads and decodes nothing again.
 */
import { shardFileName, shardOf } from '../archive/keys';
import type { SearchIndexInfo } from '../archive/schema';
import type { CatalogEntry } from './index-build';
import { termShardKey } from './terms';
import { decodeAllVarints, decodeVarints } from './varint';

/** Reads one file of the index by its path ("search/terms/0a.json"), parsed. */
export type ReadIndexFile = (path: string) => Promise<unknown>;

/** One term's postings, decoded. */
export interface TermPostings {
  term: string;
  /** Documents holding the term, in increasing order. */
  docs: Int32Array;
  /** The term's count in each document's heading, and in its body. */
  heading: Int32Array;
  body: Int32Array;
  /** Every document's positions: those of docs[i] are values[start[i]] up to values[start[i + 1]]. Decoded when first asked. */
  positions(): { start: Int32Array; values: Int32Array };
}

export interface SearchIndex {
  readonly info: SearchIndexInfo;
  /** The postings of a term, or null when no document holds it. */
  term(term: string): Promise<TermPostings | null>;
  /** The terms that begin with `prefix` (itself included), those in the most documents first, at most `max`. */
  expand(prefix: string, max: number): Promise<TermPostings[]>;
  catalog(doc: number): Promise<CatalogEntry>;
  /** The document that is record `id` (-1 when none is), and the documents that embed or link to it. */
  findId(id: string): Promise<{ own: number; referring: number[] } | null>;
  /** The documents of many ids at once (-1 for those not held), reading each id shard once. */
  findOwnDocs(ids: readonly string[]): Promise<Int32Array>;
  /** Every document's date in seconds since 1970; -Infinity for undated ones. */
  dates(): Promise<Float64Array>;
  /** Paths of the files held now, least recently used first. */
  heldFiles(): string[];
}

type Row = [term: string, count: number, postings: string, positions: string];

interface TermShard {
  /** Sorted, for binary search. */
  terms: string[];
  rows: Row[];
  decoded: Map<string, TermPostings>;
}

export interface SearchIndexOptions {
  /**
   * Parsed files kept at most. 64 holds the shards of a few queries and the
   * catalog pages of the pages shown; at 110,000 records a terms shard is
   * 0.1–1 MB, so this is a few tens of MB at the very most.
   */
  maxFiles?: number;
}

export function openSearchIndex(
  read: ReadIndexFile,
  info: SearchIndexInfo,
  options: SearchIndexOptions = {},
): SearchIndex {
  const maxFiles = Math.max(1, options.maxFiles ?? 64);
  const files = new Map<string, Promise<unknown>>();

  /** A file, parsed and prepared by `prepare` once, kept in the LRU. */
  function load<T>(path: string, prepare: (value: unknown) => T): Promise<T> {
    let file = files.get(path) as Promise<T> | undefined;
    if (file) {
      files.delete(path);
      files.set(path, file);
      return file;
    }
    file = read(path).then(prepare);
    files.set(path, file);
    // A failed read is not kept: the next query reads again.
    file.catch(() => files.get(path) === file && files.delete(path));
    while (files.size > maxFiles) files.delete(files.keys().next().value as string);
    return file;
  }

  const termShard = (term: string) => {
    const path = `search/terms/${shardFileName(shardOf(termShardKey(term), info.terms), info.terms)}`;
    return load(path, (value): TermShard => {
      if (!Array.isArray(value)) throw new Error(`library index: ${path} is not a list`);
      const rows = value as Row[];
      return { terms: rows.map((row) => row[0]), rows, decoded: new Map() };
    });
  };

  const decoded = (shard: TermShard, index: number): TermPostings => {
    const row = shard.rows[index] as Row;
    let postings = shard.decoded.get(row[0]);
    if (!postings) shard.decoded.set(row[0], (postings = decodePostings(row)));
    return postings;
  };

  const idShard = (id: string) => {
    const path = `search/ids/${shardFileName(shardOf(id, info.ids), info.ids)}`;
    return load(path, (value) => value as Record<string, number[]>);
  };

  let dates: Promise<Float64Array> | null = null;

  return {
    info,
    async term(term) {
      if (info.docs === 0) return null;
      const shard = await termShard(term);
      const index = lowerBound(shard.terms, term);
      return shard.terms[index] === term ? decoded(shard, index) : null;
    },
    async expand(prefix, max) {
      if (info.docs === 0) return [];
      const shard = await termShard(prefix);
      const matching: number[] = [];
      for (let i = lowerBound(shard.terms, prefix); i < shard.terms.length; i++) {
        if (!(shard.terms[i] as string).startsWith(prefix)) break;
        matching.push(i);
      }
      // The most frequent completions: what a person typing most likely means, and a bounded union.
      matching.sort((a, b) => (shard.rows[b] as Row)[1] - (shard.rows[a] as Row)[1] || a - b);
      return matching.slice(0, max).map((i) => decoded(shard, i));
    },
    async catalog(doc) {
      if (!(doc >= 0 && doc < info.docs)) throw new RangeError(`library index: no document ${doc}`);
      const pages = Math.ceil(info.docs / info.pageSize);
      const page = Math.floor(doc / info.pageSize);
      const path = `search/catalog/${shardFileName(page, pages)}`;
      const entries = await load(path, (value) => value as CatalogEntry[]);
      const entry = entries[doc % info.pageSize];
      if (!entry) throw new Error(`library index: ${path} has no entry for document ${doc}`);
      return entry;
    },
    async findId(id) {
      if (info.docs === 0) return null;
      const entry = (await idShard(id))[id];
      if (!Array.isArray(entry)) return null;
      return { own: entry[0] as number, referring: entry.slice(1) };
    },
    async findOwnDocs(ids) {
      const out = new Int32Array(ids.length).fill(-1);
      if (info.docs === 0) return out;
      // One shard at a time, so that the LRU never drops a shard still to be read.
      const byShard = new Map<number, number[]>();
      ids.forEach((id, i) => {
        const shard = shardOf(id, info.ids);
        const list = byShard.get(shard);
        if (list) list.push(i);
        else byShard.set(shard, [i]);
      });
      for (const indexes of byShard.values()) {
        const shard = await idShard(ids[indexes[0] as number] as string);
        for (const i of indexes) {
          const entry = shard[ids[i] as string];
          if (Array.isArray(entry)) out[i] = entry[0] as number;
        }
      }
      return out;
    },
    dates() {
      dates ??= read('search/dates.json').then((value) => decodeDates(value, info.docs));
      dates.catch(() => (dates = null));
      return dates;
    },
    heldFiles: () => [...files.keys()],
  };
}

function decodePostings([term, count, postings, positions]: Row): TermPostings {
  const raw = new Float64Array(count * 3);
  decodeVarints(postings, count * 3, raw);
  const docs = new Int32Array(count);
  const heading = new Int32Array(count);
  const body = new Int32Array(count);
  let doc = 0;
  for (let i = 0; i < count; i++) {
    doc += raw[3 * i] as number;
    docs[i] = doc;
    heading[i] = raw[3 * i + 1] as number;
    body[i] = raw[3 * i + 2] as number;
  }
  let decodedPositions: { start: Int32Array; values: Int32Array } | null = null;
  return {
    term,
    docs,
    heading,
    body,
    positions() {
      if (decodedPositions) return decodedPositions;
      const start = new Int32Array(count + 1);
      for (let i = 0; i < count; i++)
        start[i + 1] = (start[i] as number) + (heading[i] as number) + (body[i] as number);
      const values = new Int32Array(start[count] as number);
      decodeVarints(positions, values.length, values);
      // Stored as the first position, then each gap less one.
      for (let i = 0; i < count; i++) {
        let previous = -1;
        for (let k = start[i] as number; k < (start[i + 1] as number); k++) {
          previous = previous + 1 + (values[k] as number);
          values[k] = previous;
        }
      }
      return (decodedPositions = { start, values });
    },
  };
}

function decodeDates(value: unknown, docs: number): Float64Array {
  const { dated, seconds } = (value ?? {}) as { dated?: unknown; seconds?: unknown };
  if (!Number.isInteger(dated) || typeof seconds !== 'string' || (dated as number) > docs)
    throw new Error('library index: search/dates.json is not a dates file');
  const out = new Float64Array(docs).fill(Number.NEGATIVE_INFINITY);
  const values = decodeAllVarints(seconds);
  let current = 0;
  for (let i = 0; i < (dated as number); i++) {
    const v = values[i] as number;
    current = i === 0 ? (v % 2 === 0 ? v / 2 : -(v + 1) / 2) : current - v;
    out[i] = current;
  }
  return out;
}

/** The first index whose term is not below `term` (code-unit order, as the builder sorts). */
function lowerBound(terms: readonly string[], term: string): number {
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((terms[mid] as string) < term) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
