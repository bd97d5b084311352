/**
 * Watching the page: one MutationObserver over the page's document and the
 * frame documents the scans looked into, whose changes are gathered and
 * handed over in batches that are bounded in size and spaced out in
 * proportion to the work they cost, so a page that never stops changing
 * cannot keep the content script busy. The extension's own DOM changes are
 * taken out of the observer's queue and never come back as page changes
 * (docs/detection.md, "Pages that change"). Like uBlock Origin's domWatcher
 * (https://github.com/gorhill/uBlock/blob/master/src/js/contentscript.js),
 * it knows nothing of what the changes mean: the batch handler scans them.
 */
import { readFrameDocument } from '../embeds/frames';
import type { FoundEmbed } from '../embeds/types';
import type { Clock } from './clock';
import type { PageFrames } from './page-frames';
import { partsByDocument } from './page-parts';

/** At most this many changed elements are looked at per batch; the rest wait for the next one. */
export const MAX_ROOTS_PER_BATCH = 500;
/** Batches of page changes are at least this far apart once the page keeps changing. */
export const MIN_BATCH_INTERVAL_MS = 50;
/** ... and at least this many times the last batch's own duration apart: at most ~1/5 of the CPU. */
const BATCH_BACKOFF_FACTOR = 4;
/**
 * A changed element's parent is scanned with it when it is this small (the
 * largest placeholder block, placeholder-blocks.ts): a change can complete a block around
 * it. A larger parent is a section of the page; rescanning it on every change
 * made an infinite feed cost the square of its length (docs/performance.md).
 */
const SMALL_BLOCK_ELEMENTS = 12;

/** Exported for the benchmark's floor extension, which observes the same (scripts/bench/lib/setup.ts). */
export const OBSERVE: MutationObserverInit = {
  childList: true,
  subtree: true,
  attributes: true,
  // The attributes that change a verdict: widgets.js's classes, Discourse's give-up marker.
  attributeFilter: ['class', 'data-x-embed-stalled'],
};

/** What the page did since someone last looked: set by the watcher, cleared by whoever acts on it. */
export interface PageSignals {
  /** Nodes left the page (or a frame changed documents) since the tracked embeds were last checked. */
  pageShrank: boolean;
  /** Nodes were taken out or put in, or the page restyled a hidden node, since the cards were last checked. */
  cardsMayHaveMoved: boolean;
}

export interface PageWatcherOptions {
  window: Window;
  clock: Clock;
  frames: PageFrames;
  /** The embeds being tracked: a change inside one, or next to one, changes its verdict. */
  tracked: ReadonlySet<{ detection: FoundEmbed }>;
  /** What a detector looks at: an attribute change on one of these may change a verdict. */
  candidate: string;
  /** What a scan's query looks for: an element that holds none holds no embed. */
  hooks: string;
  /** Runs a batch: takeChanges(), then finishBatch(). */
  onBatch: () => void;
}

export interface PageWatcher {
  readonly signals: PageSignals;
  /** Starts watching, from the page's document. */
  start(document: Document): void;
  /** Watches one more document (a frame's a scan looked into), while watching. */
  watch(doc: Document): void;
  /** Stops watching every document and forgets the changes not yet looked at; start() watches again. */
  pause(): void;
  /** Stops for good: no batch runs after this. */
  end(): void;
  /** Our own DOM changes must not come back to us as page changes. */
  mutateQuietly(change: () => void): void;
  /** One of our own elements (a card, the highlight): never looked at as a page change. */
  markOurs(el: Element): void;
  /** An element to look at again with the next batch. */
  markChanged(el: Element): void;
  scheduleBatch(): void;
  /** The changed parts to scan, a list per document in document order, none inside another. */
  takeChanges(): Element[][];
  /** Ends a batch that began at `startedAt`: the next one waits in proportion to its cost. */
  finishBatch(startedAt: number): void;
  /** An element just added to the page, holding no tracked embed (unless nodes were moved meanwhile). */
  isFreshlyAdded(el: Element): boolean;
  /** Frames come and go (ad slots, lazy loaders): forget the documents of those that went. */
  forgetGoneDocuments(document: Document): void;
  /** Changed elements not yet looked at. */
  pendingChanges(): number;
}

export function createPageWatcher(options: PageWatcherOptions): PageWatcher {
  const { window, clock, frames, tracked, candidate, hooks, onBatch } = options;
  const signals: PageSignals = { pageShrank: true, cardsMayHaveMoved: false };
  /** Our own elements (cards, the highlight): never looked at as page changes. */
  const ours = new WeakSet<Element>();
  let observedDocuments = new WeakSet<Document>();
  const loadListeners = new Set<Document>();
  let watching = false;
  let ended = false;
  /** Elements added to the page since the last batch, and whether any node was taken out meanwhile. */
  let added = new WeakSet<Element>();
  let nodesMoved = false;
  let batchTimer: unknown = null;
  let nextBatchAt = -Infinity;
  const dirty = new Set<Element>();

  const observer = new (window as Window & typeof globalThis).MutationObserver((records) => enqueue(records));

  function enqueue(records: MutationRecord[]) {
    let parents: Set<Node | null> | null = null;
    let removed = false;
    let trackedNodes: Set<Element> | null = null;
    /** Inside an embed being tracked: a change there changes its verdict. */
    const isInsideTracked = (el: Element) => {
      trackedNodes ??= new Set([...tracked].flatMap((e) => e.detection.nodes));
      for (let up: Element | null = el; up; up = up.parentElement) if (trackedNodes.has(up)) return true;
      return false;
    };
    for (const record of records) {
      const target = record.target;
      const info = target.ownerDocument ? frames.infoOf(target.ownerDocument) : undefined;
      if (info?.hosted) {
        // Inside a frame judged as one embed (Drupal, Medium): judge the frame again.
        dirty.add(info.frame);
        continue;
      }
      if (record.type === 'attributes') {
        const el = target as Element;
        if (el.matches(candidate) || isInsideTracked(el)) dirty.add(el);
        continue;
      }
      let textAdded = false;
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) {
          textAdded = true;
          continue;
        }
        // An element added is looked at with its surroundings (takeChanges), not its whole parent:
        // the parent of a feed's items is the feed.
        const el = node as Element;
        if (ours.has(el)) continue;
        dirty.add(el);
        added.add(el);
      }
      if (record.removedNodes.length) signals.pageShrank = nodesMoved = removed = signals.cardsMayHaveMoved = true;
      if (record.addedNodes.length) signals.cardsMayHaveMoved = true;
      if (target.nodeType !== 1) continue;
      // Text added into an existing block (a fallback that fills in late) changes that block's verdict.
      if (textAdded) dirty.add(target as Element);
      if (!record.removedNodes.length) continue;
      // A part of an embed taken away (widgets.js removing the blockquote it rendered) changes the rest;
      // so does text taken out of an embed.
      parents ??= new Set([...tracked].flatMap((e) => e.detection.nodes.map((n): Node | null => n.parentNode)));
      if (parents.has(target) || isInsideTracked(target as Element)) dirty.add(target as Element);
    }
    // Nodes taken out may be an embed with a card: the card follows it (followEmbeds), even when nothing was added.
    if (dirty.size || (removed && tracked.size)) scheduleBatch();
  }

  /** A frame loaded (or navigated): look at it again, and at its new document. */
  const onFrameLoad = (event: Event) => {
    const target = event.target as Element | null;
    if (target && (target.localName === 'iframe' || target.localName === 'frame')) {
      const seen = frames.lookedInto(target);
      // Still the document a scan looked into: the observer watches it, nothing new to look at.
      if (seen && readFrameDocument(target) === seen) return;
      // The document we looked into is gone, and its embeds with it.
      if (seen) signals.pageShrank = true;
      dirty.add(target);
      scheduleBatch();
    }
  };

  function watchDocument(doc: Document) {
    if (!watching || ended || observedDocuments.has(doc)) return;
    observedDocuments.add(doc);
    observer.observe(doc, OBSERVE);
    doc.addEventListener('load', onFrameLoad, true);
    loadListeners.add(doc);
  }

  function unwatchAll() {
    observer.disconnect();
    observedDocuments = new WeakSet();
    for (const doc of loadListeners) doc.removeEventListener('load', onFrameLoad, true);
    loadListeners.clear();
    dirty.clear();
  }

  const mutateQuietly = (change: () => void) => {
    const pageChanges = observer.takeRecords();
    try {
      change();
    } finally {
      observer.takeRecords();
      enqueue(pageChanges);
    }
  };

  function scheduleBatch() {
    if (batchTimer !== null || ended) return;
    batchTimer = clock.setTimeout(runBatch, Math.max(0, nextBatchAt - clock.now()));
  }

  function runBatch() {
    batchTimer = null;
    onBatch();
  }

  function takeChanges(): Element[][] {
    const roots = new Set<Element>();
    const small = new Map<Element, boolean>();
    let budget = MAX_ROOTS_PER_BATCH;
    for (const el of dirty) {
      if (budget-- === 0) break;
      dirty.delete(el);
      if (frames.isInPage(el)) for (const root of rootsAround(el, roots, small)) roots.add(root);
    }
    // One scan per document, of the changed parts not inside another, in document order.
    return partsByDocument(roots, true);
  }

  function finishBatch(startedAt: number) {
    if (!dirty.size) {
      added = new WeakSet();
      nodesMoved = false;
    }
    const finishedAt = clock.now();
    nextBatchAt = finishedAt + Math.max(MIN_BATCH_INTERVAL_MS, (finishedAt - startedAt) * BATCH_BACKOFF_FACTOR);
    if (dirty.size) scheduleBatch();
  }

  /**
   * What to scan for a changed element: itself; its parent when that is small
   * enough to be (or become) one embed with it; otherwise its neighbours that
   * hold something a detector looks at, so that a fallback line added next to
   * a blockquote is still judged with it.
   */
  function rootsAround(el: Element, scanned: ReadonlySet<Element>, small: Map<Element, boolean>): Element[] {
    const parent = el.parentElement;
    if (parent && parent !== el.ownerDocument.documentElement) {
      // The items of one batch of a feed share their parent: it is measured once.
      let isSmall = small.get(parent);
      if (isSmall === undefined) small.set(parent, (isSmall = isSmallBlock(parent)));
      if (isSmall) return [parent];
    }
    const around = [el];
    for (const sibling of [el.previousElementSibling, el.nextElementSibling]) {
      // A sibling that changed too is scanned anyway (the items of one batch of a feed).
      if (!sibling || scanned.has(sibling) || dirty.has(sibling)) continue;
      if ((sibling.matches(hooks) || sibling.querySelector(hooks)) && isSmallBlock(sibling)) around.push(sibling);
    }
    return around;
  }

  return {
    signals,
    start(document) {
      watching = true;
      watchDocument(document);
    },
    watch: watchDocument,
    pause() {
      watching = false;
      unwatchAll();
    },
    end() {
      watching = false;
      ended = true;
      unwatchAll();
      if (batchTimer !== null) clock.clearTimeout(batchTimer);
    },
    mutateQuietly,
    markOurs: (el) => ours.add(el),
    markChanged: (el) => dirty.add(el),
    scheduleBatch,
    takeChanges,
    finishBatch,
    isFreshlyAdded: (el) => !nodesMoved && added.delete(el),
    forgetGoneDocuments(document) {
      for (const doc of loadListeners) {
        if (doc !== document && !(doc.documentElement && frames.isInPage(doc.documentElement))) {
          loadListeners.delete(doc);
        }
      }
    },
    pendingChanges: () => dirty.size,
  };
}

/**
 * Small enough to be one embed block: at most SMALL_BLOCK_ELEMENTS elements,
 * counted no further than that (a page's big containers are not walked).
 */
function isSmallBlock(el: Element): boolean {
  // Not childElementCount: Blink counts every child for it, and the parent of a feed's items has thousands.
  if (el.children[SMALL_BLOCK_ELEMENTS]) return false;
  let count = 0;
  for (let node = el.firstElementChild; node;) {
    if (++count > SMALL_BLOCK_ELEMENTS) return false;
    if (node.firstElementChild) {
      node = node.firstElementChild;
      continue;
    }
    while (node && node !== el && !node.nextElementSibling) node = node.parentElement;
    node = node && node !== el ? node.nextElementSibling : null;
  }
  return true;
}
