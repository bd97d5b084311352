import { EMBED_BLOCKQUOTE } from '../blockquote-verdict';
import { isCollapsedWidget, RENDERED_WIDGET } from '../rendered-widgets';
import { readPermalink } from '../status-links';
import { INSIDE, type Detector } from '../types';
import { hasVisibleText } from '../verdict';
import { parseTweetUrl } from '../tweet-url';

/**
 * Discourse's twitter-native-embed theme component (docs/embed-forms.md#discourse-embed;
 * https://github.com/netgamers-forum/discourse-twitter-native-embed). It
 * marks a standalone tweet link, or a tweet onebox, with `data-x-embed`, puts
 * a hidden `blockquote.twitter-tweet` next to it for widgets.js, and when no
 * `.twitter-tweet-rendered` follows within 10 s marks it `data-x-embed-stalled`
 * and falls back to the plain link.
 *
 * - a rendered tweet next to it → rendered;
 * - `data-x-embed-stalled` → broken at once (the component already waited): `fallback-shown`;
 * - otherwise → pending (`script-blocked`).
 * A onebox card shows the tweet's text itself (Discourse renders it): rendered.
 * The card replaces the link's paragraph and the hidden blockquote together.
 */
export const discourseEmbedDetector: Detector<'discourse-embed'> = {
  kind: 'discourse-embed',
  selector: '[data-x-embed]',
  // The component marks the tweet's link, or a onebox whose source link is the tweet's.
  hooks: { '[data-x-embed]': INSIDE },
  // The component's own mark, on the link or the onebox: rarer than any hook inside.
  signs: '[data-x-embed]',
  container: '[data-x-embed]',
  detect(el) {
    const tweet = parseTweetUrl(el.getAttribute('href') ?? el.getAttribute('data-onebox-src')) ?? readPermalink(el);
    if (!tweet) return null;
    const stalled = el.hasAttribute('data-x-embed-stalled');

    if (el.localName !== 'a') {
      const widget = el.querySelector(RENDERED_WIDGET);
      if ((widget && !isCollapsedWidget(widget)) || hasVisibleText(el)) {
        return { kind: this.kind, nodes: [el], tweet, status: 'rendered' };
      }
      return stalled
        ? { kind: this.kind, nodes: [el], tweet, status: 'broken', reason: 'fallback-shown' }
        : { kind: this.kind, nodes: [el], tweet, status: 'pending', reason: 'script-blocked' };
    }

    const unit = standaloneParagraph(el) ?? el;
    const twin = [el.nextElementSibling, unit.nextElementSibling].find(
      (sibling) => sibling?.matches(`${EMBED_BLOCKQUOTE}, ${RENDERED_WIDGET}`) ?? false,
    );
    if (twin?.matches(RENDERED_WIDGET) && !isCollapsedWidget(twin)) {
      return { kind: this.kind, nodes: [twin], tweet, status: 'rendered' };
    }
    const nodes: [Element, ...Element[]] = twin && twin.parentElement === unit.parentElement ? [unit, twin] : [unit];
    return stalled
      ? { kind: this.kind, nodes, tweet, status: 'broken', reason: 'fallback-shown' }
      : { kind: this.kind, nodes, tweet, status: 'pending', reason: 'script-blocked' };
  },
};

/** The link's paragraph when the link is all it holds (with the hidden blockquote, line breaks, spaces). */
function standaloneParagraph(link: Element): Element | null {
  const p = link.parentElement;
  if (!p || p.localName !== 'p') return null;
  for (const node of p.childNodes) {
    if (node === link) continue;
    if (node.nodeType === 3 && !(node.textContent ?? '').trim()) continue;
    if (node.nodeType === 1 && (node as Element).matches(`br, ${EMBED_BLOCKQUOTE}, ${RENDERED_WIDGET}`)) continue;
    return null;
  }
  return p;
}
