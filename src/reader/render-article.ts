/**
 * Renders an archived article as readable text, with the place of each embed
 * marked. Used by the reader (popup and reader page) and by the card's
 * full-text view. Text goes in with textContent only.
 */
import type { ArchivedArticle, ArchivedTweet } from '../archive/schema';
import type { ArticleSummary } from '../messages/lookup';
import { t } from '../i18n/t';
import { canonicalTweetUrl } from '../embeds/tweet-url';
import { createElement, createExternalLink } from '../ui/dom';
import { renderTweet } from '../tweet-view/tweet-view';
import { hostOf } from '../util/host-of';

export function renderArticleBody(
  document: Document,
  article: ArchivedArticle,
  tweets: ReadonlyMap<string, ArchivedTweet> = new Map(),
): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const embedsAt = new Map<number, ArchivedArticle['embeds']>();
  for (const embed of article.embeds) embedsAt.set(embed.position, [...(embedsAt.get(embed.position) ?? []), embed]);

  // Each embed stands where it stood in the article: the archived tweet when the
  // archive has it, otherwise a note that a tweet was embedded there.
  const appendEmbeds = (position: number) => {
    for (const embed of embedsAt.get(position) ?? []) {
      const tweet = embed.tweetId ? tweets.get(embed.tweetId) : undefined;
      if (tweet) {
        const figure = createElement(document, 'figure', {
          className: 'embed',
          attrs: { 'data-embed-position': String(position) },
        });
        figure.append(renderTweet(document, tweet));
        fragment.append(figure);
        continue;
      }
      const marker = createElement(document, 'p', {
        className: 'embed-marker',
        attrs: { role: 'note', 'data-embed-position': String(position) },
      });
      if (embed.tweetId) {
        marker.append(
          createExternalLink(
            document,
            canonicalTweetUrl(embed.tweetId, null),
            t('readerEmbedTweet', embed.tweetId),
            'tweet',
          ),
        );
      } else {
        marker.textContent = t('readerEmbedHere');
      }
      fragment.append(marker);
    }
  };

  article.paragraphs.forEach((text, index) => {
    appendEmbeds(index);
    fragment.append(createElement(document, 'p', { className: 'paragraph', text }));
  });
  appendEmbeds(article.paragraphs.length);
  return fragment;
}

/** "From World Socialist Web Site · text as a reader saw it · captured 9 March 2022" */
export function describeProvenance(
  article: Pick<ArticleSummary, 'siteName' | 'url' | 'sourceNote' | 'capturedAt'>,
  formatDate: (iso: string) => string,
): string {
  const parts = [t('cardFrom', article.siteName ?? hostOf(article.url) ?? '?')];
  if (article.sourceNote) parts.push(article.sourceNote);
  if (article.capturedAt) parts.push(t('cardCaptured', formatDate(article.capturedAt)));
  return parts.join(' · ');
}
