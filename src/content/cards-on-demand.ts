/**
 * The cards' code comes in when the first card is about to be mounted, not with the engine
 * (docs/performance.md, "Two stages"): most pages the engine runs on need no card. The engine
 * asks the background ('load-cards', src/messages/protocol.ts), which injects the cards' file
 * (entrypoints/content-cards.ts, CARDS_SCRIPT) into the asking frame, where it leaves its
 * renderers on the content scripts' own global object (Chrome's isolated world, Firefox's
 * sandbox; the page cannot see it, as for src/content/engine-once.ts). The engine takes them from
 * there once the injection is done: both browsers answer executeScript after the file has run.
 */
import type { CardRenderers } from '../repair/card-renderers';

const CARDS = Symbol.for('cards');
type Marked = Record<symbol, CardRenderers | undefined>;

/** The cards' file: leaves its renderers for the engine of this document. */
export function offerCards(global: object, cards: CardRenderers): void {
  Object.defineProperty(global, CARDS, { value: cards, configurable: true, enumerable: false });
}

/**
 * The engine's loader: the first call has the cards' file injected (`inject`, which resolves once
 * it has run) and takes its renderers; later calls get the same. A failed load (the background was
 * restarting) is tried again at the next card. Always injected once per engine, never taken from
 * what was there before: a copy of an updated extension's cards may still be on the global.
 */
export function loadCardsWith(global: object, inject: () => Promise<unknown>): () => Promise<CardRenderers> {
  let loading: Promise<CardRenderers> | null = null;
  const load = async () => {
    await inject();
    const marked = global as Marked;
    const cards = marked[CARDS];
    if (!cards) throw new Error('the cards did not come');
    Reflect.deleteProperty(marked, CARDS);
    return cards;
  };
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    }));
}
