/**
 * The neutral card: what stands beside a broken embed that the packaged
 * archive cannot repair, while the user has an archive of their own. It is
 * the same for every such embed, whether or not the user's archive holds it
 * (nothing in it comes from the user's archive), so the page learns nothing
 * from it. Its button looks in the user's archive only when the user
 * activates it: a click or key press the browser marks as trusted
 * (event.isTrusted). A page's own `.click()` or dispatched event does nothing.
 * The answer replaces it in the card's closed shadow root: the record, or
 * "not in your archive" (docs/security.md, "Hostile page: the user's archive").
 */
import type { EmbedMatch } from '../messages/lookup';
import type { ArchivedArticle } from '../archive/schema';
import type { EmbedOptions } from '../embeds/embed-options';
import { t } from '../i18n/t';
import { createButton, createElement, createExternalLink } from '../ui/dom';
import { renderCard } from './card';
import { readPageTheme } from './page-theme';

export interface NeutralCardModel {
  /** The permalink the page gave for the embed, if any (shown with "not in your archive"). */
  tweetUrl: string | null;
  /** What the embed's author asked for (data-theme, data-width, data-align): the page's own input. */
  options?: EmbedOptions;
  /** Looks the embed up in the user's archive (and the packaged one). Called only after a trusted activation. */
  ask: () => Promise<EmbedMatch | null>;
  /** The full text of an article the answer names (also asked only from a trusted activation). */
  loadArticle: (articleId: string) => Promise<ArchivedArticle | null>;
  /** Told the answer once it is shown. */
  onAnswer?: (match: EmbedMatch | null) => void;
}

export function renderNeutralCard(container: HTMLElement, model: NeutralCardModel): void {
  const doc = container.ownerDocument;
  const root = container.getRootNode() as ShadowRoot | Document;
  const host = (root as ShadowRoot).host ?? container;
  const options = model.options;
  const card = createElement(doc, 'section', {
    className: 'card neutral',
    attrs: {
      'aria-label': t('neutralCardRegionName'),
      'data-theme': options?.theme ?? readPageTheme(host.parentElement ?? host),
    },
  });
  if (options?.width) card.style.maxWidth = `${options.width}px`;
  if (options?.align && host !== container) host.setAttribute('data-align', options.align);

  const text = createElement(doc, 'p', { className: 'neutral-text', text: t('neutralCardText') });
  const button = createButton(doc, t('neutralCardShow'), 'toggle reveal');
  const status = createElement(doc, 'p', { className: 'status', attrs: { role: 'status' } });
  let asking = false;
  button.addEventListener('click', (event) => {
    // Only the user: a page can call click() or dispatch events, but not make them trusted.
    if (!event.isTrusted || asking) return;
    asking = true;
    button.setAttribute('aria-disabled', 'true');
    status.textContent = t('neutralCardLooking');
    const hadFocus = root.activeElement === button;
    model.ask().then(
      (match) => {
        const shown = match ? renderRevealed(container, match, model) : showNotInArchive(card, text, model);
        if (hadFocus) shown.focus();
        model.onAnswer?.(match);
      },
      () => {
        asking = false;
        button.removeAttribute('aria-disabled');
        status.textContent = t('neutralCardFailed');
      },
    );
  });

  card.append(
    createElement(
      doc,
      'p',
      { className: 'label' },
      createElement(doc, 'span', { className: 'badge', text: t('neutralCardBadge') }),
    ),
    text,
    button,
    status,
    createElement(doc, 'p', { className: 'footer', text: t('neutralCardFooter') }),
  );
  container.append(card);
}

/** The user's archive (or the packaged one, merged) had it: the full card, in place of the neutral one. */
function renderRevealed(container: HTMLElement, match: EmbedMatch, model: NeutralCardModel): HTMLElement {
  container.replaceChildren();
  renderCard(container, {
    match,
    tweetUrl: model.tweetUrl,
    options: model.options,
    loadArticle: model.loadArticle,
    trustedOnly: true,
  });
  return focusable(container.lastElementChild as HTMLElement);
}

/** Nothing there: the same card says so, in place of its button, with the page's own link to the post when it gave one. */
function showNotInArchive(card: HTMLElement, text: HTMLElement, model: NeutralCardModel): HTMLElement {
  const doc = card.ownerDocument;
  card.classList.add('not-found');
  text.textContent = t('neutralCardNotFound');
  const links = createElement(doc, 'p', { className: 'links' });
  if (model.tweetUrl) links.append(createExternalLink(doc, model.tweetUrl, t('cardOpenOriginal'), 'tweet'));
  card.querySelector('button')?.replaceWith(...(links.querySelector('a') ? [links] : []));
  card.querySelector('.status')?.remove();
  return focusable(card);
}

/** The new card takes the focus the button had, so that a keyboard user is not thrown back to the page's start. */
function focusable(card: HTMLElement): HTMLElement {
  card.tabIndex = -1;
  return card;
}
