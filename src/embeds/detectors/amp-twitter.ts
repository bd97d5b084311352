import { readPermalink } from '../status-links';
import type { Detector } from '../types';
import { tweetRefFromId } from '../tweet-url';

/**
 * AMP's `amp-twitter[data-tweetid]` (docs/embed-forms.md#amp-twitter). The AMP
 * runtime renders an iframe inside it; until then, or when it cannot, the
 * author's `blockquote[placeholder]` (or a `[fallback]` element) shows.
 * With its iframe: rendered. Without: pending, broken after the grace
 * period (docs/embed-forms.md#grace-period). The id is `data-tweetid`, else the placeholder's permalink.
 */
export const ampTwitterDetector: Detector<'amp-twitter'> = {
  kind: 'amp-twitter',
  selector: 'amp-twitter',
  // An amp-twitter the AMP runtime has not built holds nothing at all.
  hooks: { 'amp-twitter': 'amp-twitter' },
  // Whatever state it is in, it is the element itself.
  signs: 'amp-twitter',
  container: 'amp-twitter',
  detect(el) {
    const tweet = tweetRefFromId(el.getAttribute('data-tweetid')) ?? readPermalink(el);
    if (el.querySelector(':scope > iframe')) return { kind: this.kind, nodes: [el], tweet, status: 'rendered' };
    return { kind: this.kind, nodes: [el], tweet, status: 'pending', reason: 'script-blocked' };
  },
};
