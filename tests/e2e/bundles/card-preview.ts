/**
 * The card component rendered in an extension page, for axe (the card on a
 * web page lives in a CLOSED shadow root, which axe cannot enter). The same
 * shadow tree the content script builds (buildCardRoot) and the same
 * renderCard (or renderNeutralCard: the card that offers the user's own
 * archive), in an OPEN root here, on a light and on a dark page background.
 * Extension pages' CSP forbids inline style elements: the card's style sheet,
 * word for word, is applied as a constructed sheet instead.
 */
import type { EmbedMatch } from '../../../src/messages/lookup';
import type { ArchivedArticle } from '../../../src/archive/schema';
import { renderCard } from '../../../src/repair/card';
import { cardRenderers } from '../../../src/repair/card-renderers';
import { buildCardRoot } from '../../../src/repair/mount-card';
import { renderNeutralCard } from '../../../src/repair/neutral-card';

export interface Preview {
  /** The page background the card stands on (it wears the page's look). */
  background: string;
  match: EmbedMatch;
  tweetUrl: string | null;
  article: ArchivedArticle | null;
  /** Open the full archived text too. */
  expand: boolean;
  /** The neutral card instead (its button, clicked by the user, answers "not in your archive"). */
  neutral?: boolean;
}

export async function render(previews: Preview[]): Promise<void> {
  document.body.replaceChildren();
  for (const preview of previews) {
    const page = document.body.appendChild(document.createElement('div'));
    page.style.cssText = `background: ${preview.background}; padding: 1rem`;
    const host = page.appendChild(document.createElement('div'));
    const root = host.attachShadow({ mode: 'open' });
    const { style, container } = buildCardRoot(root, cardRenderers().css);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(style.textContent ?? '');
    root.adoptedStyleSheets = [sheet];
    if (preview.neutral) {
      renderNeutralCard(container, {
        tweetUrl: preview.tweetUrl,
        ask: async () => null,
        loadArticle: async () => preview.article,
      });
      continue;
    }
    renderCard(container, {
      match: preview.match,
      tweetUrl: preview.tweetUrl,
      loadArticle: async () => preview.article,
    });
    if (preview.expand) {
      (container.querySelector('button.toggle') as HTMLButtonElement | null)?.click();
      await new Promise((done) => setTimeout(done, 50));
    }
  }
}
