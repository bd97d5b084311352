/**
 * What draws a card: the repaired card, the neutral card, and the style sheets of their shadow
 * root (the tweet view's and the card's own). The engine does not carry them: they are a file of
 * their own (entrypoints/content-cards.ts), which the background injects into a frame when its
 * first card is about to be mounted (src/content/cards-on-demand.ts; docs/performance.md,
 * "Two stages"). The engine knows them only by this type.
 */
import TWEET_CSS from '../tweet-view/tweet-view.css?inline';
import CARD_CSS from './card.css?inline';
import { renderCard } from './card';
import { renderNeutralCard } from './neutral-card';

export interface CardRenderers {
  /** The style sheet of a card's shadow root, after the host's own rules (mount-card.ts, buildCardRoot). */
  css: string;
  renderCard: typeof renderCard;
  renderNeutralCard: typeof renderNeutralCard;
}

export function cardRenderers(): CardRenderers {
  // The card's own look comes last: it sizes and frames the tweet block inside it.
  return { css: TWEET_CSS + CARD_CSS, renderCard, renderNeutralCard };
}
