/**
 * How an archived tweet looks, wherever the extension shows one: in the
 * repaired card on a web page, in the reader (popup and tab) where an article
 * embedded it, on the reader's page for one tweet, and in the options page's
 * list of the user's own archive. One quote block made of small parts, the
 * way react-tweet's EmbeddedTweet composes its header, body, media and info
 * (https://github.com/vercel/react-tweet/blob/main/packages/react-tweet/src/twitter-theme/embedded-tweet.tsx).
 * Everything is built with DOM calls and textContent: nothing from the
 * archive is parsed as HTML. Its style is tweet-view.css (the card adds it to
 * its shadow root, the extension's pages import it).
 */
import type { ArchivedTweet } from '../archive/schema';
import { createElement } from '../ui/dom';
import { renderTweetBody } from './body';
import { renderTweetHeader } from './header';
import { renderTweetInfo } from './info';
import { renderTweetMedia } from './media';

export function renderTweet(document: Document, tweet: ArchivedTweet): HTMLElement {
  const box = createElement(document, 'blockquote', { className: 'tweet' });
  if (tweet.lang) box.lang = tweet.lang;
  box.dir = 'auto';
  const parts = [
    renderTweetHeader(document, tweet),
    renderTweetBody(document, tweet),
    renderTweetMedia(document, tweet),
    renderTweetInfo(document, tweet),
  ];
  box.append(...parts.filter((part): part is HTMLElement => part !== null));
  return box;
}
