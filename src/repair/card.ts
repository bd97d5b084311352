/**
 * The repaired card: what stands beside a broken embed (hidden in place), inside its own
 * shadow root. Everything from the page or the archive goes in as text.
 */
import type { EmbedMatch } from '../archive/lookup';
import type { ArchivedArticle, ArchivedTweet } from '../archive/schema';
import { formatDate, t } from '../i18n/t';
import { describeProvenance, renderArticleBody } from '../reader/render-article';
import { renderTweet } from '../reader/render-tweet';
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

/** Styles live in the card's shadow root: they cannot leak in or out. */
export const CARD_CSS = `
.card[data-align="center"] { margin-inline: auto; }
.card[data-align="right"] { margin-inline-start: auto; }
.card {
  --bg: #f7f9fa; --fg: #14171a; --muted: #536471; --line: #cfd9de; --accent: #1d6fb8; --badge-bg: #e8f0f8;
  box-sizing: border-box; max-width: 100%; padding: 14px 16px; border: 1px solid var(--line); border-radius: 12px;
  background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  text-align: start; overflow-wrap: anywhere;
}
.card[data-theme="dark"] { --bg: #16181c; --fg: #e7e9ea; --muted: #a3aeb8; --line: #3b4650; --accent: #7cbcff; --badge-bg: #1f3347; }
p { margin: 0 0 .6em; }
.label { margin-bottom: .4em; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; background: var(--badge-bg); color: var(--fg);
  font-size: 12px; font-weight: 600; letter-spacing: .02em; text-transform: uppercase; }
.title { font-weight: 700; font-size: 16px; margin-bottom: .2em; }
.provenance, .footer, .status { color: var(--muted); font-size: 13px; }
.passage, .full-text { font-family: Georgia, "Times New Roman", serif; }
.passage { border-inline-start: 3px solid var(--line); padding-inline-start: 12px; margin: .8em 0; }
.gap, .embed-marker { color: var(--muted); font-style: italic; font-family: system-ui, sans-serif; font-size: 14px;
  border: 1px dashed var(--line); border-radius: 8px; padding: 6px 10px; }
.tweet { margin: .8em 0; padding: 10px 12px; border: 1px solid var(--line); border-radius: 10px; }
.tweet .date { color: var(--muted); font-size: 13px; margin: 0; }
.tweet .author { font-weight: 600; }
.tweet .text { white-space: pre-wrap; }
.toggle { font: inherit; font-size: 14px; padding: 6px 12px; border-radius: 999px; border: 1px solid var(--accent);
  background: transparent; color: var(--accent); cursor: pointer; }
.toggle:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.full-text { margin-top: .8em; }
.links a { color: var(--accent); margin-inline-end: 1em; }
.footer { margin: .6em 0 0; }
.toggle[aria-disabled="true"] { opacity: .7; cursor: progress; }
.card:focus { outline: none; }
.card:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.neutral .status { margin: 0; }
.neutral .status:not(:empty) { margin-top: .6em; }
.neutral .toggle { margin-bottom: .6em; }
`;
