/**
 * The texts sites show in place of a tweet that did not load
 * (shared/docs/embed-variants.md §2.1 and §4). Shared by the page detector and
 * the text importer, so that "Loading Tweet ..." is recognised the same way in
 * a live page and in a saved copy of its text.
 */

/** Normalise whitespace and typographic variants so wording can be compared. */
export function normalizeVisibleText(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Phrases of the "Loading Tweet … / Tweet not loading? See it / View it on
 * Twitter" family. Each must match a whole phrase; a block is a fallback only
 * when its text is made of these phrases and nothing else.
 */
const FALLBACK_PHRASES: readonly RegExp[] = [
  // "Loading Tweet ..." but not Privacy Badger's stand-in "Loading Tweet ID 123".
  /loading (?:the )?(?:tweet|post)(?! id)(?: ?\.{1,3})?/gi,
  /(?:tweet|post) (?:not loading|failed to load|could not be loaded|didn't load)[?.!]?/gi,
  /(?:see|view|read|open) (?:it|this|the|this tweet|the tweet|this post|the post)(?: directly)? on (?:twitter|x)(?: ?\(?formerly twitter\)?)?[.!]?/gi,
  /\(this tweet includes an image\)/gi,
];

/** Phrases that say the block is still (or stuck) loading: one must be present. */
const LOADING_MARKER =
  /loading (?:the )?(?:tweet|post)(?! id)|(?:tweet|post) (?:not loading|failed to load|could not be loaded|didn't load)/i;

/**
 * True when the text is entirely made of fallback phrases (punctuation and
 * whitespace aside) and says the tweet is (not) loading.
 */
export function isFallbackText(text: string): boolean {
  const normalized = normalizeVisibleText(text);
  if (normalized.length === 0 || normalized.length > 240) return false;
  if (!LOADING_MARKER.test(normalized)) return false;
  let rest = normalized;
  for (const phrase of FALLBACK_PHRASES) rest = rest.replace(phrase, ' ');
  return /^[\s.,:;!?…()\-–—|·]*$/.test(rest);
}
