/**
 * Reading what the extension draws inside CLOSED shadow roots, the way a
 * user's DevTools can and a page cannot. The page's own scripts see
 * `host.shadowRoot === null`; these helpers go through the browser's
 * automation protocol instead:
 *
 * - Chromium: Chrome DevTools Protocol (playwright's CDPSession).
 *   `DOM.getDocument({ depth: -1, pierce: true })` lists every shadow root,
 *   closed ones and those of same-origin frames included; `DOM.resolveNode`
 *   turns root and host into objects of the page's world, and
 *   `Runtime.callFunctionOn` runs the test's function with them.
 *   https://chromedevtools.github.io/devtools-protocol/tot/DOM/#method-getDocument
 * - Firefox: WebDriver BiDi (puppeteer's BiDi session, through its internal
 *   realm object: puppeteer has no public call for this). `script.callFunction`
 *   serialises each element with its `shadowRoot` (and the root's `mode`) as a
 *   shared node reference, which a second `script.callFunction` takes as an
 *   argument. Firefox ESR 140 reports closed roots whatever `includeShadowTree`
 *   says (checked); 'all' is asked for anyway, as the spec wants.
 *   https://w3c.github.io/webdriver-bidi/#type-script-SerializationOptions
 *   (Shadow roots nested in shadow roots are not walked there; cards have none.)
 *
 * The API (all of it):
 *
 *   inShadowRoots(page, fn, arg?)   runs `fn(root, host, arg)` in the page's own world for every author
 *                                   shadow root (open or closed) of the page and of its same-origin frames,
 *                                   top document first; returns what each call returned (JSON values only;
 *                                   fn must be self-contained, as for page.evaluate).
 *   readCards(page)                 the extension's cards (shadow roots holding a `.card`): mode, text,
 *                                   accessible label, links, and whether the host is in the top document.
 *   waitForCards(page, count?)      waits until exactly `count` cards stand (default: at least one) and
 *                                   returns them.
 *   clickInCard(page, selector, i?) clicks the element `selector` inside the i-th top-document card with
 *                                   real mouse input (the page sees `event.isTrusted === true`).
 *
 * Page-side checks (what a page's own script can see) stay plain
 * `page.evaluate` calls: there `host.shadowRoot` must be null.
 */
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import type { TestPage } from './browsers';

/** What `inShadowRoots` runs: the shadow root, its host, and the test's argument. */
export type InShadowRoot<R, A> = (root: ShadowRoot, host: Element, arg: A) => R | Promise<R>;

export function inShadowRoots<R, A = undefined>(page: TestPage, fn: InShadowRoot<R, A>, arg?: A): Promise<R[]> {
  return page.shadowRoots(fn, arg);
}

export interface CardView {
  mode: ShadowRootMode;
  /** The host stands in the top document (not in a frame). */
  top: boolean;
  /** The card's text. */
  text: string;
  /** The card region's accessible name (aria-label). */
  label: string | null;
  links: string[];
}

export async function readCards(page: TestPage): Promise<CardView[]> {
  const views = await page.shadowRoots((root, host) => {
    const card = root.querySelector('.card');
    if (!card) return null;
    return {
      mode: root.mode,
      top: host.ownerDocument.defaultView === window.top,
      text: card.textContent ?? '',
      label: card.getAttribute('aria-label'),
      links: [...root.querySelectorAll('a')].map((a) => a.href),
    };
  });
  return views.filter((view): view is CardView => view !== null);
}

const WAIT_MS = 20_000;

export async function waitForCards(page: TestPage, count?: number, timeoutMs = WAIT_MS): Promise<CardView[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const cards = await readCards(page).catch((): CardView[] => []);
    if (count === undefined ? cards.length > 0 : cards.length === count) return cards;
    if (Date.now() > deadline) throw new Error(`expected ${count ?? 'some'} card(s), found ${cards.length}`);
    await new Promise((done) => setTimeout(done, 150));
  }
}

/** Waits until the cards (read through DevTools) are as `wanted` says, and returns them. */
export async function waitForCardsWhere(
  page: TestPage,
  wanted: (cards: CardView[]) => boolean,
  timeoutMs = WAIT_MS,
): Promise<CardView[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const cards = await readCards(page);
    if (wanted(cards)) return cards;
    if (Date.now() > deadline) throw new Error(`the cards never became as expected: ${JSON.stringify(cards)}`);
    await new Promise((done) => setTimeout(done, 150));
  }
}

export async function clickInCard(page: TestPage, selector: string, index = 0): Promise<void> {
  const boxes = await page.shadowRoots((root, host, sel: string) => {
    if (!root.querySelector('.card') || host.ownerDocument.defaultView !== window.top) return null;
    const target = root.querySelector(sel);
    if (!target) return { missing: true, x: 0, y: 0 };
    target.scrollIntoView({ block: 'center' });
    const box = target.getBoundingClientRect();
    return { missing: false, x: box.left + box.width / 2, y: box.top + box.height / 2 };
  }, selector);
  const box = boxes.filter((b) => b !== null)[index];
  if (!box || box.missing) throw new Error(`no "${selector}" in card ${index}`);
  await page.mouseClick(box.x, box.y);
}

// ---- the two protocol back ends (browsers.ts wires them into TestPage.shadowRoots) ----

/** The page-side wrapper: calls the test's function and hands its result back as JSON. */
const wrap = (fn: InShadowRoot<unknown, unknown>, self: boolean) =>
  `async function (${self ? '' : 'root, '}host, argJson) {
    ${self ? 'const root = this;' : ''}
    const value = await (${fn.toString()})(root, host, JSON.parse(argJson));
    return JSON.stringify({ value: value === undefined ? null : value });
  }`;

interface CdpNode {
  backendNodeId: number;
  children?: CdpNode[];
  shadowRoots?: (CdpNode & { shadowRootType?: string })[];
  contentDocument?: CdpNode;
}

const cdpSessions = new WeakMap<PwPage, Promise<import('playwright-core').CDPSession>>();

export async function shadowRootsOverCdp<R, A>(page: PwPage, fn: InShadowRoot<R, A>, arg: A): Promise<R[]> {
  let session = cdpSessions.get(page);
  if (!session) cdpSessions.set(page, (session = page.context().newCDPSession(page)));
  const cdp = await session;
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  // Document order, the top document before its frames' documents.
  const pairs: [host: CdpNode, shadow: CdpNode][] = [];
  const frames: CdpNode[] = [];
  const walk = (node: CdpNode) => {
    for (const shadow of node.shadowRoots ?? []) {
      if (shadow.shadowRootType === 'user-agent') continue;
      pairs.push([node, shadow]);
      walk(shadow);
    }
    for (const child of node.children ?? []) walk(child);
    if (node.contentDocument) frames.push(node.contentDocument);
  };
  walk(root);
  while (frames.length) walk(frames.shift() as CdpNode);
  const results: R[] = [];
  const declaration = wrap(fn as InShadowRoot<unknown, unknown>, true);
  for (const [host, shadow] of pairs) {
    const resolve = (node: CdpNode) =>
      cdp.send('DOM.resolveNode', { backendNodeId: node.backendNodeId }) as Promise<{ object: { objectId: string } }>;
    const [{ object: shadowObject }, { object: hostObject }] = await Promise.all([resolve(shadow), resolve(host)]);
    const reply = (await cdp.send('Runtime.callFunctionOn', {
      objectId: shadowObject.objectId,
      functionDeclaration: declaration,
      arguments: [{ objectId: hostObject.objectId }, { value: JSON.stringify(arg ?? null) }],
      returnByValue: true,
      awaitPromise: true,
    })) as { result: { value?: string }; exceptionDetails?: { exception?: { description?: string } } };
    if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.exception?.description ?? 'page error');
    results.push((JSON.parse(reply.result.value as string) as { value: R }).value);
  }
  return results;
}

/** The part of puppeteer's (internal) BiDi realm these helpers use: raw script.callFunction. */
interface BidiRealm {
  callFunction(
    declaration: string,
    awaitPromise: boolean,
    options: Record<string, unknown>,
  ): Promise<{ type: string; result?: BidiValue; exceptionDetails?: { text?: string } }>;
}
interface BidiValue {
  type: string;
  sharedId?: string;
  value?: unknown;
}
type BidiFrame = { mainRealm(): { realm: BidiRealm }; detached?: boolean };

/** Elements that may carry an author shadow root: attachShadow's list, and custom elements. */
const SHADOW_HOSTS = 'article aside blockquote body div footer h1 h2 h3 h4 h5 h6 header main nav p section span';

export async function shadowRootsOverBidi<R, A>(page: PpPage, fn: InShadowRoot<R, A>, arg: A): Promise<R[]> {
  const results: R[] = [];
  const declaration = wrap(fn as InShadowRoot<unknown, unknown>, false);
  for (const frame of page.frames() as unknown as BidiFrame[]) {
    const realm = frame.mainRealm().realm;
    const found = await realm.callFunction(
      `(names) => {
        const hosts = new Set(names.split(' '));
        return [...document.getElementsByTagName('*')].filter((el) => hosts.has(el.localName) || el.localName.includes('-'));
      }`,
      false,
      {
        arguments: [{ type: 'string', value: SHADOW_HOSTS }],
        serializationOptions: { maxObjectDepth: 1, maxDomDepth: 0, includeShadowTree: 'all' },
        resultOwnership: 'none',
      },
    );
    if (found.type !== 'success') continue; // a frame gone meanwhile
    for (const host of (found.result?.value ?? []) as BidiValue[]) {
      const shadow = (host.value as { shadowRoot?: BidiValue | null } | undefined)?.shadowRoot;
      if (!shadow?.sharedId || !host.sharedId) continue;
      const reply = await realm.callFunction(declaration, true, {
        arguments: [
          { sharedId: shadow.sharedId },
          { sharedId: host.sharedId },
          { type: 'string', value: JSON.stringify(arg ?? null) },
        ],
        resultOwnership: 'none',
      });
      if (reply.type !== 'success') throw new Error(reply.exceptionDetails?.text ?? 'page error');
      results.push((JSON.parse(reply.result?.value as string) as { value: R }).value);
    }
  }
  return results;
}
