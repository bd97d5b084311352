/**
 * How the archive is keyed. Shared by the builder (node) and by the content
 * script, which sends keys — never page text — to the background. Keep this
 * file free of dependencies but src/util/ (itself dependency-free): it is
 * bundled into the content script.
 */
import { compareText } from '../util/compare-text';
import { parseUrl } from '../util/parse-url';

/** cyrb53: a fast, well-distributed 53-bit string hash (public domain, bryc). */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export function hash53Hex(text: string): string {
  return hash53(text).toString(16).padStart(14, '0');
}

/** Paragraphs shorter than this (after normalising) are too generic to identify an article. */
export const MIN_PARAGRAPH_CHARS = 40;
export const MIN_TITLE_CHARS = 12;

/** A character beyond ASCII (a UTF-16 unit of 0x80 or more, surrogates included). */
const BEYOND_ASCII = /[\u0080-\uffff]/;

/**
 * Letters and digits only, lower case: survives curly quotes, dashes, markup and spacing changes.
 * Text that is ASCII alone takes a path of its own with the same result: NFKC leaves ASCII as it
 * is, and its letters and digits are A–Z, a–z and 0–9. Firefox runs the Unicode property class
 * about three times slower than V8 (on the heavy page's 1,008 paragraphs, measured in the page: 6.0
 * ms against 2.0 ms for this path, Chromium 1.9 against 1.6 ms; the largest single cost of Tweet
 * Mender's code in Firefox's profile: docs/performance.md, "Firefox main-thread time").
 */
export function normalizeForFingerprint(text: string): string {
  if (!BEYOND_ASCII.test(text))
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Fingerprint of a paragraph (or title), or null when it is too short to mean anything. */
export function fingerprintText(text: string, minChars = MIN_PARAGRAPH_CHARS): string | null {
  const normalized = normalizeForFingerprint(text);
  return normalized.length >= minChars ? hash53Hex(normalized) : null;
}

/** Title variants: "Title - Site Name" also yields "Title". */
export function titleFingerprints(title: string): string[] {
  const parts = [title, ...title.split(/\s+[-|–—·:]{1,2}\s+/)];
  const out = new Set<string>();
  for (const part of parts) {
    const fp = fingerprintText(part, MIN_TITLE_CHARS);
    if (fp) out.add(fp);
  }
  return [...out];
}

// Only parameters that never identify an article (phpBB's ?t=123 does: keep t, s and the like).
const TRACKING_PARAM = /^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ref|ref_src|ref_url|amp)$/i;

/**
 * A page URL reduced to what identifies the article: no scheme, no "www.",
 * no fragment, no tracking parameters, no trailing slash, no AMP suffix.
 * Returns null for anything that is not an http(s) URL.
 */
export function normalizePageUrl(input: string): string | null {
  const url = parseUrl(input);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  const host = url.hostname
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/^amp\./, '');
  const path = url.pathname.replace(/\/amp\/?$/, '/').replace(/\/+$/, '') || '';
  const params = [...url.searchParams.entries()]
    .filter(([key]) => !TRACKING_PARAM.test(key))
    .sort(([a], [b]) => compareText(a, b));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `${host}${path}${query}`;
}

/** Which shard of `count` holds `key`. */
export function shardOf(key: string, count: number): number {
  return count <= 1 ? 0 : hash53(key, 7) % count;
}

export function shardFileName(index: number, count: number): string {
  const width = Math.max(1, (count - 1).toString(16).length);
  return `${index.toString(16).padStart(width, '0')}.json`;
}
