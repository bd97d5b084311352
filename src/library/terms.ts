/**
 * How text becomes search terms: one definition for the index builder, the
 * query parser and the snippet finder, so that a word found in a query is
 * spelled exactly as the index spells it.
 *
 * - Text is normalised like the archive's text fingerprints
 *   (keys.ts normalizeForFingerprint): NFKC, so that full-width and other
 *   compatibility forms become plain letters and digits, then lower case.
 *   Russian ё is written е as often as not, so ё is folded to е; no other
 *   accent is folded (й is not и).
 * - A term is a run of Unicode letters, digits and combining marks (so
 *   Cyrillic, Greek, Arabic, Devanagari words are terms as they stand).
 *   Han, Hiragana and Katakana are written without spaces: each of their
 *   characters is a term, and a phrase of them is found by their positions.
 *   Other scripts written without spaces (Thai, Lao, Khmer) stay one term
 *   per run: their words are found only at the start of a run.
 * - An X handle (@ then letters, digits, underscores, not inside a word or
 *   an e-mail address) is also the term "@handle", at the position of its
 *   first word; its parts are words too ("@example_press" → "@example_press",
 *   "example", "press").
 * - Terms longer than MAX_TERM_LENGTH characters are cut to it, in the index
 *   and in queries alike: a long word is still found, a base64 blob does not
 *   bloat the index.
 */

export const MAX_TERM_LENGTH = 40;

const NON_ASCII = /[\u0080-\uffff]/;
const SPACELESS = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const SPACELESS_PIECES = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|[^\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+/gu;
/** Group 1: a handle (without @); otherwise a word run. Applied to normalised (lower-case) text. */
const TOKEN = /(?<![\p{L}\p{N}\p{M}_@])@([a-z0-9_]{1,50})(?![\p{L}\p{N}\p{M}_])|[\p{L}\p{N}\p{M}]+/gu;

/** NFKC, lower case, ё → е. */
export function normalizeText(text: string): string {
  // Plain ASCII is already in NFKC: skip the (comparatively slow) normalisation for it.
  const nfkc = NON_ASCII.test(text) ? text.normalize('NFKC') : text;
  const lower = nfkc.toLowerCase();
  return lower.includes('ё') ? lower.replace(/ё/g, 'е') : lower;
}

function cut(term: string): string {
  if (term.length <= MAX_TERM_LENGTH) return term;
  // By code points, so that a cut never splits a surrogate pair.
  return Array.from(term).slice(0, MAX_TERM_LENGTH).join('');
}

export interface TermOptions {
  /**
   * Queries: a handle stands for itself only (its parts are not separate
   * words to find), so "@example_press" asks for that handle, not for
   * "example" and "press" anywhere.
   */
  query?: boolean;
}

/**
 * Calls `emit(term, position, end)` for every term of `text` in order, the
 * first at `position`; `end` is where the term's run ends in the normalised
 * text. Returns the next free position.
 */
export function forEachTerm(
  text: string,
  position: number,
  emit: (term: string, position: number, end: number) => void,
  options: TermOptions = {},
): number {
  let next = position;
  const normal = normalizeText(text);
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(normal); match; match = TOKEN.exec(normal)) {
    const end = match.index + match[0].length;
    const handle = match[1];
    if (handle !== undefined) {
      emit(cut(`@${handle}`), next, end);
      if (options.query) {
        next++;
        continue;
      }
      for (const part of handle.split('_')) if (part) emit(cut(part), next++, end);
      continue;
    }
    const run = match[0];
    if (SPACELESS.test(run)) {
      for (const piece of run.match(SPACELESS_PIECES) ?? []) emit(cut(piece), next++, end);
    } else emit(cut(run), next++, end);
  }
  return next;
}

/** The terms of `text`, in order. */
export function termsOf(text: string, options: TermOptions = {}): string[] {
  const out: string[] = [];
  forEachTerm(text, 0, (term) => out.push(term), options);
  return out;
}

/**
 * Whether a term can stand for the words it begins (search as you type): two
 * characters at least, since every term one character could begin is in a
 * different shard. (A Han or kana character is a whole term of its own.)
 */
export function canBePrefix(term: string): boolean {
  return Array.from(term).length >= 2;
}

/**
 * The key a term is sharded by: its first two characters (code points), so
 * that every term a prefix of two or more characters can stand for is in the
 * prefix's own shard.
 */
export function termShardKey(term: string): string {
  const chars = Array.from(term);
  return chars.slice(0, 2).join('');
}
