import { readPermalink } from '../status-links';
import { INSIDE, type Detector } from '../types';
import { hasVisibleText } from '../verdict';
import { parseTweetUrl, tweetRefFromId, type TweetRef } from '../tweet-url';

/** The data attributes a placeholder names its tweet in: an id, or the status URL. */
const ID_ATTRIBUTES = ['data-tweet-id', 'data-tweetid'];
const URL_ATTRIBUTES = ['data-url'];

/** Elements that carry a data-url for another purpose (share buttons, pictures, frames) and are never placeholders. */
const NOT_A_PLACEHOLDER =
  'a, button, input, select, textarea, img, picture, video, audio, iframe, frame, object, embed';
/** What a block that shows something holds. */
const CONTENT = 'img, picture, svg, video, canvas, object, embed, iframe[src]:not([src=""]):not([src="about:blank"])';

/**
 * A publisher's placeholder that names its tweet only in a data attribute
 * (`data-tweet-id`, `data-tweetid`, or the status URL in `data-url`) and
 * waits for the publisher's own script to turn it into a tweet: a
 * `blockquote[data-tweetid]` around an empty status link, a live blog's
 * `div[data-url]` (docs/embed-forms.md#id-placeholder;
 * tests/fixtures/embeds/id-placeholder-data-attributes.constructed.html).
 * Recognised by that attribute and by showing nothing at all: no text, no
 * picture, no loaded frame (an empty status link inside is allowed, it shows
 * nothing either). Never by the publisher's class names.
 *
 * It may still be filled: `pending` (`script-blocked`), broken after the grace
 * period.
 *
 * An element that names a tweet this way but shows something (a card of its
 * own, a timeline item) is not a placeholder: left to the forms found from
 * the status links inside it.
 */
export const idPlaceholderDetector: Detector<'id-placeholder'> = {
  kind: 'id-placeholder',
  selector: [...ID_ATTRIBUTES, ...URL_ATTRIBUTES].map((name) => `[${name}]`).join(', '),
  // Reached from what it is (a blockquote) or holds (its empty status link): a hook of its own, [data-tweet-id],
  // costs more than any other on the bench's heavy page. One that names the tweet by URL may hold nothing at all.
  hooks: { '[data-tweet-id]': INSIDE, '[data-tweetid]': INSIDE, '[data-url]': '[data-url]' },
  // The attribute itself; data-url only when it holds a status address (parseTweetUrl needs "status" in it),
  // not a share button's article address.
  signs: '[data-tweet-id], [data-tweetid], [data-url*="status" i]',
  detect(el, context) {
    if (el.matches(NOT_A_PLACEHOLDER)) return null;
    const tweet = readDataTweet(el);
    if (!tweet) return null;
    // Part of another form, or holding one. Not the element itself: the forms whose selectors it could match
    // come first in the registry, and `div.tweet` (Substack's card, found from its link) is also a common name
    // for an empty placeholder.
    if (el.parentElement?.closest(context.containers) || el.querySelector(context.containers)) return null;
    if (hasVisibleText(el) || el.querySelector(CONTENT)) return null;
    // The empty status link inside, when there is one, also gives the handle.
    const link = readPermalink(el);
    return {
      kind: this.kind,
      nodes: [el],
      tweet: link?.id === tweet.id ? link : tweet,
      status: 'pending',
      reason: 'script-blocked',
    };
  },
};

/** The tweet a placeholder's data attributes name. */
function readDataTweet(el: Element): TweetRef | null {
  for (const name of ID_ATTRIBUTES) {
    const tweet = tweetRefFromId(el.getAttribute(name)?.trim());
    if (tweet) return tweet;
  }
  for (const name of URL_ATTRIBUTES) {
    const tweet = parseTweetUrl(el.getAttribute(name));
    if (tweet) return tweet;
  }
  return null;
}
