/**
 * Puts a card in place of a broken embed, with WXT's shadow-root UI helper,
 * and gives the page its own nodes back on undo.
 */
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CARD_CSS } from './card';

export const CARD_ELEMENT = 'tweet-mender-card';

export interface MountedCard {
  /** The one element now standing where the embed was (`data-tweet-mender="repaired"`). */
  host: HTMLElement;
  /** Puts the original nodes back, the same objects, where the card stands. */
  restore(): void;
}

/** Runs a DOM change so that the page observer does not see it as a page change. */
export type Quietly = (change: () => void) => void;

export type MountCard = (
  nodes: readonly Element[],
  render: (container: HTMLElement) => void,
  quietly: Quietly,
) => Promise<MountedCard | null>;

export function createCardMounter(ctx: ContentScriptContext): MountCard {
  return async (nodes, render, quietly) => {
    const first = nodes[0];
    const last = nodes[nodes.length - 1];
    if (!first || !last) return null;
    const ui = await createShadowRootUi(ctx, {
      name: CARD_ELEMENT,
      position: 'inline',
      anchor: first,
      append: 'before',
      mode: 'open',
      css: CARD_CSS,
      onMount: (container, _shadow, host) => {
        host.setAttribute('data-tweet-mender', 'repaired');
        render(container);
      },
    });
    // The page may have moved on while the UI was being created.
    if (!first.isConnected || !last.isConnected || first.parentNode !== last.parentNode) return null;
    let originals: Node[] = [];
    quietly(() => {
      ui.mount();
      originals = detachRange(first, last);
    });
    return {
      host: ui.shadowHost,
      // Called inside the controller's quietly().
      restore() {
        if (ui.shadowHost.isConnected) ui.shadowHost.replaceWith(...originals);
        ui.remove();
      },
    };
  };
}

/** Removes first..last (and every node between them) from the page, in order. */
function detachRange(first: Node, last: Node): Node[] {
  const taken: Node[] = [];
  let node: Node | null = first;
  while (node) {
    const next: Node | null = node === last ? null : node.nextSibling;
    taken.push(node);
    node.parentNode?.removeChild(node);
    node = next;
  }
  return taken;
}
