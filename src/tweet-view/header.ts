/** Who wrote the tweet: "Name (@handle)", the name alone, or nothing when the archive knows neither. */
import type { ArchivedTweet } from '../archive/schema';
import { t } from '../i18n/t';
import { createElement } from '../ui/dom';

export function renderTweetHeader(document: Document, tweet: ArchivedTweet): HTMLElement | null {
  const author = tweet.author;
  if (!author?.handle && !author?.name) return null;
  const name = author.handle ? t('cardTweetBy', [author.name ?? author.handle, author.handle]) : (author.name ?? '');
  return createElement(document, 'p', { className: 'author', text: name });
}
