/**
 * The photos and videos a tweet carried, named in words: the extension makes
 * no network request (docs/security.md), so the pictures on X's servers are
 * never loaded. What a reader gets is their kind and the description their
 * author wrote for them (alt text), or a note that the archive has none.
 */
import type { ArchivedTweet, MediaKind } from '../archive/schema';
import { t, type MessageKey } from '../i18n/t';
import { createElement } from '../ui/dom';

const KIND_LABELS: Record<MediaKind, MessageKey> = {
  photo: 'tweetMediaPhoto',
  video: 'tweetMediaVideo',
  animated_gif: 'tweetMediaGif',
  unknown: 'tweetMediaOther',
};

/** A list with one line per medium, or null when the tweet had none. */
export function renderTweetMedia(document: Document, tweet: ArchivedTweet): HTMLElement | null {
  if (!tweet.media.length) return null;
  const list = createElement(document, 'ul', { className: 'media', attrs: { 'aria-label': t('tweetMediaLabel') } });
  for (const medium of tweet.media) {
    const kind = t(KIND_LABELS[medium.kind] ?? 'tweetMediaOther');
    const alt = medium.altText?.trim();
    const text = alt ? t('tweetMediaDescribed', [kind, alt]) : t('tweetMediaUndescribed', kind);
    list.append(createElement(document, 'li', { text }));
  }
  return list;
}
