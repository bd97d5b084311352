/** When the tweet was posted, and the link to it (an https: tweet permalink, or plain text when it is not one). */
import type { ArchivedTweet } from '../archive/schema';
import { formatDate, t } from '../i18n/t';
import { createElement, createExternalLink } from '../ui/dom';

export function renderTweetInfo(document: Document, tweet: ArchivedTweet): HTMLElement {
  const info = createElement(document, 'p', { className: 'date' });
  if (tweet.createdAt) {
    const time = createElement(document, 'time', { text: formatDate(tweet.createdAt) });
    time.dateTime = tweet.createdAt;
    info.append(time, ' · ');
  }
  info.append(createExternalLink(document, tweet.url, t('cardOpenOriginal'), 'tweet'));
  return info;
}
