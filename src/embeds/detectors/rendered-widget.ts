import { isCollapsedWidget, readRenderedTweet, RENDERED_WIDGET, RENDERED_WIDGET_SIGNS } from '../rendered-widgets';
import type { Detector } from '../types';

/**
 * A tweet widgets.js has rendered: `div.twitter-tweet-rendered > iframe[data-tweet-id]`
 * (2020 onwards), the legacy `twitter-widget` element (2016–2020), or a bare
 * platform.twitter.com/embed/Tweet.html iframe (docs/embed-forms.md#rendered-widget). Its
 * inside is cross-origin, so the page cannot tell more than "a live embed is
 * showing": leave it alone.
 *
 * A frame that stays hidden or 0 px high *may* be stuck
 * (docs/embed-forms.md#collapsed-frames): it is pending
 * (`collapsed`) and, if still collapsed after the grace period, reported
 * broken. That is an unconfirmed heuristic, so it is only flagged: the
 * controller never replaces a collapsed frame with a card.
 */
export const renderedWidgetDetector: Detector<'rendered-widget'> = {
  kind: 'rendered-widget',
  selector: RENDERED_WIDGET,
  hooks: {
    // The wrapper alone when its frame is not there yet.
    '.twitter-tweet-rendered': '.twitter-tweet-rendered',
    'twitter-widget[data-tweet-id]': 'twitter-widget',
    'iframe[data-tweet-id]': 'iframe',
    'iframe[src*="platform.twitter.com/embed/Tweet.html"]': 'iframe',
    'iframe[src*="platform.x.com/embed/Tweet.html"]': 'iframe',
  },
  signs: RENDERED_WIDGET_SIGNS,
  container: '.twitter-tweet-rendered, twitter-widget',
  detect(el) {
    const tweet = readRenderedTweet(el);
    if (isCollapsedWidget(el)) return { kind: this.kind, nodes: [el], tweet, status: 'pending', reason: 'collapsed' };
    return { kind: this.kind, nodes: [el], tweet, status: 'rendered' };
  },
};
