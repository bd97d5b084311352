/**
 * The repaired card: what stands in place of a broken embed, inside its own
 * shadow root. Everything from the page or the archive goes in as text.
 */
import type { EmbedMatch } from '../archive/lookup';
import type { ArchivedArticle } from '../archive/schema';
import { formatDate, t } from '../i18n/t';
import { describeProvenance, renderArticleBody } from '../reader/render-article';
import { safeArticleUrl, safeTweetUrl } from './safe-url';

export interface CardModel {
  match: EmbedMatch;
  /** The permalink the page gave for the embed, if any. */
  tweetUrl: string | null;
  loadArticle: (articleId: string) => Promise<ArchivedArticle | null>;
}

export function renderCard(container: HTMLElement, model: CardModel): void {
  const doc = container.ownerDocument;
  const { match } = model;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) => {
    const node = doc.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const card = el('section', 'card');
  const title = match.article?.title ?? match.tweet?.author?.name ?? t('cardBadge');
  card.setAttribute('aria-label', t('cardRegionName', title));
  if (match.article?.lang) card.lang = match.article.lang;

  const label = el('p', 'label');
  label.append(el('span', 'badge', t('cardBadge')));
  card.append(label);
  if (match.article) {
    card.append(el('p', 'title', match.article.title));
    card.append(el('p', 'provenance', describeProvenance(match.article, formatDate)));
  }

  if (match.tweet) card.append(renderTweet(doc, match, el));

  if (match.passage) {
    const passage = el('div', 'passage');
    for (const text of match.passage.before) passage.append(el('p', 'paragraph', text));
    if (!match.tweet) passage.append(el('p', 'gap', t('cardTweetMissing')));
    for (const text of match.passage.after) passage.append(el('p', 'paragraph', text));
    card.append(passage);
  }

  if (match.article) card.append(renderFullTextToggle(doc, match.article.id, match.article.paragraphCount, model, el));

  const links = el('p', 'links');
  const tweetUrl = safeTweetUrl(match.tweet?.url ?? model.tweetUrl);
  if (tweetUrl) links.append(renderLink(doc, tweetUrl, t('cardOpenOriginal')));
  const articleUrl = safeArticleUrl(match.article?.url);
  if (articleUrl) links.append(renderLink(doc, articleUrl, t('cardOpenArticle')));
  if (links.childNodes.length) card.append(links);
  card.append(el('p', 'footer', t('cardFooter')));
  container.append(card);
}

function renderTweet(
  doc: Document,
  match: EmbedMatch,
  el: (tag: 'blockquote' | 'p', c: string, t?: string) => HTMLElement,
) {
  const tweet = match.tweet!;
  const box = el('blockquote', 'tweet');
  if (tweet.lang) box.lang = tweet.lang;
  box.dir = 'auto';
  const author = tweet.author;
  if (author?.handle || author?.name) {
    box.append(
      el(
        'p',
        'author',
        author.handle ? t('cardTweetBy', [author.name ?? author.handle, author.handle]) : (author.name ?? ''),
      ),
    );
  }
  if (tweet.text) box.append(el('p', 'text', tweet.text));
  if (tweet.createdAt) {
    const when = el('p', 'date');
    const time = doc.createElement('time');
    time.dateTime = tweet.createdAt;
    time.textContent = formatDate(tweet.createdAt);
    when.append(time);
    box.append(when);
  }
  return box;
}

function renderFullTextToggle(
  doc: Document,
  articleId: string,
  paragraphCount: number,
  model: CardModel,
  el: (tag: 'div' | 'button' | 'p', c: string, t?: string) => HTMLElement,
): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  const button = el('button', 'toggle', t('cardShowFull', String(paragraphCount))) as HTMLButtonElement;
  button.type = 'button';
  const full = el('div', 'full-text');
  full.id = 'tweet-mender-full-text';
  full.hidden = true;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', full.id);
  let loaded = false;
  button.addEventListener('click', async () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? t('cardHideFull') : t('cardShowFull', String(paragraphCount));
    full.hidden = !open;
    if (!open || loaded) return;
    loaded = true;
    full.replaceChildren(el('p', 'status', t('cardLoading')));
    try {
      const article = await model.loadArticle(articleId);
      if (!article) throw new Error('missing');
      full.replaceChildren(renderArticleBody(doc, article));
    } catch {
      loaded = false;
      full.replaceChildren(el('p', 'status', t('cardLoadFailed')));
    }
  });
  fragment.append(button, full);
  return fragment;
}

function renderLink(doc: Document, href: string, text: string): HTMLAnchorElement {
  const a = doc.createElement('a');
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.textContent = text;
  return a;
}

/** Styles live in the card's shadow root: they cannot leak in or out. */
export const CARD_CSS = `
:host { display: block !important; margin: 1em 0 !important; }
.card {
  --bg: #f7f9fa; --fg: #14171a; --muted: #536471; --line: #cfd9de; --accent: #1d6fb8; --badge-bg: #e8f0f8;
  box-sizing: border-box; max-width: 100%; padding: 14px 16px; border: 1px solid var(--line); border-radius: 12px;
  background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  text-align: start; overflow-wrap: anywhere;
}
@media (prefers-color-scheme: dark) {
  .card { --bg: #16181c; --fg: #e7e9ea; --muted: #9aa6b1; --line: #38444d; --accent: #6cb6ff; --badge-bg: #1f3347; }
}
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
.tweet .author { font-weight: 600; }
.tweet .text { white-space: pre-wrap; }
.toggle { font: inherit; font-size: 14px; padding: 6px 12px; border-radius: 999px; border: 1px solid var(--accent);
  background: transparent; color: var(--accent); cursor: pointer; }
.toggle:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.full-text { margin-top: .8em; }
.links a { color: var(--accent); margin-inline-end: 1em; }
.footer { margin: .6em 0 0; }
`;
