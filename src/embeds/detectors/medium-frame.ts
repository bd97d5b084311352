import { judgeEmbedFrame } from '../frames';
import { readQueryParam } from '../status-links';
import type { Detector } from '../types';
import { embedFromVerdict } from '../verdict';
import { parseTweetUrl } from '../tweet-url';

/**
 * A live Medium page's tweet (docs/embed-forms.md#medium-frame):
 * `iframe.progressiveMedia-iframe[src="/media/<id>?postId=…"]`, a same-site
 * frame that holds the blockquote, with no tweet URL in the host page; or the
 * current cdn.embedly.com/widgets/media.html?url=<encoded tweet URL> frame.
 * Judged from inside when the frame can be read; a frame that cannot, and
 * names no tweet, gives no verdict and is not listed.
 */
export const mediumFrameDetector: Detector<'medium-frame'> = {
  kind: 'medium-frame',
  selector: 'iframe.progressiveMedia-iframe, iframe[src*="embedly.com/widgets/media.html"]',
  hooks: { 'iframe.progressiveMedia-iframe': 'iframe', 'iframe[src*="embedly.com/widgets/media.html"]': 'iframe' },
  // The frames themselves (the same-site /media/ frame counts as a same-origin frame too: first-stage.ts).
  signs: 'iframe.progressiveMedia-iframe, iframe[src*="embedly.com/widgets/media.html"]',
  detect(el, context) {
    const tweet = parseTweetUrl(readQueryParam(el.getAttribute('src'), 'url'));
    const verdict = judgeEmbedFrame(el, context, tweet);
    if (!verdict) return null;
    return embedFromVerdict(this.kind, verdict, el);
  },
};
