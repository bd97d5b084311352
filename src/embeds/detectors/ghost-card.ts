import { EMBED_BLOCKQUOTE, judgeTweetMarkup } from '../blockquote-verdict';
import { RENDERED_WIDGET_SIGNS } from '../rendered-widgets';
import { INSIDE, type Detector } from '../types';
import { embedFromVerdict } from '../verdict';

/**
 * Ghost's embed card `figure.kg-card.kg-embed-card > blockquote.twitter-tweet
 * + script`, optionally with a figcaption, sometimes between kg-card-begin /
 * kg-card-end comments (docs/embed-forms.md#ghost-card). Migrated posts keep a
 * blockquote holding only an empty link: nothing visible at all. Judged like
 * the standard embed code; the card takes the blockquote's (or the rendered
 * widget's) place, so the figure and its caption stay.
 */
export const ghostCardDetector: Detector<'ghost-card'> = {
  kind: 'ghost-card',
  selector: '.kg-embed-card',
  // Judged only on the blockquote or widget inside.
  hooks: { '.kg-embed-card': INSIDE },
  // judgeTweetMarkup needs the embed code or a rendered widget inside: their signs.
  signs: `${EMBED_BLOCKQUOTE}, ${RENDERED_WIDGET_SIGNS}`,
  container: '.kg-embed-card',
  detect(el, context) {
    const verdict = judgeTweetMarkup(el, context);
    if (!verdict) return null;
    return embedFromVerdict(this.kind, verdict);
  },
};
