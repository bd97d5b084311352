/**
 * The texts sites show in place of a tweet (docs/embed-forms.md#placeholder-wording):
 * the "Loading Tweet … / Tweet not loading? See it / View it on
 * Twitter" family, and the "This Post is unavailable." family of tombstones.
 * Shared by the page detectors and the text importer, so that a placeholder is
 * recognised the same way in a live page and in a saved copy of its text.
 *
 * Wording varies from site to site, so a text is judged by what it is made
 * of, not matched against a list of whole sentences: it must say that the
 * tweet is (not) loading, or that it is gone, and consist of nothing but such
 * phrases, "see it on X" link phrases, tweet URLs, @handles and punctuation.
 * Prose that quotes a phrase always has words left over, so it never counts.
 */
import { BoundedCache } from '../util/bounded-cache';

/** Normalise whitespace and typographic variants so wording can be compared. */
export function normalizeVisibleText(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim();
}

export type PlaceholderWording = 'loading' | 'unavailable';

/** Longest normalised text a placeholder may have: a sentence or two, never a paragraph of prose. */
const MAX_PLACEHOLDER_LENGTH = 280;

const TWEET = String.raw`(?:embedded |the |this |that |a )?(?:x |twitter )?(?:tweet|post|embed)s?`;
const NOT = String.raw`(?:is |are |was )?(?:not|isn't|aren't|wasn't|won't|will not|doesn't|does not|didn't|did not|can't|cannot|could not|couldn't|failed to|fails to)(?: be)?`;
const SHOW = String.raw`(?:loading|load|loaded|showing|show|shown|displaying|display|displayed|appearing|appear|visible|working|rendering|render|rendered)`;
const ON_X = String.raw`(?:on|at|in) (?:twitter|x)(?:\.com)?(?: \(?formerly (?:known as )?twitter\)?)?`;

/** "Loading Tweet ...", "Tweet not loading?", "Unable to load this post" (not Privacy Badger's "Loading Tweet ID 123"). */
const LOADING_PHRASES = [
  String.raw`loading ${TWEET}(?! id\b)`,
  String.raw`${TWEET} ${NOT} ${SHOW}`,
  String.raw`${TWEET} (?:is )?loading`,
  String.raw`(?:unable to|could not|couldn't|can't|cannot|failed to) (?:load|display|show|render) ${TWEET}`,
  String.raw`(?:can't|cannot|can not|unable to|don't|do not) see ${TWEET}`,
  String.raw`having (?:trouble|problems|issues) (?:seeing|viewing|loading) ${TWEET}`,
  String.raw`if ${TWEET} ${NOT} ${SHOW}`,
];

/**
 * "This Post is unavailable.", X's 404 and API texts, react-tweet's "Tweet not found"
 * (docs/embed-forms.md#placeholder-wording).
 */
const UNAVAILABLE_PHRASES = [
  // Longest first: the alternation takes the first phrase that matches at a position.
  String.raw`${TWEET} (?:was|has been) deleted by (?:the |its )?(?:${TWEET} )?author`,
  String.raw`${TWEET} (?:is |has been |was )?(?:unavailable|not available|no longer available|not found|deleted|removed)(?: right now| anymore| for id:? ?\d*)?`,
  String.raw`${TWEET} violated (?:the )?(?:x|twitter) rules`,
  String.raw`you're unable to view ${TWEET} because this account owner limits who can view their (?:tweets|posts)`,
  String.raw`${TWEET} (?:is )?from (?:a suspended account|an account that no longer exists)`,
  String.raw`(?:hmm\.*\s*)?this page (?:doesn't|does not) exist`,
  String.raw`sorry,? that page (?:doesn't|does not) exist`,
  String.raw`sorry,? you are not authori[sz]ed to see this status`,
  String.raw`the embedded ${TWEET} could not be found(?:\.+ please check the (?:tweet|post) id and try again)?`,
];

/** Link and filler phrases that may accompany either family but never make a placeholder alone. */
const COMPANION_PHRASES = [
  String.raw`(?:click|tap) here(?: to (?:see|view|read|open) (?:it|${TWEET}|the original)(?: directly)?)?(?: ${ON_X})?`,
  String.raw`(?:see|view|read|open|show|visit|go to|check)(?: (?:it|${TWEET}|the original(?: ${TWEET})?))?(?: directly)?(?: ${ON_X}| here)`,
  String.raw`(?:see|view|read|open) (?:it|${TWEET}) directly`,
  String.raw`\(?${TWEET} includes? (?:an image|a video|images|videos|media|a photo|photos|a gif)\)?`,
  String.raw`(?:${TWEET} )?(?:by|from) @[a-z0-9_]{1,15}`,
  String.raw`try searching for something else`,
  String.raw`learn more`,
  String.raw`\b(?:or|and|please|instead|here|x|twitter)\b`,
];

// Tweet URLs and @handles stand for themselves in a placeholder ("Loading tweet… twitter.com/a/status/1").
const URL_TOKEN = /\S*\/status(?:es)?\/\d+\S*/gi;
const HANDLE_TOKEN = /@[a-z0-9_]{1,15}\b/gi;
const LEFTOVER = /^[\s.,:;!?()\-–—|·"'«»[\]…]*$/;

const compile = (sources: string[], flags: string) => new RegExp(sources.join('|'), flags);
const LOADING_MARKER = compile(LOADING_PHRASES, 'i');
const UNAVAILABLE_MARKER = compile(UNAVAILABLE_PHRASES, 'i');
const EVERY_PHRASE = [
  compile(UNAVAILABLE_PHRASES, 'gi'),
  compile(LOADING_PHRASES, 'gi'),
  ...COMPANION_PHRASES.map((source) => new RegExp(source, 'gi')),
];

/**
 * Every phrase that marks a placeholder names the tweet ("tweet", "post",
 * "embed") or X's page ("this page doesn't exist", "see this status"). A text
 * without any of these words can be neither family, whatever else it says.
 */
const MARKER_WORD = /tweet|post|embed|page|status/i;

/**
 * Whether a text could be placeholder wording: a cheap test that needs no
 * normalising, true for every text classifyPlaceholderText accepts. Running
 * prose around status links almost never names a tweet, and this test is what
 * a scan pays for it (docs/performance.md, "Detection").
 */
export function mayBePlaceholderText(text: string): boolean {
  return MARKER_WORD.test(text);
}

/**
 * What a short text says in place of a tweet: that it is (still, or stuck)
 * loading, that it is gone, or nothing of the kind (null).
 */
export function classifyPlaceholderText(text: string): PlaceholderWording | null {
  // Normalising only replaces quotes, ellipses and whitespace: it never makes a marker word.
  if (!mayBePlaceholderText(text)) return null;
  // A site's placeholders all read alike, and a block is judged again when its grace period ends.
  if (text.length > MAX_REMEMBERED_TEXT) return classifyWording(text);
  const known = recentWordings.get(text);
  if (known !== undefined) return known;
  const wording = classifyWording(text);
  recentWordings.set(text, wording);
  return wording;
}

/** How many recent texts keep their verdict, and how long one may be (a placeholder's, with its markup's spaces). */
const RECENT_WORDINGS = 64;
const MAX_REMEMBERED_TEXT = 1000;
const recentWordings = new BoundedCache<string, PlaceholderWording | null>({ maxEntries: RECENT_WORDINGS });

/**
 * The wording classifier itself, without the marker-word shortcut or the
 * memo in front of it: what classifyPlaceholderText must answer for every
 * text (the unit tests hold the two side by side).
 */
export function classifyWording(text: string): PlaceholderWording | null {
  const normalized = normalizeVisibleText(text);
  if (normalized.length === 0 || normalized.length > MAX_PLACEHOLDER_LENGTH) return null;
  const unavailable = UNAVAILABLE_MARKER.test(normalized);
  if (!unavailable && !LOADING_MARKER.test(normalized)) return null;
  let rest = normalized.replace(URL_TOKEN, ' ');
  for (const phrase of EVERY_PHRASE) rest = rest.replace(phrase, ' ');
  if (!LEFTOVER.test(rest.replace(HANDLE_TOKEN, ' '))) return null;
  return unavailable ? 'unavailable' : 'loading';
}

/** True when the text is a "tweet (not) loading" placeholder and nothing else. */
export function isFallbackText(text: string): boolean {
  return classifyPlaceholderText(text) === 'loading';
}

/** True when the text is a "this tweet is gone" tombstone and nothing else. */
export function isUnavailableText(text: string): boolean {
  return classifyPlaceholderText(text) === 'unavailable';
}
