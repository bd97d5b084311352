/**
 * One engine per document. The background injects the engine at most once per document it
 * knows of, but a service worker that was stopped forgets what it injected, and the popup asks
 * for an engine wherever none answers it (src/background/engine-injection.ts): a second copy
 * injected into the same document must do nothing. The mark lives on the content scripts' own
 * global object (Chrome's isolated world, Firefox's sandbox), which the page cannot see.
 *
 * A mark left by a copy whose extension is gone (Chrome keeps an updated extension's old copy
 * running, cut off: docs/security.md, "Extension update") does not hold the new one back.
 */
const MARK = Symbol.for('engine-started');

interface Marked {
  [MARK]?: () => boolean;
}

/** Whether this copy is the document's engine; `alive` tells later copies whether this one still runs. */
export function claimDocument(global: object, alive: () => boolean): boolean {
  const marked = global as Marked;
  const previous = marked[MARK];
  if (previous && isAlive(previous)) return false;
  Object.defineProperty(marked, MARK, { value: alive, configurable: true, enumerable: false });
  return true;
}

function isAlive(alive: () => boolean): boolean {
  try {
    return alive();
  } catch {
    return false;
  }
}
