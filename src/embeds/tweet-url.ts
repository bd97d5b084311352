/**
 * One parser for every tweet status URL shape seen in real markup
 * (docs/embed-forms.md#status-urls), normalised to one canonical URL.
 *
 * Ids stay strings end to end: every id since ~2012 exceeds 2^53, so a trip
 * through Number would silently change it.
 */
import { parseUrl } from '../util/parse-url';

export interface TweetRef {
  /** Decimal snowflake id, exactly as written in the URL. */
  id: string;
  /**
   * Screen name when the URL carries one X could give an account today (1-15 word characters);
   * `null` for the /i/web/status/ forms and for any other segment.
   */
  handle: string | null;
  /** Canonical permalink: https://x.com/<handle>/status/<id> or https://x.com/i/web/status/<id>. */
  url: string;
}

const TWITTER_HOSTS = new Set([
  'twitter.com',
  'www.twitter.com',
  'mobile.twitter.com',
  'm.twitter.com',
  'x.com',
  'www.x.com',
  'mobile.x.com',
  'm.x.com',
]);

/**
 * Mirrors that serve the same post under the same path (a URL canonicaliser's
 * list, docs/embed-forms.md#status-urls). FxTwitter-style hosts also answer on d./g.
 * ("direct media", "gallery") and www. subdomains.
 */
const MIRROR_DOMAINS = new Set([
  'fxtwitter.com',
  'vxtwitter.com',
  'fixupx.com',
  'fixvx.com',
  'twittpr.com',
  'xcancel.com',
  'nitter.net',
]);

/** Nitter runs on many community hosts named nitter.<domain> (nitter.poast.org, nitter.privacydev.net…). */
function isMirrorHost(host: string): boolean {
  return MIRROR_DOMAINS.has(host.replace(/^(?:www|d|g|m)\./, '')) || /^nitter\.[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host);
}

/**
 * A status path as X routes it: X ignores the segment before /status/ and
 * redirects to the post's own author, so any segment goes (16 characters and
 * more, legacy and made-up names, percent escapes), as do /i/web/status/<id>,
 * /i/status/<id> and the old /statuses/<id>. This is the grammar of yt-dlp's
 * TwitterIE, which follows X's routing for the links people share:
 * `(?:(?:i/web|[^/]+)/status|statuses)/(?P<id>\d+)`
 * (https://github.com/yt-dlp/yt-dlp/blob/master/yt_dlp/extractor/twitter.py).
 * group 1 = the segment (absent for /i/web/status/ and /statuses/); group 2 = id.
 * A valid id has 1-20 digits and no leading zero (unsigned 64-bit snowflake).
 */
const STATUS_PATH = /^\/(?:(?:i\/web|([^/\s]+))\/status(?:es)?|statuses)\/([1-9][0-9]{0,19})(?:\/.*)?$/i;

/** What X lets an account be called (help.x.com, "username rules"): kept as the handle; anything else is not. */
const HANDLE = /^[A-Za-z0-9_]{1,15}$/;

// https://web.archive.org/web/20220309123456/https://twitter.com/… (optional id_/js_/if_… flag)
const WAYBACK_PREFIX = /^(?:https?:)?\/\/web\.archive\.org\/web\/\d{1,14}(?:[a-z]{2}_)?\//i;

const MAX_ID = 18446744073709551615n; // 2^64 - 1

/** Parse any string; returns null for anything that is not a tweet status URL. Never throws. */
export function parseTweetUrl(input: string | null | undefined): TweetRef | null {
  if (typeof input !== 'string') return null;
  let raw = input.trim();
  if (raw.length === 0 || raw.length > 2048) return null;
  raw = raw.replace(WAYBACK_PREFIX, '');
  if (raw.startsWith('//')) raw = `https:${raw}`;
  if (!/^https?:\/\//i.test(raw)) {
    // Bare text such as "twitter.com/a/status/1" in an unresolved embed wrapper.
    if (!/^(?:www\.|mobile\.|m\.)?(?:twitter|x)\.com\//i.test(raw)) return null;
    raw = `https://${raw}`;
  }
  const path = DIRECT_URL.exec(raw)?.[1] ?? readPath(raw);
  if (path === null) return null;
  const match = STATUS_PATH.exec(path);
  if (!match) return null;
  const id = match[2] as string;
  if (BigInt(id) > MAX_ID) return null;
  const segment = match[1];
  const handle = segment && segment.toLowerCase() !== 'i' && HANDLE.test(segment) ? segment : null;
  return { id, handle, url: canonicalTweetUrl(id, handle) };
}

/**
 * The everyday shape, https://x.com/<handle>/status/<id> with plain path
 * characters, read without the URL parser: a scan parses every status link of
 * the page, and `new URL` was most of that (docs/performance.md, "Detection").
 * Anything else (mirrors, credentials, ports, escapes, dot segments,
 * whitespace) goes through readPath, which gives the same path for these.
 */
const DIRECT_URL =
  /^https?:\/\/(?:www\.|mobile\.|m\.)?(?:twitter|x)\.com(\/[A-Za-z0-9_]+\/status(?:es)?\/[0-9]+(?:\/[A-Za-z0-9_/]*)?)(?:[?#][^\s\\]*)?$/i;
// (Every path this accepts, readPath gives unchanged: word characters need no normalising.)

/** The path of a tweet URL on a Twitter or mirror host (or of its hashbang fragment), else null. */
function readPath(raw: string): string | null {
  const url = parseUrl(raw);
  if (!url) return null;
  if (url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase();
  if (!TWITTER_HOSTS.has(host) && !isMirrorHost(host)) return null;
  // Old hashbang permalinks keep the path in the fragment: twitter.com/#!/user/status/1
  return url.pathname === '/' && url.hash.startsWith('#!/') ? url.hash.slice(2).replace(/[?#].*$/, '') : url.pathname;
}

/** A reference built from an id read outside a URL (data-tweet-id, data-tweetid). */
export function tweetRefFromId(id: string | null | undefined, handle: string | null = null): TweetRef | null {
  return isTweetId(id) ? { id, handle, url: canonicalTweetUrl(id, handle) } : null;
}

export function canonicalTweetUrl(id: string, handle: string | null): string {
  return handle ? `https://x.com/${handle}/status/${id}` : `https://x.com/i/web/status/${id}`;
}

/** True for a string that is a tweet id (decimal, 1-20 digits, no leading zero, ≤ 2^64-1). */
export function isTweetId(value: unknown): value is string {
  return typeof value === 'string' && /^[1-9][0-9]{0,19}$/.test(value) && BigInt(value) <= MAX_ID;
}
