/**
 * One engine per document, and one learner. The background injects them at most once per document it
 * knows of, but a service worker that was stopped forgets what it injected, and the popup asks
 * for an engine wherever none answers it (src/background/engine-injection.ts): a second copy
 * injected into the same document must do nothing. The mark lives on the content scripts' own
 * global object (Chrome's isolated world, Firefox's sandbox), which the page cannot see.
 *
 * A mark left by a copy whose extension is gone (Chrome keeps an updated extension's old copy
 * running, cut off: docs/security.md, "Extension update") does not hold the new one back.
 */
type Marked = Record<symbol, (() => boolean) | undefined>;

/**
 * Whether this copy is the document's engine (or, with `part`, the document's copy of another
 * injected part: the learner, src/content/matches.ts); `alive` tells later copies whether this one
 * still runs.
 */
export function claimDocument(global: object, alive: () => boolean, part: 'engine' | 'learner' = 'engine'): boolean {
  const mark = Symbol.for(`${part}-started`);
  const marked = global as Marked;
  const previous = marked[mark];
  if (previous && isAlive(previous)) return false;
  Object.defineProperty(marked, mark, { value: alive, configurable: true, enumerable: false });
  return true;
}

function isAlive(alive: () => boolean): boolean {
  try {
    return alive();
  } catch {
    return false;
  }
}
