/**
 * What the tweet says, as text: the archive's text is X's own, decoded once
 * (docs/data-formats.md#escaped-text), and whatever markup it spells stays letters on the
 * screen. Line breaks are kept by the style (white-space: pre-wrap).
 */
import type { ArchivedTweet } from '../archive/schema';
import { t } from '../i18n/t';
import { createElement } from '../ui/dom';

export function renderTweetBody(document: Document, tweet: ArchivedTweet): HTMLElement {
  return createElement(document, 'p', { className: 'text', text: tweet.text ?? t('readerTweetNoText') });
}
