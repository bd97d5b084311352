/**
 * What widgets.js leaves once it ran (docs/embed-forms.md#rendered-widget):
 * the frame, or the legacy element; the tweet it shows, and whether it stays
 * collapsed (docs/embed-forms.md#collapsed-frames).
 */
import { readQueryParam } from './status-links';
import { tweetRefFromId, type TweetRef } from './tweet-url';

/** What widgets.js leaves once it ran (docs/embed-forms.md#rendered-widget): the frame, or the legacy element. */
export const RENDERED_WIDGET = [
  '.twitter-tweet-rendered',
  'twitter-widget[data-tweet-id]',
  'iframe[data-tweet-id]',
  'iframe[src*="platform.twitter.com/embed/Tweet.html"]',
  'iframe[src*="platform.x.com/embed/Tweet.html"]',
].join(', ');

/**
 * What every rendered widget is or holds, for the content script's first stage (`signs`,
 * src/embeds/types.ts): RENDERED_WIDGET in as few parts as cover it, since each part costs the
 * first look a pass over the page (docs/performance.md, "Two stages"): any element with a
 * data-tweet-id, any Tweet.html frame of either host.
 */
export const RENDERED_WIDGET_SIGNS = '.twitter-tweet-rendered, [data-tweet-id], iframe[src*="/embed/Tweet.html"]';

/**
 * The tweet a rendered widget shows: data-tweet-id, or the id= of its Tweet.html src
 * (docs/embed-forms.md#where-the-tweet-id-comes-from).
 */
export function readRenderedTweet(widget: Element): TweetRef | null {
  const frame = widget.matches('iframe, twitter-widget') ? widget : widget.querySelector('iframe, twitter-widget');
  if (!frame) return tweetRefFromId(widget.getAttribute('data-tweet-id'));
  return tweetRefFromId(frame.getAttribute('data-tweet-id') ?? readQueryParam(frame.getAttribute('src'), 'id'));
}

/**
 * A rendered widget that shows nothing: widgets.js keeps a frame it has not
 * rendered at `visibility: hidden` and 0 px with inline styles, and pages hide
 * frames with `display: none` or the hidden attribute. Only the widget's own
 * styles count: an embed inside a closed tab or a collapsed section is fine.
 */
export function isCollapsedWidget(widget: Element): boolean {
  const frame = widget.matches('iframe, twitter-widget') ? widget : widget.querySelector('iframe, twitter-widget');
  if (!frame) return true; // the wrapper is there, the frame is not (yet)
  for (const el of frame === widget ? [frame] : [widget, frame]) {
    if (el.hasAttribute('hidden')) return true;
    const style = (el as HTMLElement).style as CSSStyleDeclaration | undefined;
    if (style?.display === 'none') return true;
    const computed = el.ownerDocument.defaultView?.getComputedStyle(el);
    if (computed?.display === 'none') return true;
  }
  const style = (frame as HTMLElement).style as CSSStyleDeclaration | undefined;
  if (style?.visibility === 'hidden') return true;
  if (style && /^0(?:px)?$/.test(style.height)) return true;
  return frame.getAttribute('height') === '0';
}
