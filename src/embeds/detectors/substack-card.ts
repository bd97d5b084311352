import { readJsonTweetUrl, readPermalink } from '../status-links';
import type { Detector } from '../types';
import { hasVisibleText } from '../verdict';
import { parseTweetUrl, type TweetRef } from '../tweet-url';

const TWITTER2TODOM = '[data-component-name="Twitter2ToDOM"]';

/**
 * Substack's own tweet cards (docs/embed-forms.md#substack-card): Substack renders the
 * tweet's text itself, without widgets.js, so a card that shows text is
 * rendered and left alone.
 * - the static card (≤ 2022): `div.tweet > a.tweet-link-top[href] + a.tweet-link-bottom`;
 * - the Twitter2ToDOM widget: `a[data-component-name="Twitter2ToDOM"][href] > div.twitter-embed`,
 *   or `div.twitter-embed[data-component-name="Twitter2ToDOM"][data-attrs='{"url":…}']`.
 * The data-attrs form is empty until Substack's script fills it in: an empty
 * card is pending, and broken if it stays empty after the grace period.
 */
export const substackCardDetector: Detector<'substack-card'> = {
  kind: 'substack-card',
  selector: `a.tweet-link-top, ${TWITTER2TODOM}`,
  hooks: {
    // Its href is the tweet's URL.
    'a.tweet-link-top': 'a[href*="/status"]',
    // The data-attrs card is empty until Substack's script fills it in.
    [TWITTER2TODOM]: TWITTER2TODOM,
  },
  signs: `a.tweet-link-top, ${TWITTER2TODOM}`,
  container: `div.tweet, ${TWITTER2TODOM}`,
  detect(el) {
    const card = el.matches(TWITTER2TODOM) ? el : (el.closest('div.tweet') ?? el);
    const tweet =
      parseTweetUrl(el.getAttribute('href')) ??
      readDataAttrsUrl(el) ??
      readDataAttrsUrl(el.querySelector('[data-attrs]')) ??
      readPermalink(el);
    if (!tweet) return null;
    if (hasVisibleText(card)) return { kind: this.kind, nodes: [card], tweet, status: 'rendered' };
    return { kind: this.kind, nodes: [card], tweet, status: 'pending', reason: 'script-blocked' };
  },
};

/** The `url` key of Substack's data-attrs JSON. */
function readDataAttrsUrl(el: Element | null): TweetRef | null {
  return readJsonTweetUrl(el?.getAttribute('data-attrs'));
}
