import { EMBED_BLOCKQUOTE, judgeBlockquote } from '../blockquote-verdict';
import type { Detector } from '../types';
import { embedFromVerdict } from '../verdict';

/**
 * The standard embed code: `blockquote.twitter-tweet` (and its video twin)
 * that widgets.js is meant to replace with an iframe (docs/embed-forms.md#widgets-blockquote).
 * The same markup comes pasted by hand, from publish.x.com (current, oEmbed
 * and pre-2017 shapes with any data-* options), from Hugo's tweet/twitter/x
 * shortcodes, from the classic WordPress editor and Jetpack, and from
 * userscripts that rebuild a missing embed. Its states (docs/embed-forms.md#states):
 *
 * - untouched → pending (`script-blocked`); broken after the grace period, or
 *   at once when the page carries no widgets.js at all;
 * - taken by widgets.js (data-twitter-extracted-*) but not rendered → pending
 *   (`widget-stalled`);
 * - `twitter-tweet-error` → broken (`widget-error`).
 *
 * A blockquote whose tweet is rendered elsewhere on the page (saved legacy
 * pages keep both) is dropped by the scanner as a twin.
 */
export const widgetsBlockquoteDetector: Detector<'widgets-blockquote'> = {
  kind: 'widgets-blockquote',
  selector: EMBED_BLOCKQUOTE,
  hooks: { 'blockquote.twitter-tweet': 'blockquote', 'blockquote.twitter-video': 'blockquote' },
  signs: EMBED_BLOCKQUOTE,
  container: EMBED_BLOCKQUOTE,
  detect(el, context) {
    const verdict = judgeBlockquote(el, context);
    if (!verdict) return null;
    return embedFromVerdict(this.kind, verdict, el);
  },
};
