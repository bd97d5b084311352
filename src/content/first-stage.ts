/**
 * The first stage of the content script: the only part of Tweet Mender that runs on every
 * page. It looks, cheaply, whether the page could hold a tweet embed at all, and only then
 * asks the background to bring in the engine (src/content/start.ts, injected as
 * `content-engine.js` by src/background/engine-injection.ts). Nearly every page a person opens
 * has no embed, and there the extension's cost is this file and one query after load
 * (docs/performance.md, "Two stages").
 *
 * - "Could hold an embed": an element matching one of the detectors' signs
 *   (src/content/first-stage-selector.ts, src/embeds/first-stage-signs.ts). Every embed a
 *   detector reports is a sign or holds one, and a site's own placeholder wording ("Tweet not
 *   loading? …") is found from its status link, a sign too: no text is read here. Or a frame
 *   whose document the engine would read (`mayBeSameOriginFrame`): the engine scans those as part
 *   of the page, and this stage runs in the top frame only.
 * - Embeds inserted later (client-rendered pages, feeds): a MutationObserver on the document
 *   that looks at each added element and what it holds, nothing else (no attributes, no text).
 * - Whether the site is on: the background decides, from the page's address as the browser
 *   gives it, so the site rules never load here. A site that is off is asked about again when
 *   the stored settings change.
 *
 * Nothing here goes through the page (docs/security.md, "Detection"): no event, message or
 * attribute; the page's own `load` event only makes the look happen earlier.
 */
import type { Reply } from '../messages/protocol';

/** The longest the first look waits for an idle moment after load. */
export const FIRST_LOOK_IDLE_TIMEOUT_MS = 300;

/** The few extension APIs the first stage uses, as the browser gives them (no polyfill). */
export interface FirstStageBrowser {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: {
    onChanged: {
      addListener(listener: (changes: Record<string, unknown>, area: string) => void): void;
      removeListener(listener: (changes: Record<string, unknown>, area: string) => void): void;
    };
  };
}

export interface FirstStageOptions {
  document: Document;
  window: Window;
  browser: FirstStageBrowser;
  /** The signs looked for (FIRST_STAGE_SELECTOR). */
  selector: string;
  /** Where the settings live (src/sites/stored-settings.ts): a change there may switch the site on. */
  settings: { area: string; key: string };
}

export interface FirstStage {
  stop(): void;
}

export function startFirstStage(options: FirstStageOptions): FirstStage {
  const { document, window, browser, selector, settings } = options;
  const token = drawToken(window);
  let stopped = false;
  let asking = false;
  let observer: MutationObserver | null = null;
  let idleHandle: number | null = null;

  const signs = splitSigns(selector);
  const holdsSign = (el: Element) => el.matches(selector) || holdsAny(el, signs);

  const onSettingsChanged = (changes: Record<string, unknown>, area: string) => {
    if (area !== settings.area || !Object.hasOwn(changes, settings.key)) return;
    browser.storage.onChanged.removeListener(onSettingsChanged);
    void ask();
  };

  async function ask(): Promise<void> {
    if (stopped || asking) return;
    asking = true;
    observer?.disconnect();
    observer = null;
    let reply: Reply<'start-engine'> | undefined;
    try {
      reply = (await browser.runtime.sendMessage({ type: 'start-engine', document: token })) as Reply<'start-engine'>;
    } catch {
      // The extension is gone (updated or removed): nothing more to do on this page.
    }
    asking = false;
    if (stopped) return;
    if (reply?.ok && reply.value === 'off') browser.storage.onChanged.addListener(onSettingsChanged);
    else stop();
  }

  const look = () => {
    idleHandle = null;
    if (stopped) return;
    if (mayHoldEmbed(document, selector, window.location.origin)) {
      void ask();
      return;
    }
    const watcher = new (window as Window & typeof globalThis).MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (
            node.nodeType === 1 &&
            (holdsSign(node as Element) || holdsOwnFrame(node as Element, window.location.origin))
          ) {
            void ask();
            return;
          }
        }
      }
    });
    watcher.observe(document, { childList: true, subtree: true });
    observer = watcher;
  };

  // After load, in an idle moment: the page's own loading comes first (docs/performance.md, "Page load").
  const whenIdle = () => {
    idleHandle = window.requestIdleCallback(look, { timeout: FIRST_LOOK_IDLE_TIMEOUT_MS });
  };
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });

  function stop() {
    if (stopped) return;
    stopped = true;
    observer?.disconnect();
    window.removeEventListener('load', whenIdle);
    if (idleHandle !== null) window.cancelIdleCallback(idleHandle);
    try {
      browser.storage.onChanged.removeListener(onSettingsChanged);
    } catch {
      // The extension is gone, and its listeners with it.
    }
  }
  return { stop };
}

/**
 * The first look: whether the document holds a sign, or a frame whose document the engine would
 * read. `frame` holds a page only in a frameset, which the engine looks into (src/embeds/scan.ts).
 */
export function mayHoldEmbed(document: Document, selector: string, origin: string): boolean {
  const root = document.documentElement;
  if (!root) return false;
  return (
    holdsAny(document, splitSigns(selector)) || document.body?.localName === 'frameset' || holdsOwnFrame(root, origin)
  );
}

const splitSigns = (selector: string) => selector.split(',').map((part) => part.trim());

/**
 * Whether `root` holds an element matching one of the signs, asked one sign at a time: Blink
 * matches a selector list selector by selector on every element, while a single class, id or
 * attribute selector takes a faster path. On a page of 80,000 elements with no sign (headless
 * Chromium, medians of 21): the 24 signs one by one 6–15 ms, as one list 30–78 ms; the scan's 12
 * hooks as one list, which the first stage looked for before, 20–37 ms (docs/performance.md,
 * "Two stages").
 */
function holdsAny(root: ParentNode, signs: readonly string[]): boolean {
  return signs.some((sign) => root.querySelector(sign) !== null);
}

/**
 * Whether `root` is or holds a frame whose document the engine would read and scan as part of the
 * page (src/embeds/frames.ts; docs/detection.md, "Frames"): its embeds are in no sign of this
 * document. A frame counts unless its address is another origin's: `srcdoc`, no address, an
 * `about:` or `javascript:` address, an address that does not parse (the browser shows
 * about:blank then), or one of this page's origin (a same-site page, a `blob:` of this page).
 * Read from the attributes, not from the frame's document: a frame may not have loaded yet, or be
 * filled by a script later, and the engine would watch it; this stage does not look inside. Ad
 * frames a script writes into (no address) count too: the price of not watching frames here.
 */
export function holdsOwnFrame(root: Element, origin: string): boolean {
  const frames = root.localName === 'iframe' ? [root] : root.getElementsByTagName('iframe');
  for (const frame of frames) if (mayBeSameOriginFrame(frame, origin)) return true;
  return false;
}

function mayBeSameOriginFrame(frame: Element, origin: string): boolean {
  const src = frame.getAttribute('src')?.trim();
  if (frame.hasAttribute('srcdoc') || !src) return true;
  try {
    const url = new URL(src, frame.ownerDocument.baseURI);
    return url.protocol === 'about:' || url.protocol === 'javascript:' || url.origin === origin;
  } catch {
    return true;
  }
}

/** A value no page can guess, drawn once per document (see 'start-engine' in src/messages/protocol.ts). */
function drawToken(window: Window): string {
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
