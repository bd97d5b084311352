/**
 * Runs the registered detectors over a subtree: the hooks queried, each
 * candidate element looked at once and by one detector, in document order, so
 * that a container claims the elements inside it before they are looked at
 * alone. The same queries find the page's scripts (is widgets.js there: a fact
 * the blockquote verdict needs) and its frames: same-origin frames (srcdoc,
 * about:blank, same-site pages) are scanned as part of the page, a few levels
 * deep at most (docs/detection.md, "Frames").
 *
 * The queries ask for hooks, not for the detectors' own selectors: Blink
 * matches a selector list selector by selector against every element, so
 * the 31 selectors of the detectors (and of widgets.js scripts) cost 42 ms on
 * a page of 100,000 elements, 14 times a native `a[href]` pass. A hook is an
 * element that every instance of a form is or holds (its status link, its
 * blockquote, its frame); a form reached through a hook inside it (a Ghost
 * card around a blockquote) is found by walking up from that hook. A scan of
 * the whole document queries each hook alone and merges the lists, which
 * costs Blink less than the same hooks as one list; a scan of the parts of a
 * page that changed (small) queries the list (docs/performance.md, "Detection").
 */
import { createDocumentFacts, WIDGETS_SCRIPT } from './document-facts';
import { mergeInDocumentOrder } from './document-order';
import { readFrameDocument } from './frames';
import { DETECTORS } from './registry';
import { INSIDE, type DetectContext, type Detector, type FoundEmbed } from './types';

/** How many frames deep a scan looks (a frame in a frame in a frame). */
export const MAX_FRAME_DEPTH = 3;

/** The parts of a selector list (no part of a detector's selector has a comma inside it). */
export const selectorParts = (selector: string): string[] => selector.split(',').map((part) => part.trim());

/**
 * How the scan's query reaches the elements of each part of every registered
 * detector's selector (each detector's `hooks`, src/embeds/types.ts): the hook
 * that matches every element the part matches, or INSIDE when the form is
 * another hook or always holds one (a detector recognises it only then).
 */
export const HOOKS: Readonly<Record<string, string>> = Object.assign({}, ...DETECTORS.map((d) => d.hooks));

/** The elements of every registered form that a status link inside must not be judged alone (each `container`). */
export const EMBED_CONTAINERS = joinContainers(DETECTORS);

function joinContainers(detectors: readonly Detector[]): string {
  return detectors.flatMap((d) => (d.container ? [d.container] : [])).join(', ') || ':not(*)';
}

export interface ScanOptions {
  /**
   * Called for every same-origin frame document the scan looked into.
   * `hosted`: a detector judged the frame as one embed and reported it on the
   * frame element (Drupal, Medium); otherwise its embeds are reported inside it.
   */
  onFrame?: (frame: Element, document: Document, hosted: boolean) => void;
  /**
   * Called with a same-origin frame's document before the scan looks inside it (detectors
   * included), each time the scan reads one: the engine clears an earlier copy's cards there
   * (start.ts). Frames the scan never reads are never opened: opening one from the content
   * script sets up the extension's world in it (docs/performance.md, "Frames are not opened").
   */
  beforeFrame?: (document: Document) => void;
  /** How many frames deep this scan already is. */
  depth?: number;
}

interface ScanPlan {
  /** The one query: every hook, scripts and frames. */
  query: string;
  /** The same hooks one by one, without scripts (a scan of the whole document queries each alone). */
  hooks: string[];
  /** The forms found from a hook inside them, walking up. */
  inside: string;
  /** The detectors' containers, joined (DetectContext.containers). */
  containers: string;
}

const plans = new WeakMap<readonly Detector[], ScanPlan>();

function planScan(detectors: readonly Detector[]): ScanPlan {
  let plan = plans.get(detectors);
  if (!plan) {
    const hooks = new Set<string>();
    const inside: string[] = [];
    for (const detector of detectors) {
      for (const part of selectorParts(detector.selector)) {
        // A part its detector declares no hook for (a test's own detector) is queried as it is.
        const hook = detector.hooks[part] ?? part;
        if (hook === INSIDE) inside.push(part);
        else hooks.add(hook);
      }
    }
    // Frames are looked into; scripts tell whether widgets.js is on the page.
    hooks.add('iframe');
    hooks.add('script');
    plan = {
      query: [...hooks].join(', '),
      hooks: [...hooks].filter((hook) => hook !== 'script'),
      inside: inside.join(', '),
      containers: joinContainers(detectors),
    };
    plans.set(detectors, plan);
  }
  return plan;
}

/** The one selector a scan queries: the detectors' hooks, scripts and frames. */
export function combinedSelector(detectors: readonly Detector[] = DETECTORS): string {
  return planScan(detectors).query;
}

/** Every detector's own selector, joined: whether an element can be a candidate at all. */
export function detectorSelector(detectors: readonly Detector[] = DETECTORS): string {
  return detectors.map((d) => d.selector).join(', ');
}

/**
 * What the element is, according to the one detector it belongs to: the
 * first in the registry whose selector it matches. Null when that detector
 * does not recognise it, or none applies.
 */
export function detectElement(
  el: Element,
  context: Omit<DetectContext, 'containers'> & Partial<DetectContext>,
  detectors: readonly Detector[] = DETECTORS,
): FoundEmbed | null {
  return detectWith(el, { ...context, containers: context.containers ?? planScan(detectors).containers }, detectors);
}

/** detectElement, with a context that has every field the scanner gives. */
function detectWith(el: Element, context: DetectContext, detectors: readonly Detector[]): FoundEmbed | null {
  for (const detector of detectors) {
    if (!el.matches(detector.selector)) continue;
    const detection = detector.detect(el, context);
    return detection ? { ...detection, source: el } : null;
  }
  return null;
}

/**
 * The embeds in a document, or in some of its parts: `root` is the document,
 * an element, or elements of one document in document order, none inside
 * another (the parts of a page that changed; adjacent parts are scanned as one
 * stretch, so that a fallback line added next to a blockquote merges with it).
 */
export function scanForEmbeds(
  root: Element | Document | readonly Element[],
  context: Partial<DetectContext> = {},
  detectors: readonly Detector[] = DETECTORS,
  options: ScanOptions = {},
): FoundEmbed[] {
  const roots: readonly (Element | Document)[] = isElementList(root) ? root : [root];
  const first = roots[0];
  if (!first) return [];
  const document = first.nodeType === 9 ? (first as Document) : (first as Element).ownerDocument;
  const plan = planScan(detectors);
  // `frame` only exists in framesets, which hold nothing else: not worth a selector on every other page.
  const frameset = document.body?.localName === 'frameset';
  const whole = roots.length === 1 && (first === document || first === document.documentElement);
  let hooks: Element[];
  let scripts: Element[];
  if (whole) {
    ({ hooks, scripts } = queryHooks(first, detectors));
  } else {
    const query = frameset ? `${plan.query}, frame` : plan.query;
    hooks = [];
    for (const part of roots) {
      if (part.nodeType === 1 && (part as Element).matches(query)) hooks.push(part as Element);
      hooks.push(...part.querySelectorAll(query));
    }
    scripts = hooks.filter((el) => el.localName === 'script');
  }

  // A scan of the whole document has seen every script: no second query to know about widgets.js.
  const facts =
    context.facts ??
    createDocumentFacts(
      whole ? { document, hasWidgetsScript: () => scripts.some((el) => el.matches(WIDGETS_SCRIPT)) } : undefined,
    );
  const depth = options.depth ?? 0;
  const frameDocument = (frame: Element) => {
    const doc = depth < MAX_FRAME_DEPTH ? readFrameDocument(frame) : null;
    if (doc) options.beforeFrame?.(doc);
    return doc;
  };
  const scanFrame = (doc: Document) => scanForEmbeds(doc, {}, detectors, { ...options, depth: depth + 1 });
  const detectContext: DetectContext = {
    document,
    facts,
    containers: plan.containers,
    scanFrame: (frame) => {
      const doc = frameDocument(frame);
      return doc ? scanFrame(doc) : null;
    },
  };

  const found: FoundEmbed[] = [];
  let claimed: readonly Element[] = [];
  const isClaimed = (el: Element) => claimed.some((node) => node.contains(el));
  const visit = (el: Element) => {
    if (isClaimed(el)) return;
    const detection = detectWith(el, detectContext, detectors);
    if (detection) {
      found.push(detection);
      claimed = detection.nodes;
    }
    if (el.localName !== 'iframe' && el.localName !== 'frame') return;
    const doc = frameDocument(el);
    if (!doc) return;
    const hosted = detection?.nodes.includes(el) ?? false;
    options.onFrame?.(el, doc, hosted);
    if (!hosted) found.push(...scanFrame(doc));
  };
  facts.noteScripts?.(document, scripts, whole);
  const wrappersOf = plan.inside ? findWrappers(plan.inside) : () => [];
  for (const hook of hooks) {
    if (hook.localName === 'script' || isClaimed(hook)) continue;
    // The forms around it come first, outermost first, as in document order.
    for (const wrapper of wrappersOf(hook)) visit(wrapper);
    visit(hook);
  }
  return mergeAdjacent(dropRenderedTwins(found));
}

/**
 * The hooks of a whole document, in document order, and its scripts: one query per hook, each a
 * single selector, merged. Blink matches a selector list selector by selector against every
 * element, on a path slower than that of one selector, so the list costs more than its parts
 * queried one by one, even with the merge (docs/performance.md, "Detection").
 */
export function queryHooks(
  root: Document | Element,
  detectors: readonly Detector[] = DETECTORS,
): { hooks: Element[]; scripts: Element[] } {
  const document = root.nodeType === 9 ? (root as Document) : (root as Element).ownerDocument;
  const plan = planScan(detectors);
  // `frame` only exists in framesets, which hold nothing else: not worth a query on every other page.
  const selectors = document.body?.localName === 'frameset' ? [...plan.hooks, 'frame'] : plan.hooks;
  return {
    hooks: mergeInDocumentOrder(selectors.map((hook) => root.querySelectorAll(hook))),
    scripts: Array.from(root.querySelectorAll('script')),
  };
}

const isElementList = (root: Element | Document | readonly Element[]): root is readonly Element[] =>
  Array.isArray(root);

/**
 * The elements around a hook that match `selector` and were not met before,
 * outermost first. Ancestors known to have none above them are remembered,
 * so hooks that share a section stop where the last walk stopped: most walks
 * are a step or two.
 */
function findWrappers(selector: string): (hook: Element) => Element[] {
  const clear = new Set<Node>();
  const met = new Set<Element>();
  return (hook) => {
    const path: Element[] = [];
    const wrappers: Element[] = [];
    for (let el = hook.parentElement; el && !clear.has(el); el = el.parentElement) {
      if (el.matches(selector)) {
        if (met.has(el)) break; // met before: so were the ones above it
        met.add(el);
        wrappers.unshift(el);
      } else if (!wrappers.length) path.push(el);
    }
    if (!wrappers.length) for (const el of path) clear.add(el);
    return wrappers;
  };
}

/**
 * The raw blockquote (or fallback block) of a tweet that is also rendered on
 * the page is the same embed: saved legacy pages keep both, sites leave their
 * fallback hidden next to the live tweet (docs/embed-forms.md#rendered-widget). Only the
 * live one is reported.
 */
function dropRenderedTwins(found: FoundEmbed[]): FoundEmbed[] {
  const live = new Set(found.filter((d) => d.status === 'rendered' && d.tweet).map((d) => d.tweet?.id));
  if (!live.size) return found;
  return found.filter((d) => d.status === 'rendered' || !d.tweet || !live.has(d.tweet.id));
}

/**
 * Consecutive blocks that stand for one tweet are one embed, replaced once:
 * - a site's fallback line right after the unrendered blockquote it stands in
 *   for ("Tweet not loading? View it on Twitter",
 *   docs/embed-forms.md#site-fallback);
 * - the collapsed frame widgets.js put next to a blockquote it never finished
 *   (docs/embed-forms.md#processed-marker).
 */
export function mergeAdjacent(found: FoundEmbed[]): FoundEmbed[] {
  const out: FoundEmbed[] = [];
  for (const detection of found) {
    const previous = out[out.length - 1];
    const merged = previous ? mergePair(previous, detection) : null;
    if (merged) out[out.length - 1] = merged;
    else out.push(detection);
  }
  return out;
}

const isSiteText = (d: FoundEmbed) => d.kind === 'site-fallback' || d.kind === 'tombstone';

function mergePair(a: FoundEmbed, b: FoundEmbed): FoundEmbed | null {
  if (a.nodes[a.nodes.length - 1]?.nextElementSibling !== b.nodes[0]) return null;
  if (a.status === 'rendered' || b.status === 'rendered') return null;
  if (a.tweet && b.tweet && a.tweet.id !== b.tweet.id) return null;
  let main: FoundEmbed;
  let reason: FoundEmbed['reason'];
  if (isSiteText(a) !== isSiteText(b)) {
    main = isSiteText(a) ? b : a;
    reason = main.reason;
  } else {
    const frame = a.kind === 'rendered-widget' ? a : b;
    const blockquote = frame === a ? b : a;
    if (frame.kind !== 'rendered-widget' || blockquote.kind !== 'widgets-blockquote' || !a.tweet || !b.tweet) {
      return null;
    }
    main = blockquote;
    reason = blockquote.status === 'pending' ? 'widget-stalled' : blockquote.reason;
  }
  const statuses = [a.status, b.status];
  const status = statuses.includes('unavailable')
    ? 'unavailable'
    : statuses.includes('broken')
      ? 'broken'
      : main.status;
  const embed: FoundEmbed = {
    ...main,
    nodes: [...a.nodes, ...b.nodes] as FoundEmbed['nodes'],
    tweet: main.tweet ?? a.tweet ?? b.tweet,
    status,
  };
  if (status === 'unavailable' || !reason) delete embed.reason;
  else embed.reason = reason;
  return embed;
}
