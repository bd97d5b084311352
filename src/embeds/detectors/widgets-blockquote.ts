import type { Detector } from '../types';
import { parseTweetUrl, type TweetRef } from '../tweet-url';

/**
 * The standard embed code: `blockquote.twitter-tweet` (and its video twin)
 * that widgets.js is meant to replace with an iframe (embed-variants.md §2.2).
 *
 * - `twitter-tweet-error`: widgets.js ran and failed → broken at once.
 * - otherwise the blockquote may still be rendered → pending; broken if it
 *   is still here after the grace period.
 * - a raw blockquote whose tweet is already rendered elsewhere on the page
 *   (saved legacy pages keep both) is the same embed: not reported twice.
 */
export const widgetsBlockquoteDetector: Detector = {
  kind: 'widgets-blockquote',
  selector: 'blockquote.twitter-tweet, blockquote.twitter-video',
  detect(el, { document }) {
    const tweet = readPermalink(el);
    if (tweet && hasRenderedTwin(document, tweet.id)) return null;
    if (el.classList.contains('twitter-tweet-error')) {
      return { kind: this.kind, nodes: [el], tweet, status: 'broken', reason: 'widget-error' };
    }
    return { kind: this.kind, nodes: [el], tweet, status: 'pending', reason: 'script-blocked' };
  },
};

/** The permalink is the blockquote's last status link; earlier links are mentions, hashtags, t.co. */
function readPermalink(blockquote: Element): TweetRef | null {
  const links = blockquote.querySelectorAll('a[href]');
  for (let i = links.length - 1; i >= 0; i--) {
    const tweet = parseTweetUrl(links[i]?.getAttribute('href'));
    if (tweet) return tweet;
  }
  return null;
}

function hasRenderedTwin(document: Document, id: string): boolean {
  return document.querySelector(`[data-tweet-id="${id}"]`) !== null;
}
