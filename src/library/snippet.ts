/**
 * The text a list shows under each title: the opening of a record when
 * browsing, the passage around the match when searching. About
 * SNIPPET_LENGTH characters, cut on word boundaries, "…" where text was left
 * out, white space collapsed (a list shows one paragraph).
 */
import { matchesWord, type QueryWord } from './query';
import { normalizeText, termsOf } from './terms';

export const SNIPPET_LENGTH = 160;
/** How much text a snippet shows before its match, at most. */
const CONTEXT_BEFORE = 40;

const RUN = /(?<![\p{L}\p{N}\p{M}_@])@[A-Za-z0-9_]{1,50}(?![\p{L}\p{N}\p{M}_])|[\p{L}\p{N}\p{M}]+/gu;

export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A record's text up to this long is kept whole in the catalog (every tweet): its snippets need no record read. */
export const WHOLE_TEXT_LENGTH = 400;

/**
 * What the catalog keeps of a record's text: all of it, collapsed, when it
 * is short (`complete`: a tweet), else its first segments cut to about
 * `max` characters.
 */
export function openingText(segments: readonly string[], max = SNIPPET_LENGTH): { text: string; complete: boolean } {
  let text = '';
  for (const segment of segments) {
    const collapsed = collapseSpace(segment);
    if (!collapsed) continue;
    text = text ? `${text} ${collapsed}` : collapsed;
    if (text.length > WHOLE_TEXT_LENGTH) return { text: excerpt(text, 0, 0, max), complete: false };
  }
  return { text, complete: true };
}

/**
 * About `max` characters of `text` showing [matchStart, matchEnd): starting
 * a little before the match, on a word boundary, ending on one.
 */
export function excerpt(text: string, matchStart: number, matchEnd: number, max = SNIPPET_LENGTH): string {
  if (text.length <= max) return text;
  let start = 0;
  if (matchStart > CONTEXT_BEFORE) {
    // Begin at the first word that leaves CONTEXT_BEFORE characters or fewer before the match,
    // but never so late that the end of the text would leave the window half empty.
    const earliest = Math.max(0, Math.min(matchStart - CONTEXT_BEFORE, text.length - max));
    const space = text.indexOf(' ', earliest);
    start = earliest === 0 ? 0 : space >= 0 && space < matchStart ? space + 1 : matchStart;
  }
  let end = Math.min(text.length, start + max);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > Math.max(start, matchEnd)) end = space;
    // Never split a surrogate pair when a single word is longer than the window.
    else if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
  }
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}

export interface Snippet {
  text: string;
  /** Which segment the snippet is from. */
  segment: number;
}

/**
 * The passage of `segments` that best shows the query: the first segment
 * holding the most of its words, around their first match; null when no
 * segment holds any (the record matched by its heading or its id).
 */
export function findSnippet(
  segments: readonly string[],
  words: readonly QueryWord[],
  max = SNIPPET_LENGTH,
): Snippet | null {
  // What to look for in a normalised segment before reading it word by word.
  const needles = words.map((w) => (w.term.startsWith('@') ? w.term.slice(1) : w.term));
  let best: { segment: number; count: number; start: number; end: number; text: string } | null = null;
  for (let i = 0; i < segments.length; i++) {
    const text = collapseSpace(segments[i] as string);
    const normal = normalizeText(text);
    // Substrings are a cheap upper bound on the words a segment holds: skip those that cannot beat the best.
    const possible = needles.filter((n) => normal.includes(n)).length;
    if (possible === 0 || (best && possible <= best.count)) continue;
    const found = new Set<number>();
    let start = -1;
    let end = -1;
    RUN.lastIndex = 0;
    for (let run = RUN.exec(text); run; run = RUN.exec(text)) {
      const terms = termsOf(run[0]);
      let hit = false;
      words.forEach((word, k) => {
        if (terms.some((term) => matchesWord(word, term))) {
          found.add(k);
          hit = true;
        }
      });
      if (hit && start < 0) {
        start = run.index;
        end = run.index + run[0].length;
      }
      if (found.size === words.length) break;
    }
    if (found.size > (best?.count ?? 0)) best = { segment: i, count: found.size, start, end, text };
    if (found.size === words.length) break;
  }
  return best ? { text: excerpt(best.text, best.start, best.end, max), segment: best.segment } : null;
}
