/**
 * Leftovers of an earlier copy (src/repair/leftovers.ts): what Firefox leaves
 * on a page when it cuts the content script off. Firefox gives content
 * scripts `Element.openOrClosedShadowRoot`; happy-dom has none, so the test
 * gives it one that reads the roots the real mounter made (as Firefox would).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canFindLeftovers, removeLeftoverCards } from '../../src/repair/leftovers';
import { cardRenderers } from '../../src/repair/card-renderers';
import { createCardMounter } from '../../src/repair/mount-card';

const MARKER = 'moz-extension://6f1c9a52-test/';
const roots = new WeakMap<Element, ShadowRoot>();
const quietly = (change: () => void) => change();

async function mountCard(nodes: Element[], marker = MARKER) {
  const card = await createCardMounter(marker, async () => cardRenderers())(nodes, (c) => (c.textContent = 'card'), {
    quietly,
    onDisturbed: () => undefined,
  });
  roots.set(card!.host, card!.root);
  return card!;
}

function pageWithBlocks() {
  document.body.innerHTML =
    '<p>One</p><div class="a" style="color: red">Loading Tweet ...</div><p>Two</p><p class="b">Loading</p><p class="c" hidden="">Not loading? See it</p><p>Three</p>';
  return document.body.innerHTML;
}

describe('in Firefox (closed roots readable by the extension)', () => {
  beforeEach(() => {
    Object.defineProperty(Element.prototype, 'openOrClosedShadowRoot', {
      configurable: true,
      get(this: Element) {
        return roots.get(this) ?? this.shadowRoot;
      },
    });
  });
  afterEach(() => {
    delete (Element.prototype as { openOrClosedShadowRoot?: unknown }).openOrClosedShadowRoot;
    document.body.replaceChildren();
  });

  it("removes an old copy's cards and gives the page back exactly as it was", async () => {
    const original = pageWithBlocks();
    await mountCard([document.querySelector('.a')!]);
    await mountCard([document.querySelector('.b')!, document.querySelector('.c')!]);
    expect(document.body.innerHTML).not.toBe(original);
    // The old copy is gone (its code stopped): only what it left in the DOM remains.
    expect(canFindLeftovers(document)).toBe(true);
    expect(removeLeftoverCards(document, MARKER)).toBe(2);
    expect(document.body.innerHTML).toBe(original);
  });

  it("leaves alone what a page made to look like ours, and another install's cards", async () => {
    const original = pageWithBlocks();
    // A page's own element with a closed root, before a node it hid itself with the same declaration.
    const fake = document.createElement('div');
    const fakeRoot = fake.attachShadow({ mode: 'closed' });
    roots.set(fake, fakeRoot);
    const record = document.createElement('template');
    record.setAttribute('data-owner', 'a guess');
    record.setAttribute('data-restore', '[{"before":null,"after":"display: none !important;"}]');
    fakeRoot.append(record);
    const hiddenByPage = document.querySelector('.a') as HTMLElement;
    hiddenByPage.style.setProperty('display', 'none', 'important');
    hiddenByPage.before(fake);
    const pageState = document.body.innerHTML;
    expect(removeLeftoverCards(document, MARKER)).toBe(0);
    expect(document.body.innerHTML).toBe(pageState);
    fake.remove();
    hiddenByPage.setAttribute('style', 'color: red');
    expect(document.body.innerHTML).toBe(original);

    // Cards of another install (another marker) are not ours to remove either.
    await mountCard([document.querySelector('.a')!], 'moz-extension://another-install/');
    expect(removeLeftoverCards(document, MARKER)).toBe(0);
  });

  it('restores only what still carries exactly what the old copy wrote', async () => {
    pageWithBlocks();
    const a = document.querySelector('.a') as HTMLElement;
    await mountCard([a]);
    // The page changed the node's style after the old copy stopped: that style is the page's now.
    a.setAttribute('style', 'color: green; display: none !important;');
    expect(removeLeftoverCards(document, MARKER)).toBe(1);
    expect(a.getAttribute('style')).toBe('color: green; display: none !important;');
    expect(document.querySelectorAll('div:not(.a)')).toHaveLength(0);
  });
});

describe('in Chrome (no reading of closed roots; an old copy undoes its own work)', () => {
  it('finds nothing and touches nothing', async () => {
    pageWithBlocks();
    await mountCard([document.querySelector('.a')!]);
    const html = document.body.innerHTML;
    expect(canFindLeftovers(document)).toBe(false);
    expect(removeLeftoverCards(document, MARKER)).toBe(0);
    expect(document.body.innerHTML).toBe(html);
    document.body.replaceChildren();
  });
});
