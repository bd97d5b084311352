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

/** Twitter's snowflake epoch, 2010-11-04T01:42:54.657Z (docs/data-formats.md#time-from-the-id). */
const SNOWFLAKE_EPOCH = 1288834974657n;
/**
 * Tweets before snowflake ids were numbered in sequence, up to about 3·10¹⁰.
 * A snowflake id that small would date from the first seconds of the epoch,
 * before snowflake was in use: such ids carry no time, and decoding them
 * would date them to November 2010 (docs/data-formats.md#time-from-the-id).
 */
const FIRST_SNOWFLAKE = 30_000_000_000n;

/** The creation time encoded in a tweet id, as ISO 8601 to the millisecond, or null for pre-snowflake ids. */
export function snowflakeTime(id: string): string | null {
  if (!/^[1-9][0-9]{0,19}$/.test(id)) return null;
  const value = BigInt(id);
  if (value < FIRST_SNOWFLAKE) return null;
  const ms = (value >> 22n) + SNOWFLAKE_EPOCH;
  const date = new Date(Number(ms));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Orders two tweet ids numerically without going through Number (docs/data-formats.md#ids-are-strings). */
export function compareTweetIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : compareText(a, b);
}
