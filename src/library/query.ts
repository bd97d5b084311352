/**
 * What a library query asks for: its words, as index terms.
 *
 * - Every word must match (AND).
 * - The last word also stands for the words it begins (search as you type:
 *   "coun" finds "council"), unless something follows it in the query (a
 *   space or punctuation: "coun " asks for the word "coun" itself), and only
 *   when it has two characters or more.
 * - A word that is a tweet id or an article id also finds that record (and
 *   the articles that embed or link to that tweet); a tweet's address
 *   (x.com/…/status/…, twitter.com, mirrors) stands for its id.
 * - "@handle" finds the tweets of that author and the ones that mention them.
 */
import { isArticleId } from '../archive/ids';
import { isTweetId, parseTweetUrl } from '../embeds/tweet-url';
import { canBePrefix, forEachTerm, normalizeText } from './terms';

export interface QueryWord {
  /** The term as the index spells it ("@handle" for a handle). */
  term: string;
  /** Whether the term also stands for the terms it begins. */
  prefix: boolean;
  /** The record id the word may be: a tweet id (digits) or an article id ("a" and 14 hex digits). */
  id: string | null;
}

/** Words beyond this many are ignored: a query is typed, and each word costs a shard. */
export const MAX_QUERY_WORDS = 16;

export function parseQuery(query: string): QueryWord[] {
  // A pasted tweet address stands for its id.
  const text = query
    .split(/(\s+)/)
    .map((chunk) => parseTweetUrl(chunk)?.id ?? chunk)
    .join('');
  const normalLength = normalizeText(text).length;
  const found: { term: string; end: number }[] = [];
  forEachTerm(text, 0, (term, _position, end) => found.push({ term, end }), { query: true });

  const words: QueryWord[] = [];
  found.forEach(({ term, end }, index) => {
    const prefix = index === found.length - 1 && end === normalLength && canBePrefix(term);
    const existing = words.find((w) => w.term === term);
    // A word asked for whole and as a prefix is asked for whole: the prefix adds nothing.
    if (existing) existing.prefix &&= prefix;
    else words.push({ term, prefix, id: isTweetId(term) || isArticleId(term) ? term : null });
  });
  return words.slice(0, MAX_QUERY_WORDS);
}

/** Whether an index term is what `word` asks for. */
export function matchesWord(word: QueryWord, term: string): boolean {
  return term === word.term || (word.prefix && term.startsWith(word.term));
}
