/**
 * Renders an archived article as readable text, with the place of each embed
 * marked. Used by the popup and by the card's full-text view. Text goes in
 * with textContent only.
 */
import type { ArchivedArticle } from '../archive/schema';
import type { ArticleSummary } from '../archive/lookup';
import { t } from '../i18n/t';
import { safeTweetUrl } from '../repair/safe-url';
import { canonicalTweetUrl } from '../embeds/tweet-url';

export function renderArticleBody(document: Document, article: ArchivedArticle): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const embedsAt = new Map<number, ArchivedArticle['embeds']>();
  for (const embed of article.embeds) embedsAt.set(embed.position, [...(embedsAt.get(embed.position) ?? []), embed]);

  const appendEmbeds = (position: number) => {
    for (const embed of embedsAt.get(position) ?? []) {
      const marker = document.createElement('p');
      marker.className = 'embed-marker';
      marker.setAttribute('role', 'note');
      marker.dataset.embedPosition = String(position);
      const url = embed.tweetId ? safeTweetUrl(canonicalTweetUrl(embed.tweetId, null)) : null;
      if (url && embed.tweetId) {
        const link = document.createElement('a');
        link.href = url;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        link.textContent = t('readerEmbedTweet', embed.tweetId);
        marker.append(link);
      } else {
        marker.textContent = t('readerEmbedHere');
      }
      fragment.append(marker);
    }
  };

  article.paragraphs.forEach((text, index) => {
    appendEmbeds(index);
    const p = document.createElement('p');
    p.className = 'paragraph';
    p.textContent = text;
    fragment.append(p);
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

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}
