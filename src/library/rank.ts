/**
 * Finds and ranks the documents of one index that hold every word of a
 * query.
 *
 * A document's score orders, from the most to the least telling:
 *   1. heading hits: how many of the words are in its heading (an article's
 *      title or byline, a tweet's author name or @handle, its own id);
 *   2. phrase: whether the words stand together somewhere, in the query's
 *      order (two words or more);
 *   3. exact: whether the last word, when it is typed as a prefix, is there
 *      as the whole word ("art" before "article" for the query "art");
 *   4. word matches: each word's count, up to 3 (so that a long article
 *      does not win by length alone).
 * Equal scores keep the document order: newest first.
 */
import type { QueryWord } from './query';
import type { SearchIndex, TermPostings } from './index-reader';

/** A prefix stands for at most this many terms (the most frequent ones). */
export const MAX_EXPANSIONS = 32;
const MAX_COUNTED = 3;

export interface Ranked {
  /** How many documents match. */
  readonly length: number;
  /** Matching documents, best first: final up to what settle() was asked for. */
  readonly docs: Int32Array;
  /** Their scores (higher is better; comparable between indexes). */
  readonly scores: Int32Array;
  /** Puts the first `count` documents in their final order. */
  settle(count: number): void;
  /** The final score of a matching document (-1 for one that does not match). */
  scoreOf(doc: number): number;
}

/** A ranking final from the start. */
export function settledRanking(docs: Int32Array, scores: Int32Array): Ranked {
  return {
    length: docs.length,
    docs,
    scores,
    settle: () => undefined,
    scoreOf(doc) {
      const i = docs.indexOf(doc);
      return i < 0 ? -1 : (scores[i] as number);
    },
  };
}

export const NOTHING: Ranked = settledRanking(new Int32Array(0), new Int32Array(0));

interface WordMatch {
  word: QueryWord;
  postings: TermPostings[];
  /** Per document: the word's count in the heading, in the body; whether the word itself (not a completion) is there. */
  heading: Uint16Array;
  body: Uint16Array;
  exact: Uint8Array;
  /** When the word has one postings list: per document, its index there plus one (0: not there). */
  slot: Int32Array | null;
  /** Documents found by id rather than by a term. */
  byId: number[];
  /** How many postings the word has in all, to start from the rarest word. */
  size: number;
}

/**
 * The documents holding every word, ranked. Heading hits are counted for
 * every candidate at once, but phrases (the costly part: positions) are
 * looked for only in the heading-hit tiers a caller settles: a first page
 * checks the phrases of the best tier or two, not of every document that
 * holds a common word.
 */
export async function rankDocuments(index: SearchIndex, words: readonly QueryWord[]): Promise<Ranked> {
  const n = index.info.docs;
  if (n === 0 || words.length === 0) return NOTHING;
  const matches = await Promise.all(words.map((word) => matchWord(index, word, n)));
  if (matches.some((m) => m.size === 0)) return NOTHING;

  // Candidates: the documents of the rarest word that every other word is in too.
  const rarest = matches.reduce((a, b) => (b.size < a.size ? b : a));
  const others = matches.filter((m) => m !== rarest);
  const seen = new Uint8Array(n);
  const found: number[] = [];
  const consider = (doc: number) => {
    if (seen[doc]) return;
    seen[doc] = 1;
    for (const m of others) if ((m.heading[doc] as number) + (m.body[doc] as number) === 0) return;
    found.push(doc);
  };
  for (const postings of rarest.postings) for (const doc of postings.docs) consider(doc);
  for (const doc of rarest.byId) consider(doc);
  const candidates = Int32Array.from(found);
  // One postings list is already in document order; a union is not.
  if (rarest.postings.length > 1 || rarest.byId.length) candidates.sort();
  const count = candidates.length;

  // Everything but the phrase, for every candidate: heading hits; exact * 64 + counted.
  const hits = new Uint8Array(count);
  const rest = new Int32Array(count);
  let topHits = 0;
  for (let i = 0; i < count; i++) {
    const doc = candidates[i] as number;
    let headingHits = 0;
    let counted = 0;
    let exact = 1;
    for (const match of matches) {
      const h = match.heading[doc] as number;
      if (h > 0) headingHits++;
      counted += Math.min(h + (match.body[doc] as number), MAX_COUNTED);
      if (match.word.prefix && !match.exact[doc]) exact = 0;
    }
    hits[i] = headingHits;
    rest[i] = exact * 64 + counted;
    if (headingHits > topHits) topHits = headingHits;
  }

  // Tiers by heading hits, best first, each in document order (a counting sort).
  const tierStart = new Int32Array(topHits + 2);
  for (let i = 0; i < count; i++) tierStart[topHits - (hits[i] as number) + 1]!++;
  for (let t = 1; t < tierStart.length; t++) tierStart[t]! += tierStart[t - 1] as number;
  const byTier = new Int32Array(count);
  const next = Int32Array.from(tierStart);
  for (let i = 0; i < count; i++) byTier[next[topHits - (hits[i] as number)]!++] = i;

  const phrase = matches.length >= 2 ? phraseFinder(matches) : null;
  const scoreAt = (i: number) => {
    const together = phrase?.(candidates[i] as number) ? 1 : 0;
    return ((hits[i] as number) * 2 + together) * 128 + (rest[i] as number);
  };
  const docs = new Int32Array(count);
  const scores = new Int32Array(count);
  let settledTiers = 0;
  const settleTier = (t: number) => {
    const from = tierStart[t] as number;
    const to = tierStart[t + 1] as number;
    // Within a tier, by score (phrase, exact, counted: 256 values), then in document order: a counting sort.
    const base = (topHits - t) * 256;
    const tierScores = new Int32Array(to - from);
    const slots = new Int32Array(257);
    for (let k = from; k < to; k++) {
      const score = scoreAt(byTier[k] as number);
      tierScores[k - from] = score;
      slots[256 - (score - base)]!++;
    }
    for (let s = 1; s < slots.length; s++) slots[s]! += slots[s - 1] as number;
    for (let k = from; k < to; k++) {
      const score = tierScores[k - from] as number;
      const slot = from + slots[255 - (score - base)]!++;
      docs[slot] = candidates[byTier[k] as number] as number;
      scores[slot] = score;
    }
  };
  return {
    length: count,
    docs,
    scores,
    settle(wanted) {
      const end = Math.min(wanted, count);
      while (settledTiers <= topHits && (tierStart[settledTiers] as number) < end) settleTier(settledTiers++);
    },
    scoreOf(doc) {
      let lo = 0;
      let hi = count - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = candidates[mid] as number;
        if (v < doc) lo = mid + 1;
        else if (v > doc) hi = mid - 1;
        else return scoreAt(mid);
      }
      return -1;
    },
  };
}

async function matchWord(index: SearchIndex, word: QueryWord, n: number): Promise<WordMatch> {
  const [postings, id] = await Promise.all([
    word.prefix ? index.expand(word.term, MAX_EXPANSIONS) : index.term(word.term).then((p) => (p ? [p] : [])),
    word.id ? index.findId(word.id) : null,
  ]);
  const match: WordMatch = {
    word,
    postings,
    heading: new Uint16Array(n),
    body: new Uint16Array(n),
    exact: new Uint8Array(n),
    slot: postings.length === 1 ? new Int32Array(n) : null,
    byId: [],
    size: 0,
  };
  const { heading, body, exact, slot } = match;
  for (const p of postings) {
    const isExact = p.term === word.term;
    for (let i = 0; i < p.docs.length; i++) {
      const doc = p.docs[i] as number;
      heading[doc] = Math.min(65535, (heading[doc] as number) + (p.heading[i] as number));
      body[doc] = Math.min(65535, (body[doc] as number) + (p.body[i] as number));
      if (isExact) exact[doc] = 1;
      if (slot) slot[doc] = i + 1;
    }
    match.size += p.docs.length;
  }
  // A record's own id counts as a heading hit; the articles embedding or linking that tweet, as a body hit.
  if (id) {
    if (id.own >= 0) {
      heading[id.own] = Math.min(65535, (heading[id.own] as number) + 1);
      exact[id.own] = 1;
      match.byId.push(id.own);
    }
    for (const doc of id.referring) body[doc] = Math.min(65535, (body[doc] as number) + 1);
    match.byId.push(...id.referring);
    match.size += match.byId.length;
  }
  return match;
}

/**
 * Tells whether the words stand one after another, in order, somewhere in a
 * document. Runs once per candidate of the tiers settled: it decodes only
 * that document's positions, into buffers it reuses.
 */
function phraseFinder(matches: readonly WordMatch[]): (doc: number) => boolean {
  const k = matches.length;
  const buffers: Int32Array[] = matches.map(() => new Int32Array(16));
  const lengths = new Int32Array(k);
  const at = new Int32Array(k);

  const room = (w: number, size: number): Int32Array => {
    let buffer = buffers[w] as Int32Array;
    if (buffer.length < size) {
      buffer = new Int32Array(Math.max(size, buffer.length * 2));
      buffers[w] = buffer;
    }
    return buffer;
  };

  /** Decodes word w's positions in doc into buffers[w] (sorted); false when it has none there. */
  const locate = (w: number, doc: number): boolean => {
    const m = matches[w] as WordMatch;
    if (m.slot) {
      const i = (m.slot[doc] as number) - 1;
      if (i < 0) return false; // found only by id: no position
      const p = m.postings[0] as TermPostings;
      lengths[w] = p.positionsAt(i, room(w, (p.heading[i] as number) + (p.body[i] as number) + 1));
      return true;
    }
    // Several completions of a prefix: their positions together, sorted.
    let length = 0;
    for (const p of m.postings) {
      const i = binarySearch(p.docs, doc);
      if (i < 0) continue;
      const part = new Int32Array((p.heading[i] as number) + (p.body[i] as number) + 1);
      const n = p.positionsAt(i, part);
      const buffer = room(w, length + n);
      buffer.set(part.subarray(0, n), length);
      length += n;
    }
    if (!length) return false;
    (buffers[w] as Int32Array).subarray(0, length).sort();
    lengths[w] = length;
    return true;
  };

  return (doc) => {
    for (let w = 0; w < k; w++) {
      if (!locate(w, doc)) return false;
      at[w] = 0;
    }
    const first = buffers[0] as Int32Array;
    for (let q = 0; q < (lengths[0] as number); q++) {
      const p = first[q] as number;
      let all = true;
      for (let w = 1; w < k; w++) {
        const list = buffers[w] as Int32Array;
        const want = p + w;
        const end = lengths[w] as number;
        let j = at[w] as number;
        while (j < end && (list[j] as number) < want) j++;
        at[w] = j;
        if (j === end || list[j] !== want) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  };
}

function binarySearch(values: Int32Array, value: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = values[mid] as number;
    if (v < value) lo = mid + 1;
    else if (v > value) hi = mid - 1;
    else return mid;
  }
  return -1;
}
