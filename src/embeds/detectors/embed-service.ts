import { readQueryParam } from '../status-links';
import { INSIDE, type Detector } from '../types';
import { parseTweetUrl, type TweetRef } from '../tweet-url';

/**
 * The markup of an embed service (Iframely, Embedly) around a tweet: the
 * service's script, or the AMP runtime, builds the frame from it, and names
 * the tweet nowhere else (docs/embed-forms.md#embed-service).
 *
 * - a wrapper holding the tweet's URL in a data attribute (`data-embedded-url`,
 *   `data-oembed-url`) around a frame whose address was left in a data
 *   attribute (`data-iframely-url`, `data-src`);
 * - Iframely's own embed code: `a[data-iframely-url][href=<status>]` with no
 *   text, which embed.js replaces with the frame;
 * - AMP's Embedly components, `amp-embedly-card` (formerly `amp-embedly`) and
 *   its Bento form `bento-embedly-card`, with the tweet in `data-url`.
 *
 * Recognised by the service's attributes and components and by the tweet URL
 * they hold, never by a site's class names; a wrapper of anything but a tweet
 * (a video, a web page) is not reported.
 *
 * The frame is there with its address (`src`): rendered (cross-origin, no
 * verdict from outside). Otherwise it was never built: `broken` at once when
 * the page carries no script at all (an export or a saved page: nothing can
 * build it), else `pending` (`script-blocked`), broken after the grace period,
 * since the service's script fills a frame only as it scrolls into view.
 */
export const embedServiceDetector: Detector<'embed-service'> = {
  kind: 'embed-service',
  selector: [
    // Without data-url AMP cannot build them and neither can we: only those holding one are this form.
    'amp-embedly-card[data-url]',
    'amp-embedly[data-url]',
    'bento-embedly-card[data-url]',
    '[data-embedded-url]',
    '[data-oembed-url]',
    '[data-iframely-url]',
  ].join(', '),
  hooks: {
    // AMP's Embedly components are reached by the tweet address they hold.
    'amp-embedly-card[data-url]': '[data-url]',
    'amp-embedly[data-url]': '[data-url]',
    'bento-embedly-card[data-url]': '[data-url]',
    // An embed service's wrapper holds the frame it never filled; Iframely's own code is an empty status link.
    '[data-embedded-url]': INSIDE,
    '[data-oembed-url]': INSIDE,
    '[data-iframely-url]': INSIDE,
  },
  // The service's own attributes; AMP's components only when their data-url is a status address (the same part
  // as an id placeholder's, which covers the three components: each part costs the first look a pass).
  signs: '[data-url*="status" i], [data-embedded-url], [data-oembed-url], [data-iframely-url]',
  detect(el, context) {
    if (el.closest(context.containers)) return null;
    const tweet = readServiceTweet(el);
    if (!tweet) return null;
    const frame = el.matches('iframe') ? el : el.querySelector('iframe');
    const src = frame?.getAttribute('src')?.trim();
    if (src && src !== 'about:blank') return { kind: this.kind, nodes: [el], tweet, status: 'rendered' };
    if (el.matches('a') && (el.textContent ?? '').trim()) return null; // a link that shows itself: not left empty
    const nodes: [Element] = [el.matches('a') ? holderOf(el) : el];
    if (!el.ownerDocument.querySelector('script')) {
      return { kind: this.kind, nodes, tweet, status: 'broken', reason: 'script-blocked' };
    }
    return { kind: this.kind, nodes, tweet, status: 'pending', reason: 'script-blocked' };
  },
};

/** The tweet the service's markup names: its data attributes, the link's address, or the frame address's `url=`. */
function readServiceTweet(el: Element): TweetRef | null {
  for (const name of ['data-url', 'data-embedded-url', 'data-oembed-url']) {
    const tweet = parseTweetUrl(el.getAttribute(name));
    if (tweet) return tweet;
  }
  if (el.matches('a')) {
    const tweet = parseTweetUrl(el.getAttribute('href'));
    if (tweet) return tweet;
  }
  return parseTweetUrl(readQueryParam(el.getAttribute('data-iframely-url'), 'url'));
}

/**
 * The block Iframely's link stands in: the link and the wrappers around it
 * (two at most) as long as they hold nothing else but the service's script.
 */
function holderOf(link: Element): Element {
  let holder = link;
  for (let i = 0; i < 2; i++) {
    const parent = holder.parentElement;
    if (!parent || parent === parent.ownerDocument.body) break;
    const others = [...parent.children].filter((child) => child !== holder && !child.matches('script'));
    const words = [...parent.childNodes].some((node) => node.nodeType === 3 && (node.textContent ?? '').trim());
    if (others.length || words) break;
    holder = parent;
  }
  return holder;
}
