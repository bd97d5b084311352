/**
 * The content script's work, as a plain module: find the page's tweet
 * embeds (in the page and in its same-origin frames), wait out the grace
 * period for those that may still render, ask the background for the archived
 * context of the broken ones, put a card beside them (the embed hidden in
 * place) while the site is switched on, and show the page its nodes again
 * when it is switched off, when the page takes them back, or when a live
 * embed of the same tweet shows up. The page owns its nodes: the card follows
 * them when the page moves, removes or re-renders them (docs/security.md,
 * "Framework safety").
 *
 * Page changes are watched with one MutationObserver, in batches that are
 * bounded in size and spaced out in proportion to the work they cost, so a
 * page that never stops changing cannot keep the content script busy; the
 * extension's own DOM changes are taken out of the observer's queue and never
 * come back as page changes (docs/detection.md, "Pages that change").
 */
import {
  ASK_THE_USER,
  MAX_EMBEDS_PER_LOOKUP,
  type EmbedMatch,
  type EmbedQuery,
  type LookupAnswer,
  type PageQuery,
} from '../messages/lookup';
import type { ArchivedArticle } from '../archive/schema';
import { createDocumentFacts } from '../embeds/document-facts';
import { readFrameDocument } from '../embeds/frames';
import { DETECTORS } from '../embeds/registry';
import { combinedSelector, detectorSelector, scanForEmbeds } from '../embeds/scan';
import type { Detector, FoundEmbed } from '../embeds/types';
import { readEmbedQuery, readPageQuery } from '../page/clues';
import { renderCard } from '../repair/card';
import { renderNeutralCard } from '../repair/neutral-card';
import { readEmbedOptions } from '../embeds/embed-options';
import type { MountCard, MountedCard } from '../repair/mount-card';
import {
  isEnabledForUrl,
  usesUserArchiveOn,
  type Settings as StoredSettings,
  type SiteSettings,
} from '../sites/stored-settings';
import { highlightElement } from './highlight';
import type { EmbedStatus, PageReport, ReportSummary } from '../messages/report';
import type { Clock } from './clock';

export interface BackgroundPort {
  lookup(page: PageQuery, embeds: EmbedQuery[]): Promise<LookupAnswer[]>;
  /** One embed from the user's archive too: only ever called from a trusted activation of its neutral card. */
  askUserArchive(page: PageQuery, embed: EmbedQuery): Promise<EmbedMatch | null>;
  /** `activated`: for a card the user activated (it may come from the user's archive). */
  getArticle(articleId: string, activated?: boolean): Promise<ArchivedArticle | null>;
  reportChanged(summary: ReportSummary): void;
}

/** What the content script reads of the settings: the site switch, and whether the user's archive rules changed. */
type Settings = SiteSettings & Partial<Pick<StoredSettings, 'userArchiveRules'>>;

export interface SettingsPort {
  read(): Promise<Settings>;
  watch(onChange: (settings: Settings) => void): () => void;
}

export interface ContentOptions {
  document: Document;
  window: Window;
  clock: Clock;
  background: BackgroundPort;
  settings: SettingsPort;
  mountCard: MountCard;
  /** How long an embed that may still render gets after the page has loaded (docs/embed-forms.md#grace-period). */
  gracePeriodMs?: number;
  detectors?: readonly Detector[];
}

export interface ContentController {
  getReport(): PageReport;
  /** Looks at the whole page again (popup "check again", history navigation). */
  rescan(): void;
  /** Scrolls to one embed (by its report key) and highlights it briefly; false when it is gone. */
  revealEmbed(key: number): boolean;
  /** Gives every repaired embed back to the page and stops watching it. */
  stop(): void;
  /** Resolves once no lookup or repair is under way (for tests and the demo). */
  idle(): Promise<void>;
  /**
   * What the content script holds for the page (for tests and the benchmark): never more than
   * the embeds on the page plus a constant, and nothing for an embed that went.
   */
  counts(): ContentCounts;
}

export interface ContentCounts {
  /** Embeds tracked. */
  tracked: number;
  /** Cards standing. */
  cards: number;
  /** Embeds being looked up or repaired, lookups and repairs in flight, changed elements not yet looked at. */
  pending: number;
  /** Tweets of cards whose embeds went, remembered so that a re-rendered embed gets its card back at once. */
  remembered: number;
}

export const GRACE_PERIOD_MS = 2500;
/** At most this many changed elements are looked at per batch; the rest wait for the next one. */
export const MAX_ROOTS_PER_BATCH = 500;
/** Batches of page changes are at least this far apart once the page keeps changing. */
export const MIN_BATCH_INTERVAL_MS = 50;
/** ... and at least this many times the last batch's own duration apart: at most ~1/5 of the CPU. */
const BATCH_BACKOFF_FACTOR = 4;
/** A page that takes its embed back (removes our card, or shows the embed again) this many times keeps it: no tug of war. */
export const MAX_TAKE_BACKS = 2;
/** How many tweets of cards whose embed went are remembered (a framework re-rendering its embeds). */
const REMEMBERED_REPAIRS = 64;
/**
 * Lookups, and the ends of grace periods, at most this often: an infinite
 * feed brings a broken embed with every batch, and a message to the background
 * per batch was a sixth of the content script's time there (docs/performance.md,
 * "Mutations"). A lone broken embed is still looked up at once.
 */
export const COALESCE_MS = 250;
/**
 * A changed element's parent is scanned with it when it is this small (the
 * largest placeholder block, placeholder-blocks.ts): a change can complete a block around
 * it. A larger parent is a section of the page; rescanning it on every change
 * made an infinite feed cost the square of its length (docs/performance.md).
 */
const SMALL_BLOCK_ELEMENTS = 12;

const OBSERVE: MutationObserverInit = {
  childList: true,
  subtree: true,
  attributes: true,
  // The attributes that change a verdict: widgets.js's classes, Discourse's give-up marker.
  attributeFilter: ['class', 'data-x-embed-stalled'],
};

interface Tracked {
  /** Stable for the page's lifetime: the popup uses it to point at one embed ("show on page"). */
  key: number;
  detection: FoundEmbed;
  /** When the embed's elements were first seen: the grace period counts from here (or from load). */
  firstSeen: number;
  status: Exclude<EmbedStatus, 'repaired'>;
  /**
   * undefined: not looked up yet; null: the archive has nothing for it; ASK_THE_USER: only the
   * user's own archive might, and the neutral card asks the user (src/repair/neutral-card.ts).
   */
  match: LookupAnswer | undefined;
  lookingUp: boolean;
  card: MountedCard | null;
  mounting: boolean;
}

interface FrameInfo {
  frame: Element;
  /** One embed detector judged the frame as a whole: a change inside re-judges the frame element. */
  hosted: boolean;
}

export function startContentController(options: ContentOptions): ContentController {
  const { document, window, clock, background, settings, mountCard } = options;
  const grace = options.gracePeriodMs ?? GRACE_PERIOD_MS;
  const detectors = options.detectors ?? DETECTORS;
  /** What a detector looks at: an attribute change on one of these may change a verdict. */
  const candidate = detectorSelector(detectors);
  /** What a scan's query looks for: an element that holds none holds no embed. */
  const hooks = combinedSelector(detectors);

  const tracked = new Set<Tracked>();
  const inFlight = new Set<Promise<unknown>>();
  /** When each element was first part of a detection (the grace period survives re-detection). */
  const seen = new WeakMap<Element, number>();
  /** How many times the page took an embed back from its card, by the embed's first node. */
  const takenBack = new WeakMap<Element, number>();
  /**
   * When embeds whose card went with them (the page removed or re-rendered them) were first seen,
   * by tweet: the same tweet coming back (a framework's remount) is not made to wait out a grace
   * period again. Bounded: the oldest is forgotten first.
   */
  const rememberedRepairs = new Map<string, number>();
  /** Our own elements (cards, the highlight): never looked at as page changes. */
  const ours = new WeakSet<Element>();
  /** Same-origin frame documents the scans looked into, with the element that holds each. */
  const frames = new WeakMap<Document, FrameInfo>();
  /** The documents the scans looked into, by the frame element that shows each. */
  const lookedInto = new WeakMap<Element, Document>();
  let observedDocuments = new WeakSet<Document>();
  const loadListeners = new Set<Document>();
  let enabled = false;
  let started = false;
  let stopped = false;
  let loadedAt: number | null = document.readyState === 'complete' ? clock.now() : null;
  let graceTimer: unknown = null;
  /** When graceTimer fires, and when grace periods were last settled. */
  let graceTimerAt = Infinity;
  let gracedAt = -Infinity;
  let lookupTimer: unknown = null;
  let lookedUpAt = -Infinity;
  /** Nodes left the page (or a frame changed documents) since the tracked embeds were last checked. */
  let pageShrank = true;
  /** Elements added to the page since the last batch, and whether any node was taken out meanwhile. */
  let added = new WeakSet<Element>();
  let nodesMoved = false;
  /** Nodes were taken out or put in, or the page restyled a hidden node, since the cards were last checked. */
  let cardsMayHaveMoved = false;
  let batchTimer: unknown = null;
  let nextBatchAt = -Infinity;
  /** The toolbar badge starts blank: a page with nothing to show sends nothing (docs/performance.md, "Page load"). */
  let lastSummary = JSON.stringify({ repaired: 0, broken: 0, found: 0, enabled: true } satisfies ReportSummary);
  /** What the page's documents carry (widgets.js), learnt across scans rather than looked for in each batch. */
  const facts = createDocumentFacts();
  /** The page's clues for the archive, read once per address (a single-page site changes it). */
  let pageQuery: { href: string; query: PageQuery } | null = null;
  let nextKey = 1;
  let currentSettings: Settings | null = null;
  /** Bumped when what the background answers may have changed: answers to older lookups are dropped. */
  let lookupGeneration = 0;
  const dirty = new Set<Element>();
  /** What each embed was looked up with: a neutral card asks the user's archive the same. */
  const askedWith = new WeakMap<Tracked, { page: PageQuery; embed: EmbedQuery }>();

  const observer = new (window as Window & typeof globalThis).MutationObserver((records) => enqueue(records));

  // ---- where things are: the page, its frames ----

  /** The frame elements around a node, innermost first (empty in the top document). */
  function frameChain(node: Node): Element[] {
    const chain: Element[] = [];
    for (let doc = node.ownerDocument; doc && doc !== document;) {
      const info = frames.get(doc);
      if (!info) break;
      chain.push(info.frame);
      doc = info.frame.ownerDocument;
    }
    return chain;
  }

  /** Connected, and in the page: in the top document, or in a frame that still shows this document. */
  function isInPage(node: Node): boolean {
    if (!node.isConnected) return false;
    const doc = node.ownerDocument;
    if (!doc || doc === document) return true;
    const info = frames.get(doc);
    return !!info && readFrameDocument(info.frame) === doc && isInPage(info.frame);
  }

  /** Where an embed shows: its card when it has one (the embed itself is hidden then). */
  const anchorOf = (entry: Tracked): Element => (entry.card ? entry.card.host : entry.detection.nodes[0]);

  // ---- watching the page ----

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
      const info = target.ownerDocument ? frames.get(target.ownerDocument) : undefined;
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
        // An element added is looked at with its surroundings (runBatch), not its whole parent:
        // the parent of a feed's items is the feed.
        const el = node as Element;
        if (ours.has(el)) continue;
        dirty.add(el);
        added.add(el);
      }
      if (record.removedNodes.length) pageShrank = nodesMoved = removed = cardsMayHaveMoved = true;
      if (record.addedNodes.length) cardsMayHaveMoved = true;
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
      const seen = lookedInto.get(target);
      // Still the document a scan looked into: the observer watches it, nothing new to look at.
      if (seen && readFrameDocument(target) === seen) return;
      // The document we looked into is gone, and its embeds with it.
      if (seen) pageShrank = true;
      dirty.add(target);
      scheduleBatch();
    }
  };

  function watchDocument(doc: Document) {
    if (!enabled || stopped || observedDocuments.has(doc)) return;
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

  const onFrame = (frame: Element, doc: Document, hosted: boolean) => {
    frames.set(doc, { frame, hosted });
    lookedInto.set(frame, doc);
    watchDocument(doc);
  };

  const onLoad = () => {
    loadedAt ??= clock.now();
    update();
  };
  window.addEventListener('load', onLoad, { once: true });

  const track = (promise: Promise<unknown>) => {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
  };

  /** Our own DOM changes must not come back to us as page changes. */
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
    if (batchTimer !== null || stopped) return;
    batchTimer = clock.setTimeout(runBatch, Math.max(0, nextBatchAt - clock.now()));
  }

  function runBatch() {
    batchTimer = null;
    const startedAt = clock.now();
    // Cards first: an embed the page re-rendered is found again as the tweet it was.
    followEmbeds();
    const roots = new Set<Element>();
    const small = new Map<Element, boolean>();
    let budget = MAX_ROOTS_PER_BATCH;
    for (const el of dirty) {
      if (budget-- === 0) break;
      dirty.delete(el);
      if (isInPage(el)) for (const root of rootsAround(el, roots, small)) roots.add(root);
    }
    // One scan per document, of the changed parts not inside another, in document order.
    const byDocument = new Map<Document, Element[]>();
    for (const root of roots) {
      let covered = false;
      for (let up = root.parentElement; up && !covered; up = up.parentElement) covered = roots.has(up);
      if (covered) continue;
      const list = byDocument.get(root.ownerDocument) ?? [];
      list.push(root);
      byDocument.set(root.ownerDocument, list);
    }
    for (const list of byDocument.values()) {
      // Usually in document order already (a feed appends): checking neighbours is cheap, sorting
      // siblings of a long feed is not (compareDocumentPosition walks the siblings between them).
      const follows = (a: Element, b: Element) => (a.compareDocumentPosition(b) & 4) /* FOLLOWING */ !== 0;
      if (!list.every((root, i) => i === 0 || follows(list[i - 1] as Element, root))) {
        list.sort((a, b) => (follows(a, b) ? -1 : 1));
      }
      scan(list);
    }
    if (!dirty.size) {
      added = new WeakSet();
      nodesMoved = false;
    }
    const finishedAt = clock.now();
    nextBatchAt = finishedAt + Math.max(MIN_BATCH_INTERVAL_MS, (finishedAt - startedAt) * BATCH_BACKOFF_FACTOR);
    if (dirty.size) scheduleBatch();
    update();
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

  // ---- what is on the page ----

  const liveIds = () => {
    const ids = new Set<string>();
    for (const e of tracked) if (e.status === 'rendered' && !e.card && e.detection.tweet) ids.add(e.detection.tweet.id);
    return ids;
  };

  const graceOver = (firstSeen: number, now = clock.now()) =>
    loadedAt !== null && now >= Math.max(loadedAt, firstSeen) + grace;

  function scan(root: Element | Document | readonly Element[]) {
    const found = scanForEmbeds(root, { facts }, detectors, { onFrame });
    const live = liveIds();
    for (const d of found) if (d.status === 'rendered' && d.tweet) live.add(d.tweet.id);
    const current = new Set<Tracked>();
    const index = found.length ? indexTracked() : null;
    for (const detection of found) {
      // Live one wins: the raw blockquote or fallback of a tweet rendered elsewhere is not an embed of its own.
      if (detection.status !== 'rendered' && detection.tweet && live.has(detection.tweet.id)) continue;
      const entry = record(detection, index as TrackedIndex);
      if (entry) current.add(entry);
    }
    // What this scan covered and did not find again is gone (rendered meanwhile, text changed, removed).
    // Elements just added hold no tracked embed, unless nodes were moved (taken out and put back).
    // In an infinite feed every root is one of these, and looking for embeds inside them was a tenth of a batch.
    const roots = (isList(root) ? root : [root]).filter((r) => nodesMoved || !added.delete(r as Element));
    if (!roots.length) return;
    const isCovered = coveredBy(roots);
    for (const entry of tracked) {
      if (!entry.card && !entry.mounting && !current.has(entry) && isCovered(entry.detection.nodes[0])) {
        tracked.delete(entry);
      }
    }
  }

  /**
   * Whether a scan of `roots` covers a node (directly, or through the frames it
   * looked into), asked for every tracked embed after each scan. The changed
   * parts of a page are small: their elements are looked up in a set. A whole
   * page is walked up from each embed instead, remembering the ancestors
   * already answered. (root.contains() for every root and every embed cost
   * the product of the two.)
   */
  function coveredBy(roots: readonly (Element | Document)[]): (node: Node) => boolean {
    const [first] = roots;
    const rootDocument = first?.nodeType === 9 ? (first as Document) : first?.ownerDocument;
    let size = 0;
    for (const root of roots)
      size += root.nodeType === 9 ? Infinity : (root as Element).getElementsByTagName('*').length;
    if (rootDocument && size <= 4 * tracked.size) {
      const inside = new Set<Node>(roots);
      for (const root of roots) for (const el of (root as Element).getElementsByTagName('*')) inside.add(el);
      return (node) => {
        let at: Node | undefined = node;
        while (at && at.ownerDocument !== rootDocument)
          at = at.ownerDocument ? frames.get(at.ownerDocument)?.frame : undefined;
        return !!at && inside.has(at);
      };
    }
    const answers = new Map<Node, boolean>(roots.map((r) => [r, true]));
    const isCovered = (node: Node): boolean => {
      const known = answers.get(node);
      if (known !== undefined) return known;
      let up: Node | null = node.parentNode;
      if (!up && node.nodeType === 9) up = frames.get(node as Document)?.frame ?? null;
      const answer = up ? isCovered(up) : false;
      answers.set(node, answer);
      return answer;
    };
    return isCovered;
  }

  /**
   * The tracked embeds by the elements they occupy and by tweet, for one
   * scan's worth of record(): the embeds a detection overlaps are found by
   * walking up from its nodes and through the few elements inside them, where
   * comparing it with every tracked embed made a full scan of a page of 500
   * embeds cost 250,000 contains() calls (docs/performance.md, "Page load").
   */
  function indexTracked(): TrackedIndex {
    const byNode = new Map<Element, Tracked>();
    const byTweet = new Map<string, Set<Tracked>>();
    const add = (entry: Tracked) => {
      for (const node of entry.detection.nodes) byNode.set(node, entry);
      const id = entry.detection.tweet?.id;
      if (id !== undefined) byTweet.set(id, (byTweet.get(id) ?? new Set()).add(entry));
    };
    const remove = (entry: Tracked) => {
      for (const node of entry.detection.nodes) if (byNode.get(node) === entry) byNode.delete(node);
      const id = entry.detection.tweet?.id;
      if (id !== undefined) byTweet.get(id)?.delete(entry);
    };
    for (const entry of tracked) add(entry);
    return {
      add,
      remove,
      overlapping(detection) {
        const out = new Set<Tracked>();
        if (byNode.size) {
          for (const node of detection.nodes) {
            for (let up: Element | null = node; up; up = up.parentElement) {
              const entry = byNode.get(up);
              if (entry) out.add(entry);
            }
            for (const inner of node.getElementsByTagName('*')) {
              const entry = byNode.get(inner);
              if (entry) out.add(entry);
            }
          }
        }
        // A live embed takes over from the stand-ins of its tweet.
        const liveId = detection.status === 'rendered' ? detection.tweet?.id : undefined;
        for (const entry of (liveId !== undefined && byTweet.get(liveId)) || []) {
          if (!entry.card && entry.status !== 'rendered') out.add(entry);
        }
        return [...out];
      },
    };
  }

  /** Tracks a detection: as a new embed, or as what an embed already tracked has become. */
  function record(detection: FoundEmbed, index: TrackedIndex): Tracked | null {
    // The same place on the page, or a live embed taking over from a stand-in of its tweet (same report key).
    const overlapping = index.overlapping(detection);
    if (overlapping.some((entry) => entry.card || entry.mounting)) return null;
    const now = clock.now();
    let firstSeen = now;
    for (const node of [...detection.nodes, detection.source]) {
      const at = seen.get(node);
      if (at === undefined) seen.set(node, now);
      else firstSeen = Math.min(firstSeen, at);
    }
    const remembered = detection.tweet ? rememberedRepairs.get(detection.tweet.id) : undefined;
    if (remembered !== undefined) firstSeen = Math.min(firstSeen, remembered);
    const status = detection.status === 'pending' && graceOver(firstSeen) ? 'broken' : detection.status;
    const [entry, ...merged] = overlapping.sort((a, b) => a.key - b.key);
    for (const other of merged) {
      tracked.delete(other);
      index.remove(other);
    }
    if (!entry) {
      const created: Tracked = {
        key: nextKey++,
        detection,
        firstSeen,
        status,
        match: undefined,
        lookingUp: false,
        card: null,
        mounting: false,
      };
      tracked.add(created);
      index.add(created);
      return created;
    }
    if (entry.detection.tweet?.id !== detection.tweet?.id) entry.match = undefined;
    index.remove(entry);
    entry.detection = detection;
    index.add(entry);
    entry.firstSeen = Math.min(entry.firstSeen, firstSeen);
    // Once the grace period made it broken, a pending verdict cannot make it wait again.
    entry.status = entry.status === 'broken' && status === 'pending' ? 'broken' : status;
    return entry;
  }

  function pruneDisconnected() {
    pageShrank = false;
    // Frames come and go (ad slots, lazy loaders): forget the documents of those that went.
    for (const doc of loadListeners) {
      if (doc !== document && !(doc.documentElement && isInPage(doc.documentElement))) loadListeners.delete(doc);
    }
    for (const entry of tracked) {
      if (isInPage(entry.detection.nodes[0])) continue;
      // Gone with its surroundings (a single-page site swapping the article, a frame showing another
      // document): so is its card.
      const card = entry.card;
      if (card) {
        mutateQuietly(() => card.restore());
        rememberRepair(entry);
      }
      tracked.delete(entry);
    }
  }

  function rememberRepair(entry: Tracked) {
    const id = entry.detection.tweet?.id;
    if (id === undefined) return;
    rememberedRepairs.delete(id);
    rememberedRepairs.set(id, entry.firstSeen);
    for (const oldest of rememberedRepairs.keys()) {
      if (rememberedRepairs.size <= REMEMBERED_REPAIRS) break;
      rememberedRepairs.delete(oldest);
    }
  }

  /**
   * A card follows its embed. The page owns the embed's nodes and may move,
   * remove or re-render them whenever it likes (a framework does): the card
   * moves with them, goes with them, or is taken down so that what is left
   * is looked at again and repaired anew; never two cards for one embed.
   * A page that removes our card, or shows the embed again, takes the embed
   * back: after a few rounds it keeps it, so neither side loops.
   */
  function followEmbeds() {
    if (!cardsMayHaveMoved) return;
    cardsMayHaveMoved = false;
    for (const entry of tracked) {
      const card = entry.card;
      if (!card) continue;
      const state = card.check();
      if (state === 'in-place') continue;
      const nodes = entry.detection.nodes;
      if (state === 'moved') {
        mutateQuietly(() => card.follow());
        continue;
      }
      mutateQuietly(() => card.restore());
      entry.card = null;
      tracked.delete(entry);
      if (state === 'embed-gone') {
        rememberRepair(entry);
        continue;
      }
      if (state === 'split') rememberRepair(entry);
      else {
        const first = nodes[0];
        takenBack.set(first, (takenBack.get(first) ?? 0) + 1);
        // Back on the page, the block gets a fresh grace period: the page may be about to render it.
        for (const node of [...nodes, entry.detection.source]) seen.set(node, clock.now());
      }
      // What is left of it is looked at again with the next batch.
      for (const node of nodes) if (isInPage(node)) dirty.add(node);
      scheduleBatch();
    }
  }

  /** A live embed of a tweet showed up: any card or pending copy of that tweet steps aside. */
  function yieldToLiveEmbeds() {
    const live = liveIds();
    if (!live.size) return;
    for (const entry of tracked) {
      if (entry.status === 'rendered' || !entry.detection.tweet || !live.has(entry.detection.tweet.id)) continue;
      const card = entry.card;
      if (card) mutateQuietly(() => card.restore());
      tracked.delete(entry);
    }
  }

  /**
   * Pending embeds whose grace period is over are looked at again (their
   * surroundings, so a merged block is judged whole): widgets.js may have
   * rendered them or marked them as failed meanwhile; if not, they are broken.
   * While the site is switched on, a timer wakes this up at the next deadline;
   * while it is off, the report settles them when asked.
   */
  function settleGrace() {
    if (loadedAt === null) return; // the load event will call update()
    let now = clock.now();
    const roots = new Set<Element>();
    for (const entry of tracked) {
      if (entry.status !== 'pending' || entry.card || !graceOver(entry.firstSeen, now)) continue;
      const first = entry.detection.nodes[0];
      roots.add(first.parentElement ?? first);
    }
    if (roots.size) gracedAt = now;
    for (const root of roots) if (isInPage(root)) scan(root);
    now = clock.now();
    let next = Infinity;
    for (const entry of tracked) {
      if (entry.status !== 'pending') continue;
      if (graceOver(entry.firstSeen, now)) entry.status = 'broken';
      else next = Math.min(next, Math.max(loadedAt, entry.firstSeen) + grace);
    }
    // Grace periods that end close together (the items of a feed) are settled together, a little later.
    if (next < Infinity) next = Math.max(next, gracedAt + COALESCE_MS);
    if (!enabled) next = Infinity;
    if (next === graceTimerAt) return;
    if (graceTimer !== null) clock.clearTimeout(graceTimer);
    graceTimer = next < Infinity ? clock.setTimeout(onGraceTimer, next - now) : null;
    graceTimerAt = next;
  }

  function onGraceTimer() {
    graceTimer = null;
    graceTimerAt = Infinity;
    update();
  }

  // ---- repairing ----

  const needsArchive = (entry: Tracked) => entry.status === 'broken' || entry.status === 'unavailable';

  function lookUpBroken() {
    if (lookupTimer !== null) return; // a lookup is due: it will take these too
    const waiting = [...tracked].filter((e) => needsArchive(e) && e.match === undefined && !e.lookingUp);
    if (!waiting.length) return;
    const wait = lookedUpAt + COALESCE_MS - clock.now();
    if (wait > 0) {
      lookupTimer = clock.setTimeout(() => {
        lookupTimer = null;
        update();
      }, wait);
      return;
    }
    lookedUpAt = clock.now();
    const generation = lookupGeneration;
    for (const entry of waiting) entry.lookingUp = true;
    // Five lookups in the page for its URLs and title: once per address, not per batch of lookups.
    const href = document.location?.href ?? '';
    if (pageQuery?.href !== href) pageQuery = { href, query: readPageQuery(document) };
    const page = pageQuery.query;
    // In chunks the background accepts: one lookup of every embed of a long page was refused whole.
    for (let start = 0; start < waiting.length; start += MAX_EMBEDS_PER_LOOKUP) {
      const batch = waiting.slice(start, start + MAX_EMBEDS_PER_LOOKUP);
      const queries = batch.map((e) =>
        readEmbedQuery(e.detection.nodes, e.detection.tweet?.id ?? null, frameChain(e.detection.nodes[0])),
      );
      track(
        background.lookup(page, queries).then(
          (matches) => {
            batch.forEach((entry, i) => {
              entry.lookingUp = false;
              if (generation !== lookupGeneration) return;
              entry.match = matches[i] ?? null;
              askedWith.set(entry, { page, embed: queries[i] as EmbedQuery });
            });
            update();
          },
          () => {
            // The background may be restarting; try again at the next change.
            for (const entry of batch) entry.lookingUp = false;
          },
        ),
      );
    }
  }

  /**
   * Broken and unavailable embeds get a card when the archive has them. A
   * collapsed frame is only flagged: that it is stuck is a guess
   * (docs/embed-forms.md#collapsed-frames). An
   * embed the page took back too often is left to the page.
   */
  const isRepairable = (entry: Tracked) =>
    needsArchive(entry) &&
    !!entry.match &&
    !entry.card &&
    !entry.mounting &&
    entry.detection.reason !== 'collapsed' &&
    (takenBack.get(entry.detection.nodes[0]) ?? 0) < MAX_TAKE_BACKS;

  function repair(entry: Tracked) {
    const match = entry.match;
    if (!match) return;
    const asked = askedWith.get(entry);
    if (match === ASK_THE_USER && !asked) return;
    entry.mounting = true;
    const generation = lookupGeneration;
    const tweetUrl = entry.detection.tweet?.url ?? null;
    const options = readEmbedOptions(entry.detection.nodes);
    const render = (container: HTMLElement) =>
      match === ASK_THE_USER
        ? // The same card for every embed only the user's archive might hold: the page learns nothing from it.
          renderNeutralCard(container, {
            tweetUrl,
            options,
            ask: () => background.askUserArchive(asked!.page, asked!.embed),
            loadArticle: (id) => background.getArticle(id, true),
            onAnswer: (answer) => {
              if (entry.match === ASK_THE_USER) entry.match = answer;
              reportIfChanged();
            },
          })
        : renderCard(container, { match, tweetUrl, options, loadArticle: (id) => background.getArticle(id) });
    track(
      mountCard(entry.detection.nodes, render, { quietly: mutateQuietly, onDisturbed: onCardDisturbed }).then(
        (card) => {
          entry.mounting = false;
          if (!card) return;
          ours.add(card.host);
          if (!enabled || stopped || !tracked.has(entry) || generation !== lookupGeneration) {
            mutateQuietly(() => card.restore());
            return;
          }
          entry.card = card;
          reportIfChanged();
        },
        () => {
          entry.mounting = false;
        },
      ),
    );
  }

  /** The page restyled a node a card hides. */
  function onCardDisturbed() {
    cardsMayHaveMoved = true;
    scheduleBatch();
  }

  function restoreAll() {
    mutateQuietly(() => {
      for (const entry of tracked) {
        entry.card?.restore();
        entry.card = null;
      }
    });
  }

  function update() {
    if (stopped || !started) return;
    followEmbeds();
    if (pageShrank) pruneDisconnected();
    settleGrace();
    yieldToLiveEmbeds();
    if (!enabled) {
      restoreAll();
      reportIfChanged();
      return;
    }
    lookUpBroken();
    for (const entry of tracked) if (isRepairable(entry)) repair(entry);
    reportIfChanged();
  }

  // ---- the report ----

  function getReport(): PageReport {
    if (!enabled && !stopped) {
      // Switched off, nothing watches the page: look now, without touching it.
      pruneDisconnected();
      scan(document);
      settleGrace();
      yieldToLiveEmbeds();
    }
    return buildReport();
  }

  /** Page order, frames included: a frame's embeds sit where the frame sits. */
  function comparePosition(a: Element, b: Element): number {
    const pathA = [...frameChain(a).reverse(), a];
    const pathB = [...frameChain(b).reverse(), b];
    for (let i = 0; i < Math.min(pathA.length, pathB.length); i++) {
      const x = pathA[i] as Element;
      const y = pathB[i] as Element;
      if (x === y) continue;
      return x.compareDocumentPosition(y) & 4 /* FOLLOWING */ ? -1 : 1;
    }
    return pathA.length - pathB.length;
  }

  function buildReport(): PageReport {
    const entries = [...tracked].filter((e) => isInPage(anchorOf(e)));
    entries.sort((a, b) => comparePosition(anchorOf(a), anchorOf(b)));
    return {
      url: document.location?.href ?? '',
      hostname: document.location?.hostname ?? '',
      enabled,
      embeds: entries.map((e) => {
        const match = matchOf(e);
        return {
          key: e.key,
          kind: e.detection.kind,
          status: isRepaired(e) ? 'repaired' : e.status,
          reason: e.detection.reason ?? null,
          tweetId: e.detection.tweet?.id ?? null,
          tweetUrl: e.detection.tweet?.url ?? null,
          match: match
            ? { by: match.by, articleId: match.article?.id ?? null, articleTitle: match.article?.title ?? null }
            : null,
          tweet: match?.tweet
            ? {
                handle: match.tweet.author?.handle ?? null,
                name: match.tweet.author?.name ?? null,
                createdAt: match.tweet.createdAt,
              }
            : null,
        };
      }),
    };
  }

  /**
   * The counts the badge shows, counted over what is tracked: building and
   * sorting the whole report on every batch of a feed was a tenth of the
   * content script's time there (docs/performance.md, "Mutations").
   */
  function summarize(): ReportSummary {
    const summary: ReportSummary = { repaired: 0, broken: 0, found: 0, enabled };
    for (const entry of tracked) {
      // Every tracked embed is on the page, unless nodes left it since the last prune.
      if (pageShrank && !isInPage(anchorOf(entry))) continue;
      summary.found++;
      if (isRepaired(entry)) summary.repaired++;
      else if (entry.status === 'broken') summary.broken++;
    }
    return summary;
  }

  function reportIfChanged() {
    const summary = summarize();
    const key = JSON.stringify(summary);
    if (key === lastSummary) return;
    lastSummary = key;
    background.reportChanged(summary);
  }

  // ---- switching on and off ----

  function applySettings(value: Settings) {
    const href = document.location?.href ?? '';
    const usesUserArchive = (settings: Settings) =>
      usesUserArchiveOn({ userArchiveRules: settings.userArchiveRules ?? [] }, href);
    const archiveRulesChanged = !!currentSettings && usesUserArchive(currentSettings) !== usesUserArchive(value);
    currentSettings = value;
    if (archiveRulesChanged) {
      // "Use my archive on this site" changed for this page: the background (which decides from
      // the page's address, not from this script) answers differently now, so every embed is
      // looked up again.
      restoreAll();
      lookupGeneration++;
      for (const entry of tracked) entry.match = undefined;
    }
    const next = isEnabledForUrl(value, href);
    const wasStarted = started;
    started = true;
    if (next === enabled && wasStarted) {
      if (archiveRulesChanged) update();
      return;
    }
    enabled = next;
    if (enabled) {
      watchDocument(document);
      pruneDisconnected();
      scan(document);
    } else {
      unwatchAll();
    }
    update();
  }

  const unwatch = settings.watch((value) => {
    if (!stopped) applySettings(value);
  });
  track(settings.read().then((value) => !stopped && applySettings(value)));

  return {
    getReport,
    rescan() {
      if (!currentSettings || stopped) return;
      applySettings(currentSettings);
      // The page may be another article now (history navigation): what the archive said may no longer hold.
      for (const entry of tracked) if (!entry.card && !entry.lookingUp) entry.match = undefined;
      if (enabled) {
        pruneDisconnected();
        scan(document);
        update();
      }
    },
    revealEmbed(key) {
      for (const entry of tracked) {
        if (entry.key !== key) continue;
        const target = anchorOf(entry);
        if (!isInPage(target)) return false;
        target.scrollIntoView({ block: 'center' });
        // The outline is drawn in the top document: around the outermost frame when the embed is in one.
        const outline = frameChain(target).at(-1) ?? target;
        mutateQuietly(() => ours.add(highlightElement(document, outline, clock)));
        return true;
      }
      return false;
    },
    stop() {
      if (stopped) return;
      restoreAll();
      stopped = true;
      unwatchAll();
      try {
        unwatch();
      } catch {
        // An orphaned copy (the extension went): its storage listener went with it.
      }
      window.removeEventListener('load', onLoad);
      if (graceTimer !== null) clock.clearTimeout(graceTimer);
      if (batchTimer !== null) clock.clearTimeout(batchTimer);
      if (lookupTimer !== null) clock.clearTimeout(lookupTimer);
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    counts() {
      let cards = 0;
      let pending = dirty.size + inFlight.size;
      for (const entry of tracked) {
        if (entry.card) cards++;
        if (entry.lookingUp || entry.mounting) pending++;
      }
      return { tracked: tracked.size, cards, pending, remembered: rememberedRepairs.size };
    },
  };
}

/** The archive's match for an embed, once known (a neutral card's, once the user asked). */
const matchOf = (entry: Tracked): EmbedMatch | null => (entry.match === ASK_THE_USER ? null : (entry.match ?? null));

/** A card shows the embed's archived copy (a neutral card that has not found one is no repair). */
const isRepaired = (entry: Tracked): boolean => !!entry.card && matchOf(entry) !== null;

interface TrackedIndex {
  add(entry: Tracked): void;
  remove(entry: Tracked): void;
  /** The tracked embeds sharing a node with a detection, holding one or inside one; the stand-ins a live one replaces. */
  overlapping(detection: FoundEmbed): Tracked[];
}

const isList = (root: Element | Document | readonly Element[]): root is readonly Element[] => Array.isArray(root);

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
