/**
 * The card mounter on its own (src/repair/mount-card.ts): the page's nodes
 * stay where they are, hidden; the card stands right before them in a
 * closed shadow root; undo gives the page back byte for byte, whatever
 * style the nodes had; and the mounter tells where the card and the embed
 * stand after the page moved, removed, re-rendered or took them back.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cardRenderers } from '../../src/repair/card-renderers';
import { createCardMounter, RECORD_SELECTOR, type MountedCard } from '../../src/repair/mount-card';

const MARKER = 'moz-extension://0b1c2d3e-test/';
/** The renderers as the cards' file gives them (src/content/cards-on-demand.ts). */
const loadCards = async () => cardRenderers();

/** Runs a change at once (the controller's version also keeps the change from its observer). */
const quietly = (change: () => void) => change();

async function mount(nodes: Element[], onDisturbed = () => undefined): Promise<MountedCard> {
  const card = await createCardMounter(MARKER, loadCards)(
    nodes,
    (container) => {
      container.textContent = 'The card';
    },
    { quietly, onDisturbed },
  );
  if (!card) throw new Error('not mounted');
  return card;
}

/** Lets MutationObserver callbacks run. */
const tick = () => new Promise((done) => setTimeout(done, 0));

afterEach(() => {
  document.body.replaceChildren();
});

describe('mounting', () => {
  it('hides the same nodes in place and puts the card, in a closed root, right before them', async () => {
    document.body.innerHTML =
      '<p id="a">Before</p><div id="x">Loading Tweet</div><p id="y">Not loading?</p><p id="b">After</p>';
    const [x, y] = [document.getElementById('x')!, document.getElementById('y')!];
    const card = await mount([x, y]);
    expect([...document.body.children].map((el) => el.id || el.localName)).toEqual(['a', 'div', 'x', 'y', 'b']);
    expect(card.host.nextElementSibling).toBe(x);
    for (const el of [x, y]) {
      expect(el.isConnected).toBe(true);
      expect(el.style.getPropertyValue('display')).toBe('none');
      expect(el.style.getPropertyPriority('display')).toBe('important');
    }
    // The page sees a bare div whose root it cannot open.
    expect(card.host.shadowRoot).toBeNull();
    expect(card.host.attributes).toHaveLength(0);
    expect(card.host.childNodes).toHaveLength(0);
    expect(card.root.mode).toBe('closed');
    expect(card.root.textContent).toContain('The card');
    // The record a later copy reads back: the marker, and each node's style before and after.
    const record = card.root.querySelector(RECORD_SELECTOR)!;
    expect(record.getAttribute('data-owner')).toBe(MARKER);
    expect(JSON.parse(record.getAttribute('data-restore')!)).toEqual([
      { before: null, after: x.getAttribute('style') },
      { before: null, after: y.getAttribute('style') },
    ]);
    expect(card.check()).toBe('in-place');
  });

  it('does not mount over nodes that left the page or are no longer consecutive', async () => {
    document.body.innerHTML = '<p id="x">x</p><p id="mid">m</p><p id="y">y</p>';
    const mounter = createCardMounter(MARKER, loadCards);
    const render = () => undefined;
    const [x, y] = [document.getElementById('x')!, document.getElementById('y')!];
    expect(await mounter([x, y], render, { quietly, onDisturbed: () => undefined })).toBeNull();
    const gone = document.createElement('p');
    expect(await mounter([gone], render, { quietly, onDisturbed: () => undefined })).toBeNull();
    expect(document.body.innerHTML).toBe('<p id="x">x</p><p id="mid">m</p><p id="y">y</p>');
  });
});

describe('the cards, brought in with the first card', () => {
  it('draws with the renderers it was handed, and loads them before it looks at the nodes', async () => {
    document.body.innerHTML = '<p id="x">x</p><p id="y">y</p>';
    const [x, y] = [document.getElementById('x')!, document.getElementById('y')!];
    let arrive = () => {};
    const renderers = { ...cardRenderers(), css: '.drawn { color: red }' };
    const coming = new Promise<typeof renderers>((done) => (arrive = () => done(renderers)));
    const loads = vi.fn(() => coming);
    const mounter = createCardMounter(MARKER, loads);
    const drawn = vi.fn((container: HTMLElement, cards: typeof renderers) => {
      container.textContent = cards.css;
    });
    const options = { quietly, onDisturbed: () => undefined };
    const pending = mounter([x], drawn, options);
    // While the cards come in, the page removes the embed: no card over nodes that left.
    x.remove();
    arrive();
    expect(await pending).toBeNull();
    expect(drawn).not.toHaveBeenCalled();
    expect(document.body.innerHTML).toBe('<p id="y">y</p>');
    const card = await mounter([y], drawn, options);
    expect(drawn).toHaveBeenCalledWith(expect.anything(), renderers);
    expect(card!.root.querySelector('style')!.textContent).toContain('.drawn { color: red }');
    expect(card!.root.textContent).toContain('.drawn');
    expect(loads).toHaveBeenCalledTimes(2);
  });
});

describe('undo', () => {
  it('gives the page back byte for byte, whatever style attribute the nodes had (or none)', async () => {
    const style = fc.oneof(
      fc.constant(null),
      fc.constantFrom('', ' ', 'color: red', 'COLOR:Red;;', 'display: flex', 'display:grid !important; margin: 0'),
      fc
        .array(
          fc.tuple(
            fc.constantFrom('color', 'display', 'margin-top', 'border', '--x'),
            fc.constantFrom('red', 'none', 'block', '1px solid', '0', 'inline-flex'),
            fc.boolean(),
          ),
          { maxLength: 4 },
        )
        .map((decls) => decls.map(([p, v, imp]) => `${p}: ${v}${imp ? ' !important' : ''}`).join('; ')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(style, { minLength: 1, maxLength: 3 }), fc.boolean(), async (styles, hidden) => {
        document.body.replaceChildren();
        const nodes = styles.map((value, i) => {
          const el = document.body.appendChild(document.createElement(i % 2 ? 'p' : 'div'));
          el.textContent = `node ${i}`;
          if (value !== null) el.setAttribute('style', value);
          if (hidden) el.hidden = true;
          return el;
        });
        const before = document.body.innerHTML;
        const card = await mount(nodes);
        expect(nodes.every((el) => el.style.getPropertyValue('display') === 'none')).toBe(true);
        card.restore();
        expect(document.body.innerHTML).toBe(before);
        expect([...document.body.children]).toEqual(nodes);
      }),
      { numRuns: 200 },
    );
  });

  it("after the page changed a hidden node's style, takes back only our declaration and gives back its display", async () => {
    document.body.innerHTML = '<div id="x" style="display: flex; color: blue">x</div>';
    const x = document.getElementById('x')!;
    const card = await mount([x]);
    x.style.setProperty('margin-top', '3px');
    card.restore();
    expect(x.style.getPropertyValue('display')).toBe('flex');
    expect(x.style.getPropertyPriority('display')).toBe('');
    expect(x.style.getPropertyValue('color')).toBe('blue');
    expect(x.style.getPropertyValue('margin-top')).toBe('3px');
    expect(card.host.isConnected).toBe(false);
  });
});

describe('where the card and the embed stand', () => {
  function setUp() {
    document.body.innerHTML = '<p id="a">a</p><div id="x">x</div><p id="b">b</p><p id="c">c</p>';
    return { x: document.getElementById('x')!, c: document.getElementById('c')! };
  }

  it('moved: the page moved the embed, or put a node between card and embed; follow() puts the card back beside it', async () => {
    const { x, c } = setUp();
    const card = await mount([x]);
    c.after(x);
    expect(card.check()).toBe('moved');
    card.follow();
    expect(card.check()).toBe('in-place');
    expect(card.host.nextElementSibling).toBe(x);
    x.before(document.createElement('aside'));
    expect(card.check()).toBe('moved');
  });

  it('embed-gone, split: the page removed the embed, or part of it', async () => {
    document.body.innerHTML = '<div id="x">x</div><div id="y">y</div>';
    const [x, y] = [document.getElementById('x')!, document.getElementById('y')!];
    const card = await mount([x, y]);
    y.remove();
    expect(card.check()).toBe('split');
    x.remove();
    expect(card.check()).toBe('embed-gone');
  });

  it('card-gone: the page removed our element, or made it its own (children or attributes)', async () => {
    const { x } = setUp();
    const removed = await mount([x]);
    removed.host.remove();
    expect(removed.check()).toBe('card-gone');
    removed.restore();
    expect(x.hasAttribute('style')).toBe(false);

    const adopted = await mount([x]);
    // A framework's hydration taking our div for its own (same tag) and filling it.
    adopted.host.className = 'tweet-embed';
    adopted.host.append(document.createElement('span'));
    expect(adopted.check()).toBe('card-gone');
    adopted.restore();
    // It keeps the element, now showing its own children through a slot; our card and styles are gone.
    expect(adopted.host.isConnected).toBe(true);
    expect([...adopted.root.children].map((el) => el.localName)).toEqual(['slot']);
    expect(x.hasAttribute('style')).toBe(false);
  });

  it("shown: the page rewrote a hidden node's style so that it shows; the mounter tells the controller", async () => {
    const { x } = setUp();
    const disturbed = vi.fn();
    const card = await mount([x], disturbed);
    x.style.setProperty('color', 'red');
    await tick();
    expect(disturbed).toHaveBeenCalledTimes(1);
    expect(card.check()).toBe('in-place');
    x.style.removeProperty('display');
    await tick();
    expect(disturbed).toHaveBeenCalledTimes(2);
    expect(card.check()).toBe('shown');
    // Our own undo is not a disturbance.
    card.restore();
    await tick();
    expect(disturbed).toHaveBeenCalledTimes(2);
  });
});
