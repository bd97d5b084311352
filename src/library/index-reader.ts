/**
 * Reads one full-text index (the packaged copy's, or the user's) file by
 * file, as a query needs it: the terms shards of its words, the catalog
 * pages of the documents it shows, the id shards of its ids. Parsed files are
 * kept with the postings decoded from them, so that the next keystroke of a
 * query reads and decodes nothing again, up to a memory budget (least
 * recently used dropped first). The budget is in bytes, not files: a terms
 * shard of a common word's first letters is a megabyte, a catalog page 25 KB,
 * and a page of results needs twenty catalog pages.
 */
import { shardFileName, shardOf } from '../archive/keys';
import { BoundedCache, cachePromise } from '../util/bounded-cache';
import type { CatalogEntry, SearchIndexInfo } from './index-format';
import { termShardKey } from './terms';
import { decodeAllVarints, decodeVarints, skipVarints } from './varint';

/** Reads one file of the index by its path ("search/terms/0a.json"), parsed. */
export type ReadIndexFile = (path: string) => Promise<unknown>;

/** One term's postings, decoded. */
export interface TermPostings {
  term: string;
  /** Documents holding the term, in increasing order. */
  docs: Int32Array;
  /** The term's count in each document's heading, and in its body (at most 65,535). */
  heading: Uint16Array;
  body: Uint16Array;
  /**
   * Writes the positions of docs[i] into `into` from 0, in order, and returns
   * how many there are (`into` must have room for heading[i] + body[i]).
   * Decoded one document at a time: a phrase is looked for in the documents
   * of the best tiers only, and a common word's positions would be
   * megabytes.
   */
  positionsAt(i: number, into: Int32Array): number;
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
  /** Every record's id, by document: from the id shards, fewer and smaller than the catalog pages. */
  recordIds(): Promise<string[]>;
  /** Every document's date in seconds since 1970; -Infinity for undated ones. */
  dates(): Promise<Float64Array>;
  /** Paths of the files held now, least recently used first. */
  heldFiles(): string[];
  /** The estimated bytes they hold, with their decoded postings. */
  heldBytes(): number;
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
   * About how many bytes of parsed files (and postings decoded from them) to
   * keep. The default, 32 MiB, holds at 110,000 records the shards of two
   * dozen words each in half of the records (what the benchmark asks), and the
   * catalog pages of hundreds of results.
   */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 32 * 2 ** 20;

export function openSearchIndex(
  read: ReadIndexFile,
  info: SearchIndexInfo,
  options: SearchIndexOptions = {},
): SearchIndex {
  // Each file weighs its estimated bytes in memory, known once it is parsed. A failed read is not kept.
  const files = new BoundedCache<string, Promise<unknown>>({
    maxWeight: Math.max(0, options.maxBytes ?? DEFAULT_MAX_BYTES),
  });

  /** A file, parsed and prepared by `prepare` once, kept while the budget allows. `size` estimates its bytes. */
  function load<T>(path: string, prepare: (value: unknown) => T, size: (prepared: T) => number): Promise<T> {
    // One cache holds the three kinds of file; a path is always read as the same kind.
    return cachePromise(files as BoundedCache<string, Promise<T>>, path, () => read(path).then(prepare), size);
  }

  const termShard = (term: string) => {
    const path = `search/terms/${shardFileName(shardOf(termShardKey(term), info.terms), info.terms)}`;
    return load(
      path,
      (value): TermShard & { path: string } => {
        if (!Array.isArray(value)) throw new Error(`library index: ${path} is not a list`);
        const rows = value as Row[];
        return { path, terms: rows.map((row) => row[0]), rows, decoded: new Map() };
      },
      // Strings of one-byte characters, and a few dozen bytes for each row.
      (shard) => shard.rows.reduce((n, row) => n + row[0].length + row[2].length + row[3].length + 64, 0),
    );
  };

  const decoded = (shard: TermShard & { path: string }, index: number): TermPostings => {
    const row = shard.rows[index] as Row;
    let postings = shard.decoded.get(row[0]);
    if (!postings) {
      // Decoded postings are held with their shard: they count against the budget too.
      postings = decodePostings(row, (bytes) => files.addWeight(shard.path, bytes));
      shard.decoded.set(row[0], postings);
    }
    return postings;
  };

  const idShard = (id: string) => {
    const path = `search/ids/${shardFileName(shardOf(id, info.ids), info.ids)}`;
    return load(
      path,
      (value) => decodeIdShard(value, path),
      (shard) => shard.ids.length * 48 + shard.numbers.byteLength,
    );
  };
  /** The entry of `id` in its shard: [own document or -1, referring documents]. */
  const idEntry = (shard: IdShard, id: string): { own: number; referring: number[] } | null => {
    const i = lowerBound(shard.ids, id);
    if (shard.ids[i] !== id) return null;
    const at = shard.starts[i] as number;
    const n = shard.numbers[at + 1] as number;
    return {
      own: (shard.numbers[at] as number) - 1,
      referring: Array.from(shard.numbers.subarray(at + 2, at + 2 + n)),
    };
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
      const entries = await load(
        path,
        (value) => value as CatalogEntry[],
        (page) => page.reduce((n, e) => n + e[0].length + e[1].length + e[4].length + 96, 0),
      );
      const entry = entries[doc % info.pageSize];
      if (!entry) throw new Error(`library index: ${path} has no entry for document ${doc}`);
      return entry;
    },
    async findId(id) {
      if (info.docs === 0) return null;
      return idEntry(await idShard(id), id);
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
        for (const i of indexes) out[i] = idEntry(shard, ids[i] as string)?.own ?? -1;
      }
      return out;
    },
    async recordIds() {
      const out = new Array<string>(info.docs);
      if (info.docs === 0) return out;
      for (let shard = 0; shard < info.ids; shard++) {
        // Read directly, not through the cache: each shard is needed once, and the cache is for queries.
        const path = `search/ids/${shardFileName(shard, info.ids)}`;
        const { ids, numbers, starts } = decodeIdShard(await read(path), path);
        ids.forEach((id, i) => {
          const own = (numbers[starts[i] as number] as number) - 1;
          if (own >= 0) out[own] = id;
        });
      }
      if (out.some((id) => id === undefined)) throw new Error('library index: a document has no id');
      return out;
    },
    dates() {
      dates ??= read('search/dates.json').then((value) => decodeDates(value, info.docs));
      dates.catch(() => (dates = null));
      return dates;
    },
    heldFiles: () => files.keys(),
    heldBytes: () => files.weight,
  };
}

function decodePostings(row: Row, allocated: (bytes: number) => void): TermPostings {
  const [term, count, postings, positions] = row;
  const raw = new Float64Array(count * 3);
  decodeVarints(postings, count * 3, raw);
  // Decoded, the postings string is not needed any more: let it go with the memory it holds.
  row[2] = '';
  const docs = new Int32Array(count);
  const heading = new Uint16Array(count);
  const body = new Uint16Array(count);
  /** Each document's number of positions, kept only when a count did not fit in 16 bits (a word said 65,536 times). */
  let totals: Float64Array | null = null;
  let doc = 0;
  for (let i = 0; i < count; i++) {
    doc += raw[3 * i] as number;
    docs[i] = doc;
    heading[i] = Math.min(65535, raw[3 * i + 1] as number);
    body[i] = Math.min(65535, raw[3 * i + 2] as number);
    if ((raw[3 * i + 1] as number) > 65535 || (raw[3 * i + 2] as number) > 65535) totals = raw;
  }
  const positionCount = totals
    ? (i: number) => ((totals as Float64Array)[3 * i + 1] as number) + ((totals as Float64Array)[3 * i + 2] as number)
    : (i: number) => (heading[i] as number) + (body[i] as number);
  // The typed arrays are held from now on; the postings string was counted with the shard and is gone.
  allocated(count * 8 + (totals ? totals.byteLength : 0) - postings.length);
  /** Where each document's positions start in the positions string, found when first asked. */
  let offsets: Int32Array | null = null;
  return {
    term,
    docs,
    heading,
    body,
    positionsAt(i, into) {
      if (!offsets) {
        offsets = new Int32Array(count);
        let at = 0;
        for (let k = 0; k < count; k++) {
          offsets[k] = at;
          at = skipVarints(positions, positionCount(k), at);
        }
        allocated(offsets.byteLength);
      }
      const n = positionCount(i);
      decodeVarints(positions, n, into, 0, offsets[i] as number);
      // Stored as the first position, then each gap less one.
      for (let k = 1; k < n; k++) into[k] = (into[k - 1] as number) + 1 + (into[k] as number);
      return n;
    },
  };
}

interface IdShard {
  /** Sorted. */
  ids: string[];
  /** Per id: document + 1, the number of referring documents, those documents. */
  numbers: Int32Array;
  /** Where each id's numbers start. */
  starts: Int32Array;
}

function decodeIdShard(value: unknown, path: string): IdShard {
  const { ids, docs } = (value ?? {}) as { ids?: unknown; docs?: unknown };
  if (!Array.isArray(ids) || typeof docs !== 'string') throw new Error(`library index: ${path} is not an id shard`);
  const numbers = Int32Array.from(decodeAllVarints(docs));
  const starts = new Int32Array(ids.length);
  let at = 0;
  for (let i = 0; i < ids.length; i++) {
    starts[i] = at;
    at += 2 + (numbers[at + 1] as number);
  }
  if (at !== numbers.length) throw new Error(`library index: ${path} does not hold one entry per id`);
  return { ids: ids as string[], numbers, starts };
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
