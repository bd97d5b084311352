/**
 * Every date format the sources use (docs/data-formats.md#dates), normalised to ISO
 * 8601 in UTC to the millisecond, and the time a tweet's id holds
 * (docs/data-formats.md#time-from-the-id). Parsed by pattern, never by
 * Date.parse, whose handling of non-ISO strings differs between engines.
 */
import { isTweetId } from '../tweet-url';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const LONG_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function month(name: string): number {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i;
}

function iso(
  year: number,
  monthIndex: number,
  day: number,
  h = 0,
  m = 0,
  s = 0,
  ms = 0,
  offsetMinutes = 0,
): string | null {
  if (monthIndex < 0 || monthIndex > 11 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) return null;
  const time = Date.UTC(year, monthIndex, day, h, m, s, ms) - offsetMinutes * 60_000;
  const date = new Date(time);
  // Reject days that roll over (31 June).
  if (Number.isNaN(time) || new Date(Date.UTC(year, monthIndex, day)).getUTCDate() !== day) return null;
  return date.toISOString();
}

function offset(text: string): number {
  // "+0000", "+05:30", "-0800", "Z"
  if (text === 'Z' || text === '') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (!match) return NaN;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * Parses a date from any source format to ISO 8601 (UTC, milliseconds), or
 * null when it is not a full date and time in a known format:
 *  - ISO 8601 (syndication, account.js, manifest, WARC-Date): 2023-05-14T16:20:31.000Z
 *  - Twitter (export, API v1.1): Tue Jun 28 11:57:27 +0000 2022
 *  - Grailbird (pre-2018 export): 2015-01-24 02:02:37 +0000
 *  - JavaScript Date.toString (SingleFile "saved date"): Fri Jun 02 2023 10:15:42 GMT+0000 (…)
 *  - Wayback timestamp: 20230602101542
 *  - HTTP date (WARC payload headers): Fri, 02 Jun 2023 10:15:41 GMT
 */
export function normalizeDateTime(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  let m: RegExpExecArray | null;
  if (
    (m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text))
  ) {
    const off = offset(m[8] ?? 'Z');
    if (Number.isNaN(off)) return null;
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
    return iso(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), ms, off);
  }
  if ((m = /^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}) (\d{4})$/.exec(text))) {
    return iso(+m[7]!, month(m[1]!), +m[2]!, +m[3]!, +m[4]!, +m[5]!, 0, offset(m[6]!));
  }
  if (
    (m = /^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT([+-]\d{4})(?: \(.*\))?$/.exec(text))
  ) {
    return iso(+m[3]!, month(m[1]!), +m[2]!, +m[4]!, +m[5]!, +m[6]!, 0, offset(m[7]!));
  }
  if ((m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text))) {
    return iso(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  }
  if ((m = /^[A-Za-z]{3}, (\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/.exec(text))) {
    return iso(+m[3]!, month(m[2]!), +m[1]!, +m[4]!, +m[5]!, +m[6]!);
  }
  return null;
}

/** A calendar date ("2023-06-02") or a full date-time, as ISO 8601; null otherwise. */
export function normalizeDate(raw: string | null | undefined): string | null {
  if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw.trim())) {
    const [y, mo, d] = raw.trim().split('-').map(Number) as [number, number, number];
    return iso(y, mo - 1, d) ? raw.trim() : null;
  }
  return normalizeDateTime(raw);
}

/**
 * The calendar day of an English date label ("May 14, 2023", "14 May 2023"),
 * as oEmbed and embed blockquotes print it. Only used to check a label against
 * the id's time; the label is kept verbatim as createdAtRaw.
 */
export function parseDateLabel(label: string): string | null {
  const text = label.trim().toLowerCase();
  let m = /^([a-z]+)\.? (\d{1,2}),? (\d{4})$/.exec(text);
  if (m)
    return dayOf(
      +m[3]!,
      LONG_MONTHS.findIndex((n) => n.startsWith(m![1]!.slice(0, 3))),
      +m[2]!,
    );
  m = /^(\d{1,2}) ([a-z]+)\.?,? (\d{4})$/.exec(text);
  if (m)
    return dayOf(
      +m[3]!,
      LONG_MONTHS.findIndex((n) => n.startsWith(m![2]!.slice(0, 3))),
      +m[1]!,
    );
  return null;
}

function dayOf(year: number, monthIndex: number, day: number): string | null {
  const value = iso(year, monthIndex, day);
  return value ? value.slice(0, 10) : null;
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
  if (!isTweetId(id)) return null;
  const value = BigInt(id);
  if (value < FIRST_SNOWFLAKE) return null;
  const ms = (value >> 22n) + SNOWFLAKE_EPOCH;
  const date = new Date(Number(ms));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
