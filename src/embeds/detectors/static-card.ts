import type { Detector } from '../types';
import { RENDERED_WIDGET } from '../rendered-widgets';
import { STATUS_LINK } from '../status-links';
import { parseTweetUrl, type TweetRef } from '../tweet-url';

/** A card is one tweet's worth of markup: more elements than this is a section of the page. */
const MAX_CARD_ELEMENTS = 80;
/** Nor is it longer than a tweet, its author, date, counts and a quoted tweet. */
const MAX_CARD_TEXT = 2000;

/** What a tweet's permalink must not wrap: a link around a picture is a screenshot of the tweet. */
const MEDIA = 'img, picture, svg, video, canvas';
/** Where a site puts its own chrome; a "latest tweets" box there is not an embed (docs/detection.md). */
const PAGE_CHROME = 'aside, nav, [role="complementary"], [role="navigation"]';

/**
 * A publisher's own tweet card, rendered server-side from the tweet's data:
 * a `blockquote` or `figure` (with its own class names, never looked at) that
 * shows the tweet's text, names its author and its date, and links to its
 * status (docs/embed-forms.md#static-card). BuzzFeed's
 * `blockquote.bf-tweet` (tests/fixtures/embeds/static-card-buzzfeed-bf-tweet.real.html)
 * is one; so is the standard embed code with its class stripped by a CMS.
 * Recognised by structure only:
 *
 * - a status link, the permalink: the one around (or inside) a `time`, else the
 *   last one, as in the standard code (docs/embed-forms.md#widgets-blockquote); it
 *   must not wrap a picture (a screenshot linked to its status is not a card);
 * - the author: a link to the profile of the permalink's handle, or "@handle";
 * - the date: a `time` element, or a year or a clock time in the permalink;
 * - or, for both, the embed code's byline "— Name (@handle)" right before the
 *   permalink, after the tweet's words;
 * - the tweet's text: words outside the links;
 * - one tweet's size, no embed of another form inside it, and not in the
 *   page's chrome (`aside`, navigation).
 *
 * Status `rendered`: the text is on the page, nothing to repair.
 */
export const staticCardDetector: Detector<'static-card'> = {
  kind: 'static-card',
  selector: 'blockquote, figure',
  // A card is a blockquote or a figure (the blockquote is a hook already).
  hooks: { blockquote: 'blockquote', figure: 'figure' },
  // A card is recognised only with its permalink, a status link (STATUS_LINK, case-insensitive as readCard reads it).
  signs: STATUS_LINK,
  detect(el, context) {
    const tweet = readCard(el, context.containers);
    if (!tweet) return null;
    return { kind: this.kind, nodes: [el], tweet, status: 'rendered' };
  },
};

function readCard(card: Element, containers: string): TweetRef | null {
  if (card.getElementsByTagName('*').length > MAX_CARD_ELEMENTS) return null;
  const text = card.textContent ?? '';
  if (text.length > MAX_CARD_TEXT) return null;
  if (card.closest(`${containers}, ${PAGE_CHROME}`)) return null;
  if (card.querySelector(`${containers}, ${RENDERED_WIDGET}, iframe`)) return null;

  const permalink = findPermalink(card);
  if (!permalink) return null;
  const { link, tweet } = permalink;
  if (link.querySelector(MEDIA)) return null;
  // The embed code's own byline right before the permalink names the author and stands for the date (below).
  if (hasBylineBefore(card, link)) return tweet;
  if (!namesAuthor(card, tweet)) return null;
  if (!card.querySelector('time') && !/\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b/.test(link.textContent ?? '')) return null;
  if (!showsWords(card, tweet)) return null;
  return tweet;
}

/**
 * "— Name (@handle)" at the end of a text: the byline X's embed code writes before the permalink
 * (docs/embed-forms.md#widgets-blockquote).
 */
const BYLINE = /[\u2014\u2013]\s*[^\u2014\u2013()]{1,80}\(@\w{1,15}\)\s*$/u;

/**
 * The card's text up to its permalink ends with the embed code's byline, "— Name (@handle)", and words of the
 * tweet come before that byline. A publisher that writes the tweet out this way but leaves the permalink empty (or
 * pointing through its own account) still shows the tweet: its text and its author. A quotation is written with
 * the author's name, never with this byline and a status link after it.
 */
function hasBylineBefore(card: Element, link: Element): boolean {
  let before = '';
  const walk = (node: Node): boolean => {
    for (const child of node.childNodes) {
      if (child === link) return true;
      if (child.nodeType === 3) before += child.textContent ?? '';
      else if (child.nodeType === 1 && !(child as Element).matches('script, style, template') && walk(child))
        return true;
    }
    return false;
  };
  if (!walk(card)) return false;
  const byline = BYLINE.exec(before);
  return byline !== null && /\p{L}{2}/u.test(before.slice(0, byline.index));
}

/** The card's permalink: the status link around or in a `time`, else its last status link. */
function findPermalink(card: Element): { link: Element; tweet: TweetRef } | null {
  const links = [...card.querySelectorAll(STATUS_LINK)]
    .map((link) => ({ link, tweet: parseTweetUrl(link.getAttribute('href')) }))
    .filter((l): l is { link: Element; tweet: TweetRef } => l.tweet !== null);
  const dated = links.filter(({ link }) => link.querySelector('time') || link.closest('time'));
  return dated[dated.length - 1] ?? links[links.length - 1] ?? null;
}

/** A twitter.com/x.com profile address: its handle, or null. */
function readProfileHandle(href: string | null): string | null {
  const match = /^(?:https?:)?\/\/(?:www\.|mobile\.|m\.)?(?:twitter|x)\.com\/(?:#!\/)?(\w{1,15})\/?(?:[?#].*)?$/i.exec(
    href ?? '',
  );
  return match?.[1] ?? null;
}

/** The author is named: a link to the handle's profile, or the handle written as "@handle". */
function namesAuthor(card: Element, tweet: TweetRef): boolean {
  const handle = tweet.handle?.toLowerCase();
  if (!handle) return false;
  for (const a of card.querySelectorAll('a[href]')) {
    if (readProfileHandle(a.getAttribute('href'))?.toLowerCase() === handle) return true;
  }
  return (card.textContent ?? '').toLowerCase().includes(`@${handle}`);
}

/**
 * The tweet's own words: a word of two letters or more outside every link and
 * `time`, once the author's "@handle" is taken out (a credit line "Twitter: @x"
 * under a picture has none).
 */
function showsWords(card: Element, tweet: TweetRef): boolean {
  let words = '';
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) words += ` ${child.textContent ?? ''}`;
      else if (child.nodeType === 1 && !(child as Element).matches('a, time, script, style, template')) walk(child);
    }
  };
  walk(card);
  const handle = tweet.handle ? new RegExp(`@${tweet.handle}\\b`, 'gi') : null;
  return /\p{L}{2}/u.test(handle ? words.replace(handle, ' ') : words);
}
