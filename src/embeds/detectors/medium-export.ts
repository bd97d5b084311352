import { EMBED_BLOCKQUOTE, judgeBlockquote } from '../blockquote-verdict';
import { INSIDE, type Detector } from '../types';
import { embedFromVerdict } from '../verdict';

/**
 * Medium's export: `figure.graf.graf--figure.graf--iframe > blockquote.twitter-tweet
 * > a[href]`, a link with no text (docs/embed-forms.md#medium-export).
 * Nothing shows unless widgets.js runs. The figure of a live Medium page holds
 * an iframe instead: that is the medium-frame detector's.
 */
export const mediumExportDetector: Detector<'medium-export'> = {
  kind: 'medium-export',
  selector: '.graf--iframe',
  // Judged only on the blockquote inside.
  hooks: { '.graf--iframe': INSIDE },
  // Judged only on the embed code inside: its sign.
  signs: EMBED_BLOCKQUOTE,
  detect(el, context) {
    const blockquote = el.querySelector(EMBED_BLOCKQUOTE);
    const verdict = blockquote ? judgeBlockquote(blockquote, context) : null;
    if (!verdict) return null;
    return embedFromVerdict(this.kind, verdict);
  },
};
