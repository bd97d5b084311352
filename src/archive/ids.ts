import { hash53Hex } from './keys';

/**
 * An article's id: stable across rebuilds, derived from its original URL when
 * known, otherwise from its title and first paragraph.
 */
export function articleIdFor(url: string | null, title: string, firstParagraph: string): string {
  return `a${hash53Hex(url ?? `${title}\n${firstParagraph}`)}`;
}

/** Orders two tweet ids numerically without going through Number (docs/data-formats.md#ids-are-strings). */
export function compareTweetIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
