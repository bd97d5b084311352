import type { Detector } from '../types';
import { judgeTweetMarkup, embedFromVerdict } from '../markup';

/**
 * Ghost's embed card `figure.kg-card.kg-embed-card > blockquote.twitter-tweet
 * + script`, optionally with a figcaption, sometimes between kg-card-begin /
 * kg-card-end comments (docs/embed-forms.md#ghost-card). Migrated posts keep a
 * blockquote holding only an empty link: nothing visible at all. Judged like
 * the standard embed code; the card takes the blockquote's (or the rendered
 * widget's) place, so the figure and its caption stay.
 */
export const ghostCardDetector: Detector = {
  kind: 'ghost-card',
  selector: '.kg-embed-card',
  detect(el, context) {
    const verdict = judgeTweetMarkup(el, context);
    if (!verdict) return null;
    return embedFromVerdict(this.kind, verdict);
  },
};
