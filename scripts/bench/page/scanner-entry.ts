/**
 * A bench-only bundle of the content script's scanner, injected into the
 * page's main world so that one full scan can be timed next to a native
 * querySelectorAll over the same document (the content script's isolated
 * world cannot be timed from outside, and nothing test-only ships in the
 * extension). It also counts what a scan touches.
 */
import { DETECTORS } from '../../../src/embeds/registry';
import { combinedSelector, detectorSelector, queryHooks, scanForEmbeds, selectorParts } from '../../../src/embeds/scan';
import type { DetectContext, Detector } from '../../../src/embeds/types';
import { CARD, readPageTweets } from '../../../src/learning/learn-from-page';

export interface ScanCounts {
  /** Elements handed to a detector (the scanner's candidates). */
  candidates: number;
  /** detect() calls on the element looked at most often (goal: 1). */
  maxDetectsPerElement: number;
  /** Embeds found, and how many of them with each status. */
  found: number;
  statuses: Record<string, number>;
  /** querySelector(All) / getElementsBy… calls on the document, <html> or <body>: full-document traversals. */
  documentQueries: number;
  /** The hooks of the scan's query (src/embeds/scan.ts): a scan of the document queries each at most once. */
  hooks: number;
  /** All querySelector(All)/matches/closest calls made by the detectors. */
  domCalls: number;
  /** Characters read through textContent, and the largest single read. */
  textRead: number;
  largestTextRead: number;
  /** textContent reads of <html>, <body> or the document (a full-text walk). */
  fullTextReads: number;
  /** The document's text, for scale. */
  documentText: number;
  elements: number;
}

function scan(): number {
  return scanForEmbeds(document, { document }).length;
}

/**
 * What learning as you read does on a page with learning on (src/learning/learn-from-page.ts): every
 * tweet of the page's embed code and static cards read, without the per-page cap; the number read.
 */
function learnAll(): number {
  return readPageTweets([document], CARD).length;
}

function nativeLinks(): number {
  return document.querySelectorAll('a[href]').length;
}

/** What a scan of the document queries before any detector runs: each hook alone, merged in document order. */
function hookQueries(): number {
  return queryHooks(document, DETECTORS).hooks.length;
}

/** The same hooks as one selector list (what a scan of the document queried before). */
function combinedQuery(): number {
  return document.querySelectorAll(combinedSelector(DETECTORS)).length;
}

/**
 * What the parts of the scan's one query cost: querySelectorAll with each hook
 * alone, and the detectors' own selectors joined (what a scan queried before it
 * queried hooks), median ms of `iterations` passes. Blink matches a selector
 * list selector by selector on every element, so a list costs about the sum of
 * its parts.
 */
function selectorCosts(iterations: number): { name: string; selector: string; ms: number }[] {
  const parts: { name: string; selector: string }[] = [
    ...selectorParts(combinedSelector(DETECTORS)).map((hook) => ({ name: hook, selector: hook })),
    { name: "the detectors' own selectors, joined", selector: detectorSelector(DETECTORS) },
  ];
  const times = parts.map(() => [] as number[]);
  for (let i = 0; i < iterations; i++) {
    parts.forEach((part, k) => {
      const start = performance.now();
      document.querySelectorAll(part.selector);
      times[k]!.push(performance.now() - start);
    });
  }
  return parts.map((part, k) => {
    const sorted = times[k]!.sort((a, b) => a - b);
    return { ...part, ms: sorted[Math.floor(sorted.length / 2)] ?? 0 };
  });
}

/**
 * One scan with every DOM entry point the detectors use wrapped in a
 * counter. Not timed: the wrappers cost more than what they count.
 */
function countedScan(): ScanCounts {
  const perElement = new Map<Element, number>();
  const detectors: Detector[] = DETECTORS.map((d) => ({
    ...d,
    detect(el: Element, context: DetectContext) {
      perElement.set(el, (perElement.get(el) ?? 0) + 1);
      return d.detect.call(d, el, context);
    },
  }));
  const counts = { documentQueries: 0, domCalls: 0, textRead: 0, largestTextRead: 0, fullTextReads: 0 };
  const isWholeDocument = (node: unknown) =>
    node === document || node === document.documentElement || node === document.body;
  const restore: (() => void)[] = [];
  const wrap = (proto: object, name: string, onCall: (self: unknown) => void) => {
    const original = Reflect.get(proto, name) as (...args: unknown[]) => unknown;
    Reflect.set(proto, name, function (this: unknown, ...args: unknown[]) {
      onCall(this);
      return original.apply(this, args);
    });
    restore.push(() => Reflect.set(proto, name, original));
  };
  for (const proto of [Document.prototype, Element.prototype]) {
    for (const name of ['querySelector', 'querySelectorAll', 'getElementsByTagName', 'getElementsByClassName']) {
      wrap(proto, name, (self) => {
        counts.domCalls++;
        if (isWholeDocument(self)) counts.documentQueries++;
      });
    }
  }
  for (const name of ['matches', 'closest']) wrap(Element.prototype, name, () => counts.domCalls++);
  const text = Object.getOwnPropertyDescriptor(Node.prototype, 'textContent')!;
  Object.defineProperty(Node.prototype, 'textContent', {
    ...text,
    get(this: Node) {
      const value = text.get!.call(this) as string | null;
      const length = value?.length ?? 0;
      counts.textRead += length;
      counts.largestTextRead = Math.max(counts.largestTextRead, length);
      if (isWholeDocument(this)) counts.fullTextReads++;
      return value;
    },
  });
  restore.push(() => Object.defineProperty(Node.prototype, 'textContent', text));

  let found: ReturnType<typeof scanForEmbeds>;
  try {
    found = scanForEmbeds(document, { document }, detectors);
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  // The scan's own query over the document is the one traversal it is allowed.
  return {
    candidates: perElement.size,
    maxDetectsPerElement: Math.max(0, ...perElement.values()),
    found: found.length,
    statuses: found.reduce<Record<string, number>>((out, d) => ({ ...out, [d.status]: (out[d.status] ?? 0) + 1 }), {}),
    ...counts,
    hooks: selectorParts(combinedSelector(DETECTORS)).length,
    documentText: document.body.textContent?.length ?? 0,
    elements: document.getElementsByTagName('*').length,
  };
}

Object.assign(globalThis, {
  __tmScanner: { scan, nativeLinks, hookQueries, combinedQuery, countedScan, selectorCosts, learnAll },
});
