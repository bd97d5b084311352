import { judgeEmbedFrame } from '../frames';
import { readQueryParam } from '../status-links';
import type { Detector } from '../types';
import { embedFromVerdict } from '../verdict';
import { parseTweetUrl } from '../tweet-url';

/**
 * Drupal core's Media oEmbed formatter: `iframe.media-oembed-content` whose
 * src is the site's own `/media/oembed?url=https%3A//twitter.com/…&hash=…`
 * (docs/embed-forms.md#drupal-oembed). The id is the decoded url=
 * parameter; the tweet itself sits in that same-origin frame and is judged
 * there. Other providers' frames (YouTube…) are not tweets: ignored.
 */
export const drupalOembedDetector: Detector<'drupal-oembed'> = {
  kind: 'drupal-oembed',
  selector: 'iframe.media-oembed-content, iframe[src*="/media/oembed?"]',
  hooks: { 'iframe.media-oembed-content': 'iframe', 'iframe[src*="/media/oembed?"]': 'iframe' },
  // Only a frame whose url= is a status address is this form; encoded or not, "status" is in its src.
  signs: 'iframe.media-oembed-content[src*="status" i], iframe[src*="/media/oembed?"][src*="status" i]',
  detect(el, context) {
    const tweet = parseTweetUrl(readQueryParam(el.getAttribute('src'), 'url'));
    if (!tweet) return null;
    const verdict = judgeEmbedFrame(el, context, tweet);
    if (!verdict) return null;
    return embedFromVerdict(this.kind, verdict, el);
  },
};
