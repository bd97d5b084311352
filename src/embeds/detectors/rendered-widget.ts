import type { Detector } from '../types';
import { tweetRefFromId, type TweetRef } from '../tweet-url';

/**
 * A tweet widgets.js has rendered: `div.twitter-tweet-rendered > iframe[data-tweet-id]`
 * (2020 onwards), the legacy `twitter-widget` element, or a bare
 * platform.twitter.com/embed/Tweet.html iframe. Its inside is cross-origin, so
 * the page cannot tell more than "a live embed is showing": leave it alone.
 */
export const renderedWidgetDetector: Detector = {
  kind: 'rendered-widget',
  selector:
    '.twitter-tweet-rendered, twitter-widget[data-tweet-id], iframe[data-tweet-id], iframe[src*="platform.twitter.com/embed/Tweet.html"], iframe[src*="platform.x.com/embed/Tweet.html"]',
  detect(el) {
    return { kind: this.kind, nodes: [el], tweet: readTweet(el), status: 'rendered' };
  },
};

function readTweet(el: Element): TweetRef | null {
  const frame = el.matches('iframe, twitter-widget') ? el : el.querySelector('iframe, twitter-widget');
  const id = frame?.getAttribute('data-tweet-id') ?? idFromSrc(frame?.getAttribute('src'));
  return tweetRefFromId(id);
}

function idFromSrc(src: string | null | undefined): string | null {
  if (!src) return null;
  try {
    return new URL(src, 'https://platform.twitter.com/').searchParams.get('id');
  } catch {
    return null;
  }
}
