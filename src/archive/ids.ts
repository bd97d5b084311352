import { hash53Hex } from './keys';
import { compareText } from '../util/compare-text';

/**
 * An article's id: stable across rebuilds, derived from its original URL when
 * known, otherwise from its title and first paragraph.
 */
export function articleIdFor(url: string | null, title: string, firstParagraph: string): string {
  return `a${hash53Hex(url ?? `${title}\n${firstParagraph}`)}`;
}

/** What articleIdFor gives: "a" and the 14 hex digits of a 53-bit hash. */
const ARTICLE_ID = /^a[0-9a-f]{14}$/;

/** True for a string that is an article id (what articleIdFor gives). */
export function isArticleId(value: unknown): value is string {
  return typeof value === 'string' && ARTICLE_ID.test(value);
}

/** Orders two tweet ids numerically without going through Number (docs/data-formats.md#ids-are-strings). */
export function compareTweetIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : compareText(a, b);
}
