import { judgeTweetMarkup } from '../blockquote-verdict';
import { normalizeVisibleText } from '../fallback-text';
import type { Detector } from '../types';
import { embedFromVerdict } from '../verdict';
import { parseTweetUrl } from '../tweet-url';

/**
 * jekyll-twitter-plugin's `<div class='jekyll-twitter-plugin'>` around the
 * oEmbed HTML (docs/embed-forms.md#jekyll-twitter). When the build could not fetch the
 * tweet, the plugin bakes one of two texts into the static page instead
 * (rob-murray/jekyll-twitter-plugin, `ErrorResponse#html` and `ERROR_BODY_TEXT`):
 * - `There was a '<HTTP message>' error fetching URL: '<url>'` → broken, id from the URL;
 * - `Tweet could not be processed` → broken, no id.
 * Both are final (`build-error`). Otherwise the wrapper's embed code
 * is judged like any other.
 */
export const jekyllTwitterDetector: Detector<'jekyll-twitter'> = {
  kind: 'jekyll-twitter',
  selector: '.jekyll-twitter-plugin',
  // The build-error texts name no link.
  hooks: { '.jekyll-twitter-plugin': '.jekyll-twitter-plugin' },
  // The build-error texts are the wrapper's only mark.
  signs: '.jekyll-twitter-plugin',
  container: '.jekyll-twitter-plugin',
  detect(el, context) {
    const verdict = judgeTweetMarkup(el, context);
    if (verdict) {
      return embedFromVerdict(this.kind, verdict, el);
    }
    const text = normalizeVisibleText(el.textContent ?? '');
    const fetchError = /^There was an? '.*' error fetching URL: '(.*)'$/i.exec(text);
    if (fetchError) {
      return {
        kind: this.kind,
        nodes: [el],
        tweet: parseTweetUrl(fetchError[1]),
        status: 'broken',
        reason: 'build-error',
      };
    }
    if (/^Tweet could not be processed$/i.test(text)) {
      return { kind: this.kind, nodes: [el], tweet: null, status: 'broken', reason: 'build-error' };
    }
    return null;
  },
};
