/**
 * The library: everything archived, browsed and searched offline, as one
 * list. The packaged copy's index is read through the same readFile as its
 * records (openPackagedArchive); the user's through their archive in
 * IndexedDB (openUserArchive), which keeps an index of the same format.
 *
 * - Browsing (no words): every record, newest first, undated last, then by
 *   title and id (the document order of both indexes). Between the two
 *   archives, the same instant puts the user's record first.
 * - Searching: the records holding every word, best first (src/library/rank.ts),
 *   then newest first, then as when browsing.
 * - A record both archives hold is one item, `source: 'user'` (the user
 *   imported it; the reader opens it merged with the packaged copy, as
 *   lookups do). When searching, it ranks by the better of its two scores.
 * - Snippets are cut from the catalog's copy of a short text (a tweet's, up
 *   to WHOLE_TEXT_LENGTH characters); a longer one's from the record as the
 *   reader shows it (the two archives' copies merged).
 * - When the user's archive cannot be read, the packaged copy answers alone.
 */
import type { ArchiveReader } from '../archive/packaged-archive';
import { isTweetId } from '../embeds/tweet-url';
import { validateSearchIndexInfo, type CatalogEntry, type SearchIndexInfo } from './index-format';
import { openSearchIndex, type ReadIndexFile, type SearchIndex } from './index-reader';
import { parseQuery, type QueryWord } from './query';
import { NOTHING, rankDocuments, settledRanking, type Ranked } from './rank';
import { collapseSpace, excerpt, findSnippet } from './snippet';
import { BoundedCache, cachePromise } from '../util/bounded-cache';
import type { LibraryItem, LibraryPage, LibraryQuery } from './types';

export interface Library {
  search(query: LibraryQuery): Promise<LibraryPage>;
}

/** The packaged copy's index, read with the same readFile as its records (openPackagedArchive's reader has it). */
export interface PackagedIndexFiles {
  readFile: ReadIndexFile;
}

/** The user's archive, which keeps its index itself (openUserArchive's archive has these). */
export interface UserIndexFiles {
  /** One file of the index ("manifest.json", "search/terms/0.json"), parsed; undefined when there is none. */
  readSearchFile(path: string): Promise<unknown>;
  /** A count that moves whenever the archive may have changed: the index is opened again. */
  changeCount(): number;
}

export interface LibraryOptions {
  /** The packaged copy (openPackagedArchive's reader); null when there is none. */
  packaged: PackagedIndexFiles | null;
  /** The user's own archive (openUserArchive). */
  user?: UserIndexFiles | null;
  /** Records as the reader shows them (both archives combined): snippets are cut from them. */
  records: ArchiveReader;
  /** Called when the user's archive fails; the packaged copy then answers alone. */
  onUserError?: (error: unknown) => void;
  /** Bytes of parsed index files kept per index (see openSearchIndex). */
  maxBytes?: number;
}

/**
 * Texts of records kept for snippets, at most. A page of results needs up to
 * 20; an article's text is a few KB where the shard it is read from is over
 * 100 KB, so keeping the texts (not the shards) lets the next keystrokes
 * show them again without reading anything.
 */
const MAX_TEXTS = 512;

type SourceName = LibraryItem['source'];

interface Side {
  source: SourceName;
  index: SearchIndex;
}

/** What stands for what between the two archives: records both hold. */
interface Overlap {
  /** User document → the packaged document of the same record, or -1. */
  packagedOf: Int32Array;
  /** Packaged documents a user document stands for. */
  taken: Uint8Array;
  count: number;
}

/** One list to merge: documents in order, with their scores. */
interface Listing {
  side: Side;
  /** Null when browsing: every document, in order, all of score 0. */
  ranked: Ranked | null;
  length: number;
  /** Packaged documents left out because a user document stands for them. */
  skip: Uint8Array | null;
  skipped: number;
}

export function openLibrary(options: LibraryOptions): Library {
  const packagedFiles = options.packaged?.readFile ?? null;
  const userFiles = options.user ?? null;
  const maxBytes = options.maxBytes;

  const texts = new BoundedCache<string, Promise<string[]>>({ maxEntries: MAX_TEXTS });
  const textOf = (kind: LibraryItem['kind'], id: string): Promise<string[]> =>
    cachePromise(texts, `${kind}:${id}`, () => {
      const text =
        kind === 'tweet'
          ? options.records.getTweet(id).then((t) => (t ? [t.text ?? '', ...t.media.map((m) => m.altText ?? '')] : []))
          : options.records.getArticle(id).then((a) => a?.paragraphs ?? []);
      return text.then((segments) => segments.filter(Boolean).map(collapseSpace));
    });

  let packaged: Promise<Side | null> | null = null;
  const packagedSide = (): Promise<Side | null> => {
    if (!packagedFiles) return Promise.resolve(null);
    packaged ??= openSide('packaged', packagedFiles, maxBytes);
    packaged.catch(() => (packaged = null));
    return packaged;
  };

  let user: { changes: number; side: Promise<Side | null>; overlap: Promise<Overlap> | null } | null = null;
  const userState = () => {
    if (!userFiles) return null;
    const changes = userFiles.changeCount();
    if (!user || user.changes !== changes) {
      // The records may have changed too (merged with the user's): their texts are read again.
      if (user) texts.clear();
      const side = openSide('user', (path) => userFiles.readSearchFile(path), maxBytes);
      user = { changes, side, overlap: null };
      const state = user;
      side.catch(() => user === state && (user = null));
    }
    return user;
  };
  const userSide = async (): Promise<Side | null> => {
    try {
      return (await userState()?.side) ?? null;
    } catch (error) {
      options.onUserError?.(error);
      return null;
    }
  };
  const overlapOf = (mine: Side, shipped: Side): Promise<Overlap> => {
    const state = userState() as NonNullable<typeof user>;
    state.overlap ??= findOverlap(mine.index, shipped.index);
    const overlap = state.overlap;
    overlap.catch(() => state.overlap === overlap && (state.overlap = null));
    return overlap;
  };

  async function rankUser(side: Side, words: QueryWord[]): Promise<Ranked | null> {
    try {
      return await rankDocuments(side.index, words);
    } catch (error) {
      options.onUserError?.(error);
      return null;
    }
  }

  return {
    async search({ query, offset, limit }) {
      const words = parseQuery(query);
      const [p, opened] = await Promise.all([packagedSide(), userSide()]);
      let u = opened && opened.index.info.docs > 0 ? opened : null;
      let overlap: Overlap | null = null;
      if (p && u) {
        try {
          overlap = await overlapOf(u, p);
        } catch (error) {
          options.onUserError?.(error);
          u = null;
        }
      }

      let lists: [Listing | null, Listing | null];
      if (words.length === 0) {
        lists = [p ? browseListing(p, overlap) : null, u ? browseListing(u, null) : null];
      } else {
        const [rankedP, rankedU] = await Promise.all([
          p ? rankDocuments(p.index, words) : NOTHING,
          u ? rankUser(u, words) : NOTHING,
        ]);
        if (!rankedU) u = null;
        lists = searchListings(p, rankedP, u, rankedU ?? NOTHING, overlap);
      }

      const [listP, listU] = lists;
      const total = (listP ? listP.length - listP.skipped : 0) + (listU ? listU.length : 0);
      const picked = await pick(listP, listU, offset, limit);
      const items = await Promise.all(picked.map(({ side, doc }) => describe(side, doc, words, textOf)));
      return { total, items };
    },
  };
}

async function openSide(source: SourceName, read: ReadIndexFile, maxBytes?: number): Promise<Side | null> {
  const manifest = (await read('manifest.json')) as { search?: unknown } | undefined;
  // A copy built before the library had no index: nothing to search in it.
  if (manifest?.search === undefined) return null;
  const issues = validateSearchIndexInfo(manifest.search, 'manifest');
  if (issues.length) throw new Error(`library index: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`);
  return { source, index: openSearchIndex(read, manifest.search as SearchIndexInfo, { maxBytes }) };
}

/** Which user documents are records the packaged copy holds too (read once per change of the user's archive). */
async function findOverlap(user: SearchIndex, packaged: SearchIndex): Promise<Overlap> {
  const packagedOf = await packaged.findOwnDocs(await user.recordIds());
  const taken = new Uint8Array(packaged.info.docs);
  let count = 0;
  for (const doc of packagedOf) {
    if (doc >= 0 && !taken[doc]) {
      taken[doc] = 1;
      count++;
    }
  }
  return { packagedOf, taken, count };
}

function browseListing(side: Side, overlap: Overlap | null): Listing {
  return {
    side,
    ranked: null,
    length: side.index.info.docs,
    skip: side.source === 'packaged' && overlap?.count ? overlap.taken : null,
    skipped: side.source === 'packaged' ? (overlap?.count ?? 0) : 0,
  };
}

/**
 * The two ranked lists, a record both hold counted once: the user's document
 * stays (with the better of the two scores), the packaged one goes.
 */
function searchListings(
  p: Side | null,
  rankedP: Ranked,
  u: Side | null,
  rankedU: Ranked,
  overlap: Overlap | null,
): [Listing | null, Listing | null] {
  let user = rankedU;
  let skip: Uint8Array | null = null;
  let skipped = 0;
  if (p && u && overlap?.count && user.length) {
    // The user's list is short (their own archive): settle it whole.
    user.settle(user.length);
    const userScores = Int32Array.from(user.scores);
    skip = new Uint8Array(p.index.info.docs);
    let raised = false;
    user.docs.forEach((doc, i) => {
      const twin = overlap.packagedOf[doc] as number;
      const twinScore = twin >= 0 ? rankedP.scoreOf(twin) : -1;
      if (twinScore < 0) return;
      skip![twin] = 1;
      skipped++;
      if (twinScore > (userScores[i] as number)) {
        userScores[i] = twinScore;
        raised = true;
      }
    });
    if (raised) {
      const docs = user.docs;
      const order = Array.from(docs.keys()).sort(
        (a, b) => (userScores[b] as number) - (userScores[a] as number) || (docs[a] as number) - (docs[b] as number),
      );
      user = settledRanking(
        Int32Array.from(order, (i) => docs[i] as number),
        Int32Array.from(order, (i) => userScores[i] as number),
      );
    }
  }
  return [
    p ? { side: p, ranked: rankedP, length: rankedP.length, skip, skipped } : null,
    u ? { side: u, ranked: user, length: user.length, skip: null, skipped: 0 } : null,
  ];
}

/**
 * Items [offset, offset + limit) of the two lists merged: better score
 * first, then the newer record, then (same instant) the user's.
 */
async function pick(
  a: Listing | null,
  b: Listing | null,
  offset: number,
  limit: number,
): Promise<{ side: Side; doc: number }[]> {
  const out: { side: Side; doc: number }[] = [];
  if (limit === 0) return out;
  // Dates are needed only to interleave two lists.
  const both = a && b && a.length - a.skipped > 0 && b.length > 0;
  const [datesA, datesB] = both ? await Promise.all([a.side.index.dates(), b.side.index.dates()]) : [null, null];
  const docAt = (l: Listing, i: number) => {
    if (!l.ranked) return i;
    l.ranked.settle(i + 1);
    return l.ranked.docs[i] as number;
  };
  const scoreAt = (l: Listing, i: number) => {
    if (!l.ranked) return 0;
    l.ranked.settle(i + 1);
    return l.ranked.scores[i] as number;
  };
  let i = 0;
  let j = 0;
  let position = 0;
  for (;;) {
    while (a && i < a.length && a.skip?.[docAt(a, i)]) i++;
    const hasA = a !== null && i < a.length;
    const hasB = b !== null && j < b.length;
    if (!hasA && !hasB) break;
    let takeA = hasA;
    if (hasA && hasB) {
      const sa = scoreAt(a, i);
      const sb = scoreAt(b, j);
      takeA = sa !== sb ? sa > sb : (datesA![docAt(a, i)] as number) > (datesB![docAt(b, j)] as number);
    }
    const list = takeA ? a! : b!;
    const doc = docAt(list, takeA ? i++ : j++);
    if (position++ >= offset) {
      out.push({ side: list.side, doc });
      if (out.length === limit) break;
    }
  }
  return out;
}

type TextOf = (kind: LibraryItem['kind'], id: string) => Promise<string[]>;

async function describe(side: Side, doc: number, words: QueryWord[], textOf: TextOf): Promise<LibraryItem> {
  const [id, title, date, siteName, opening, complete] = await side.index.catalog(doc);
  const kind = isTweetId(id) ? 'tweet' : 'article';
  return {
    kind,
    id,
    title,
    snippet: words.length
      ? await snippetFor(kind, id, opening, complete, words, textOf)
      : complete
        ? excerpt(opening, 0, 0)
        : opening,
    siteName,
    date,
    source: side.source,
  };
}

async function snippetFor(
  kind: LibraryItem['kind'],
  id: string,
  opening: string,
  complete: CatalogEntry[5],
  words: QueryWord[],
  textOf: TextOf,
): Promise<string> {
  if (complete) return findSnippet([opening], words)?.text ?? excerpt(opening, 0, 0);
  // The catalog has only the opening: cut the passage from the record.
  return findSnippet(await textOf(kind, id), words)?.text ?? opening;
}
