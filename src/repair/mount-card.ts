/**
 * Puts a card beside a broken embed. The page's own nodes are never taken
 * out of the page: a framework (React, Preact, Vue…) keeps references to
 * them and removes, moves or re-renders them whenever it likes, and a node
 * it finds detached makes it throw (docs/security.md, "Framework safety").
 *
 * - The originals stay where they are, hidden by an inline
 *   `display: none !important` (setProperty, so that the rest of their style
 *   is kept). Nothing in the page's style sheets can undo that: an inline
 *   important declaration wins over every author rule outside a shadow tree.
 *   The exact `style` attribute is remembered and written back on restore,
 *   so undo leaves the page byte for byte as it was; if the page changed the
 *   attribute meanwhile, only our declaration is taken back. (Other ways were
 *   weighed: a document style sheet needs a marker attribute on the page's
 *   nodes and loses to their inline !important; attaching a shadow root to
 *   them cannot be undone and is allowed on a few elements only.)
 * - The card is an element of ours right before the first of them: a plain
 *   `div`, so that no page can define it as a custom element first or style
 *   it by a name that gives the extension away; its shadow root is CLOSED,
 *   so the page never reads what the card shows; `:host` rules marked
 *   !important win over any page rule and any inline style on it (CSS
 *   Cascade 4, section 6.1, "Context": inner context wins for important rules).
 * - A record of what was hidden, and how to undo it, stays inside the closed
 *   root with a per-install marker: a later version of the extension (Firefox
 *   gives an old copy no notice before cutting it off) finds its leftovers
 *   with it (leftovers.ts), and no page can forge one.
 */
import type { CardRenderers } from './card-renderers';

export interface MountedCard {
  /** Our element, right before the embed's first node. */
  host: HTMLElement;
  /** Its closed shadow root: only the content script holds this reference. */
  root: ShadowRoot;
  /** Where card and embed stand now (the page may have moved, removed or re-rendered them). */
  check(): CardState;
  /** Puts the card right before the embed again, after the page moved the embed. */
  follow(): void;
  /** Shows the page's nodes exactly as they were (same objects, same attributes) and removes the card. */
  restore(): void;
}

/**
 * - `in-place`: card right before the embed, the embed hidden.
 * - `moved`: the embed is whole and hidden, but the card no longer stands right before it.
 * - `embed-gone`: none of the embed's nodes is on the page any more.
 * - `split`: some of its nodes left, or they are no longer consecutive.
 * - `card-gone`: the page took our card away and left the embed, or made our element its own
 *   (gave it children or attributes: Preact's hydration adopts an element of the right tag).
 * - `shown`: the page rewrote a hidden node's style so that it shows again.
 */
export type CardState = 'in-place' | 'moved' | 'embed-gone' | 'split' | 'card-gone' | 'shown';

/** Runs a DOM change so that the page observer does not see it as a page change. */
export type Quietly = (change: () => void) => void;

export interface MountOptions {
  quietly: Quietly;
  /** Called when the page rewrites the style of a hidden node (the controller checks the card then). */
  onDisturbed: () => void;
}

/** `render` draws the card into `container` with the cards' renderers, which come in with the first card. */
export type MountCard = (
  nodes: readonly Element[],
  render: (container: HTMLElement, cards: CardRenderers) => void,
  options: MountOptions,
) => Promise<MountedCard | null>;

/** What leftovers.ts reads back from a card's closed root: the marker and, per hidden node, its style before and after. */
export const RECORD_SELECTOR = 'template[data-owner]';
export interface HiddenRecord {
  before: string | null;
  after: string;
}

interface Hidden extends HiddenRecord {
  el: Element & ElementCSSInlineStyle;
  display: string;
  priority: string;
}

/**
 * `marker`: a per-install value no page knows (the extension's base URL: Firefox's is a random UUID
 * per install). `loadCards`: the renderers, brought in with the first card (src/content/cards-on-demand.ts).
 */
export function createCardMounter(marker: string, loadCards: () => Promise<CardRenderers>): MountCard {
  return async (nodes, render, { quietly, onDisturbed }) => {
    // Before the nodes are looked at: the page may change them while the cards come in.
    const cards = await loadCards();
    const first = nodes[0];
    if (!first || !nodes.every((node) => node.isConnected) || !areConsecutive(nodes)) return null;
    const doc = first.ownerDocument;
    const host = doc.createElement('div');
    const root = host.attachShadow({ mode: 'closed' });
    const { style, container } = buildCardRoot(root, cards.css);

    let hidden: Hidden[] = [];
    quietly(() => {
      first.before(host);
      hidden = nodes.map((node) => hide(node as Hidden['el']));
    });
    // In place, so that the card can read the page's look around it.
    render(container, cards);
    const record = doc.createElement('template');
    record.setAttribute('data-owner', marker);
    record.setAttribute('data-restore', JSON.stringify(hidden.map(({ before, after }) => ({ before, after }))));
    root.append(record);

    // Only the hidden nodes' style attribute: the page observer does not watch styles (every
    // animation on a page would wake it), and a page that shows them again takes its nodes back.
    const view = doc.defaultView ?? globalThis;
    const watcher = new view.MutationObserver(onDisturbed);
    for (const { el } of hidden) watcher.observe(el, { attributes: true, attributeFilter: ['style'] });

    return {
      host,
      root,
      check() {
        if (nodes.every((node) => !node.isConnected)) return 'embed-gone';
        if (!nodes.every((node) => node.isConnected) || !areConsecutive(nodes)) return 'split';
        if (!hidden.every(isHidden)) return 'shown';
        if (!host.isConnected || isAdopted(host)) return 'card-gone';
        return host.parentNode === first.parentNode && host.nextElementSibling === first ? 'in-place' : 'moved';
      },
      follow() {
        first.before(host);
      },
      // Called inside the controller's quietly().
      restore() {
        watcher.disconnect();
        for (const entry of hidden) show(entry);
        // A framework that made our element its own (hydration matches elements by tag) keeps it: it
        // stays, showing its own children as if it had no shadow root. Removing it would take away a
        // node the page now owns, and what the framework put in it.
        if (isAdopted(host)) {
          style.remove();
          container.remove();
          record.remove();
        } else host.remove();
      },
    };
  };
}

/**
 * What a card's shadow root holds: its styles (`css`: CardRenderers.css), the
 * container the card is rendered into, and a slot. (Exported for the end-to-end tests, which render
 * the same tree in an open root of an extension page for axe.)
 */
export function buildCardRoot(root: ShadowRoot, css: string): { style: HTMLStyleElement; container: HTMLElement } {
  const doc = root.ownerDocument;
  const style = doc.createElement('style');
  // The host's own box first, then the cards' sheets (CardRenderers.css).
  style.textContent = HOST_CSS + css;
  const container = doc.createElement('div');
  // A slot from the start, hidden while the card shows: if the page ever makes our element its own
  // (restore()), its children show through it. (Inserting a slot later, from the content script's
  // world, into a root whose host has children crashed Chromium's renderer.)
  const slot = doc.createElement('slot');
  root.append(style, container, slot);
  return { style, container };
}

/** Our element's own box: the page's rules cannot reach into it, or hide, move or resize it. */
const HOST_CSS = `:host { all: initial !important; display: block !important; margin: 1em 0 !important; }
slot { display: none !important; }
`;

/** We never give our element children or attributes: the page did. */
const isAdopted = (host: Element) => host.firstChild !== null || host.attributes.length > 0;

const areConsecutive = (nodes: readonly Element[]) =>
  nodes.every((node, i) => i === 0 || nodes[i - 1]?.nextElementSibling === node);

function hide(el: Hidden['el']): Hidden {
  const before = el.getAttribute('style');
  const display = el.style.getPropertyValue('display');
  const priority = el.style.getPropertyPriority('display');
  el.style.setProperty('display', 'none', 'important');
  return { el, before, after: el.getAttribute('style') ?? '', display, priority };
}

const isHidden = ({ el }: Hidden) =>
  el.style.getPropertyValue('display') === 'none' && el.style.getPropertyPriority('display') === 'important';

function show(entry: Hidden): void {
  const { el, before, after } = entry;
  if (el.getAttribute('style') === after) {
    if (before === null) el.removeAttribute('style');
    else el.setAttribute('style', before);
    return;
  }
  // The page changed the attribute since: take back our declaration only, and give back the display it had.
  if (!isHidden(entry)) return;
  if (entry.display) el.style.setProperty('display', entry.display, entry.priority);
  else el.style.removeProperty('display');
}
