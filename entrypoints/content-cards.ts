import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { offerCards } from '../src/content/cards-on-demand';
import { cardRenderers } from '../src/repair/card-renderers';

// The cards (repaired card, neutral card, tweet view, article body, their style sheets), injected
// by the background into a frame whose engine is about to mount its first card
// (src/background/engine-injection.ts): most pages the engine runs on need none, so the engine
// does not carry them (docs/performance.md, "Two stages"). It only hands them to the engine
// (src/content/cards-on-demand.ts); it reads nothing of the page.
export default defineUnlistedScript(() => {
  offerCards(globalThis, cardRenderers());
});
