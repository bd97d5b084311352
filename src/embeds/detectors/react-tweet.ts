import { classifyPlaceholderText } from '../fallback-text';
import { STATUS_LINK } from '../status-links';
import type { Detector } from '../types';
import { hasVisibleText } from '../verdict';
import { parseTweetUrl, tweetRefFromId, type TweetRef } from '../tweet-url';

/**
 * Pages built with Vercel's react-tweet: `div.react-tweet-theme > article`
 * (its TweetContainer; the other class names are hashed CSS modules). The
 * library renders the tweet from the syndication API itself:
 * - a tweet with text and its permalink → rendered;
 * - `<TweetNotFound>`: "Tweet not found" / "The embedded tweet could not be
 *   found…" (docs/embed-forms.md#react-tweet) → unavailable. It names no tweet, except
 *   for forks that print "Tweet not found for ID: <id>".
 * The loading skeleton has no text and no link: no verdict.
 */
export const reactTweetDetector: Detector<'react-tweet'> = {
  kind: 'react-tweet',
  selector: '.react-tweet-theme',
  // "Tweet not found" shows no link.
  hooks: { '.react-tweet-theme': '.react-tweet-theme' },
  signs: '.react-tweet-theme',
  container: '.react-tweet-theme',
  detect(el) {
    const text = el.textContent ?? '';
    if (classifyPlaceholderText(text) === 'unavailable') {
      const tweet = readPermalink(el) ?? tweetRefFromId(/for id:? ?(\d{1,20})/i.exec(text)?.[1]);
      return { kind: this.kind, nodes: [el], tweet, status: 'unavailable' };
    }
    const tweet = readPermalink(el);
    if (!tweet || !hasVisibleText(el)) return null;
    return { kind: this.kind, nodes: [el], tweet, status: 'rendered' };
  },
};

/**
 * The tweet's own permalink: the link around its date (`a > time`), the last
 * one, since a quoted tweet's header comes before it; else the last status link.
 */
function readPermalink(el: Element): TweetRef | null {
  const links = [...el.querySelectorAll(STATUS_LINK)];
  const dated = links.filter((a) => a.querySelector('time'));
  for (const link of [...dated.reverse(), ...links.reverse()]) {
    const tweet = parseTweetUrl(link.getAttribute('href'));
    if (tweet) return tweet;
  }
  return null;
}
