import { judgeTweetMarkup } from '../blockquote-verdict';
import { readJsonTweetUrl, STATUS_LINK } from '../status-links';
import type { Detector } from '../types';
import { embedFromVerdict } from '../verdict';
import { parseTweetUrl, type TweetRef } from '../tweet-url';

/**
 * The WordPress Embed block, `figure.wp-block-embed > div.wp-block-embed__wrapper`
 * (docs/embed-forms.md#wordpress-embed): classes in any order (5.0–5.5 wrote
 * `wp-block-embed-twitter wp-block-embed is-type-rich is-provider-twitter`, 6.x
 * the reverse), with or without `aligncenter` and a figcaption.
 *
 * - oEmbed resolved: the wrapper holds the embed code → judged like it.
 * - oEmbed never resolved (x.com is not in core's provider list; deleted or
 *   protected tweets; migrated posts): the wrapper holds only the URL, as text
 *   or as a plain link → broken at once (`url-only`).
 *
 * The card takes the wrapper's place, so the caption stays. The id comes from
 * the markup, else from the block comment `<!-- wp:embed {"url":…} -->`.
 * Embed blocks of other providers hold no tweet and are ignored.
 */
export const wordpressEmbedDetector: Detector<'wordpress-embed'> = {
  kind: 'wordpress-embed',
  selector: '.wp-block-embed',
  // An unresolved block may hold the tweet's URL as text only.
  hooks: { '.wp-block-embed': '.wp-block-embed' },
  // A resolved block holds the embed code or a widget (their signs); an unresolved one may hold the address as
  // text only, so the block is its own sign: by its provider class (core writes is-provider-<slug> and
  // wp-block-embed-<slug> from the same slug, so one of the two is enough), Twitter's or X's, or with no provider
  // at all, which is what an x.com address that core cannot resolve gets. Blocks of other providers are not.
  signs: '.wp-block-embed-twitter, .wp-block-embed-x, .wp-block-embed:not([class*="is-provider-"])',
  container: '.wp-block-embed',
  detect(el, context) {
    const wrapper = el.querySelector(':scope > .wp-block-embed__wrapper') ?? el;
    const verdict = judgeTweetMarkup(wrapper, context);
    if (verdict) {
      return embedFromVerdict(this.kind, verdict, wrapper, verdict.tweet ?? readBlockComment(el));
    }
    const tweet = readUrlOnly(wrapper);
    if (!tweet) return null;
    return { kind: this.kind, nodes: [wrapper], tweet, status: 'broken', reason: 'url-only' };
  },
};

/** The tweet of a wrapper that holds nothing but its URL, as text or as one plain link. */
function readUrlOnly(wrapper: Element): TweetRef | null {
  const children = [...wrapper.children].filter((child) => !child.matches('script, br'));
  const text = (wrapper.textContent ?? '').trim();
  if (children.length === 0) return parseTweetUrl(text);
  const [only] = children;
  if (children.length > 1 || !only?.matches(STATUS_LINK) || (only.textContent ?? '').trim() !== text) return null;
  return parseTweetUrl(only.getAttribute('href'));
}

/** The url of the `<!-- wp:embed {…} -->` comment right before the figure, when the page kept it. */
function readBlockComment(figure: Element): TweetRef | null {
  let node = figure.previousSibling;
  while (node && node.nodeType === 3 && !(node.textContent ?? '').trim()) node = node.previousSibling;
  if (!node || node.nodeType !== 8) return null;
  return readJsonTweetUrl(/^\s*wp:embed\s+(\{[\s\S]*\})\s*$/.exec(node.textContent ?? '')?.[1]);
}
