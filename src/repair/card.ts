/**
 * The repaired card: what stands beside a broken embed (hidden in place), inside its own
 * shadow root. Everything from the page or the archive goes in as text.
 */
import type { EmbedMatch } from '../messages/lookup';
import type { ArchivedArticle, ArchivedTweet } from '../archive/schema';
import { formatDate, t } from '../i18n/t';
import { describeProvenance, renderArticleBody } from '../reader/render-article';
import { renderTweet } from '../tweet-view/tweet-view';
import { createButton, createElement, createExternalLink } from '../ui/dom';
import { readPageTheme } from './page-theme';
import { hostOf } from '../util/host-of';
import type { EmbedOptions } from '../embeds/embed-options';

export interface CardModel {
  match: EmbedMatch;
  /** The permalink the page gave for the embed, if any. */
  tweetUrl: string | null;
  /** What the embed's author asked for (data-theme, data-width, data-align). */
  options?: EmbedOptions;
  loadArticle: (articleId: string) => Promise<ArchivedArticle | null>;
  /**
   * The card shows the user's own archive (revealed from a neutral card): its
   * button answers only the user's own clicks and key presses (event.isTrusted).
   */
  trustedOnly?: boolean;
}

export function renderCard(container: HTMLElement, model: CardModel): void {
  const doc = container.ownerDocument;
  const { match } = model;
  const title = match.article?.title ?? match.tweet?.author?.name ?? t('cardBadge');
  const host = (container.getRootNode() as ShadowRoot).host ?? container;
  const options = model.options;
  const card = createElement(doc, 'section', {
    className: 'card',
    attrs: {
      'aria-label': t('cardRegionName', title),
      // The author's data-theme wins; otherwise the card wears the page's look.
      'data-theme': options?.theme ?? readPageTheme(host.parentElement ?? host),
    },
  });
  if (options?.width) card.style.maxWidth = `${options.width}px`;
  // On the card, inside the closed root: nothing of ours shows on the host.
  if (options?.align) card.setAttribute('data-align', options.align);
  if (match.article?.lang) card.lang = match.article.lang;

  card.append(
    createElement(
      doc,
      'p',
      { className: 'label' },
      createElement(doc, 'span', { className: 'badge', text: t('cardBadge') }),
    ),
  );
  if (match.article) {
    card.append(
      createElement(doc, 'p', { className: 'title', text: match.article.title }),
      createElement(doc, 'p', { className: 'provenance', text: describeProvenance(match.article, formatDate) }),
    );
  }
  if (match.tweet) {
    card.append(renderTweet(doc, match.tweet));
    const seen = describeLearned(match.tweet);
    if (seen) card.append(createElement(doc, 'p', { className: 'provenance seen-on', text: seen }));
  }

  if (match.passage) {
    const passage = createElement(doc, 'div', { className: 'passage' });
    for (const text of match.passage.before) passage.append(createElement(doc, 'p', { className: 'paragraph', text }));
    if (!match.tweet) passage.append(createElement(doc, 'p', { className: 'gap', text: t('cardTweetMissing') }));
    for (const text of match.passage.after) passage.append(createElement(doc, 'p', { className: 'paragraph', text }));
    card.append(passage);
  }

  if (match.article) card.append(renderFullTextToggle(doc, match.article.id, match.article.paragraphCount, model));

  const links = createElement(doc, 'p', { className: 'links' });
  // The tweet block links to the archived permalink itself; otherwise link the page's own.
  if (!match.tweet && model.tweetUrl)
    links.append(createExternalLink(doc, model.tweetUrl, t('cardOpenOriginal'), 'tweet'));
  if (match.article?.url) links.append(createExternalLink(doc, match.article.url, t('cardOpenArticle'), 'article'));
  if ([...links.children].some((child) => child.tagName === 'A')) card.append(links);
  card.append(createElement(doc, 'p', { className: 'footer', text: t('cardFooter') }));
  container.append(card);
}

/**
 * "As seen on <site>, <date>" when the tweet's text is what learning kept
 * (src/learning/): its first source, the one the merge rule took the text
 * from, is a page the user read. Null for any other source.
 */
export function describeLearned(tweet: Pick<ArchivedTweet, 'sources'>): string | null {
  const source = tweet.sources[0];
  if (source?.format !== 'learned') return null;
  const site = hostOf(source.sourceUrl ?? source.file) || source.file;
  return t('cardSeenOn', [site, source.capturedAt ? formatDate(source.capturedAt) : '?']);
}

function renderFullTextToggle(
  doc: Document,
  articleId: string,
  paragraphCount: number,
  model: CardModel,
): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  const button = createButton(doc, t('cardShowFull', String(paragraphCount)), 'toggle');
  const full = createElement(doc, 'div', { className: 'full-text', attrs: { id: 'card-full-text' } });
  full.hidden = true;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', full.id);
  let loaded = false;
  button.addEventListener('click', async (event) => {
    if (model.trustedOnly && !event.isTrusted) return;
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? t('cardHideFull') : t('cardShowFull', String(paragraphCount));
    full.hidden = !open;
    if (!open || loaded) return;
    loaded = true;
    full.replaceChildren(createElement(doc, 'p', { className: 'status', text: t('cardLoading') }));
    try {
      const article = await model.loadArticle(articleId);
      if (!article) throw new Error('missing');
      full.replaceChildren(renderArticleBody(doc, article));
    } catch {
      loaded = false;
      full.replaceChildren(createElement(doc, 'p', { className: 'status', text: t('cardLoadFailed') }));
    }
  });
  fragment.append(button, full);
  return fragment;
}
