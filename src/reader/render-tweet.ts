/**
 * An archived tweet as a quote block: author, text, date and permalink. Used
 * in the repaired card and wherever the reader shows an embed in place.
 */
import type { ArchivedTweet } from '../archive/schema';
import { formatDate, t } from '../i18n/t';
import { createElement, createExternalLink } from '../ui/dom';

export function renderTweet(document: Document, tweet: ArchivedTweet): HTMLElement {
  const box = createElement(document, 'blockquote', { className: 'tweet' });
  if (tweet.lang) box.lang = tweet.lang;
  box.dir = 'auto';
  const author = tweet.author;
  if (author?.handle || author?.name) {
    const name = author.handle ? t('cardTweetBy', [author.name ?? author.handle, author.handle]) : (author.name ?? '');
    box.append(createElement(document, 'p', { className: 'author', text: name }));
  }
  box.append(createElement(document, 'p', { className: 'text', text: tweet.text ?? t('readerTweetNoText') }));
  const footer = createElement(document, 'p', { className: 'date' });
  if (tweet.createdAt) {
    const time = createElement(document, 'time', { text: formatDate(tweet.createdAt) });
    time.dateTime = tweet.createdAt;
    footer.append(time, ' · ');
  }
  footer.append(createExternalLink(document, tweet.url, t('cardOpenOriginal'), 'tweet'));
  box.append(footer);
  return box;
}
