/**
 * What is on the page: the embeds found, each tracked under a key that holds
 * for the page's lifetime while the page re-renders it, moves it or turns
 * it from a stand-in into a live embed. A scan of part of the page records
 * what it found and forgets what it covered and did not find again.
 */
import { BoundedCache } from '../util/bounded-cache';
import type { LookupAnswer } from '../messages/lookup';
import { createDocumentFacts } from '../embeds/document-facts';
import { scanForEmbeds } from '../embeds/scan';
import type { Detector, FoundEmbed } from '../embeds/types';
import type { MountedCard } from '../repair/mount-card';
import type { Clock } from './clock';
import type { PageFrames } from './page-frames';
import type { EmbedStatus } from '../messages/report';

/** How many tweets of cards whose embed went are remembered (a framework re-rendering its embeds). */
const REMEMBERED_REPAIRS = 64;

export interface Tracked {
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

/** Where an embed shows: its card when it has one (the embed itself is hidden then). */
export const anchorOf = (entry: Tracked): Element => (entry.card ? entry.card.host : entry.detection.nodes[0]);

export interface TrackedEmbedsOptions {
  clock: Clock;
  detectors: readonly Detector[];
  frames: PageFrames;
  /** Whether an embed first seen then has had its grace period (grace-periods.ts). */
  isGraceOver: (firstSeen: number) => boolean;
  /** A scan looked into a same-origin frame's document. */
  onFrame: (frame: Element, doc: Document, hosted: boolean) => void;
  /** Before a scan looks inside a same-origin frame's document (ScanOptions.beforeFrame). */
  beforeFrame?: (doc: Document) => void;
  /** An element just added to the page, which holds no tracked embed (page-watcher.ts). */
  isFreshlyAdded: (el: Element) => boolean;
}

export interface TrackedEmbeds {
  /** Every embed tracked. */
  readonly all: Set<Tracked>;
  /** Looks for embeds in part of the page (or all of it) and records what it finds. */
  scan(root: Element | Document | readonly Element[]): void;
  /** The tweets shown by live embeds without a card of ours. */
  liveIds(): Set<string>;
  /** The tweet of a card whose embed went: the same tweet coming back gets its card back at once. */
  rememberRepair(entry: Tracked): void;
  /** The page showed these nodes again: they get a fresh grace period. */
  restartGrace(nodes: readonly Element[]): void;
  /** Forgets the embeds no longer on the page, giving back the cards of those that had one. */
  dropGone(restore: (card: MountedCard) => void): void;
  /** Tweets remembered by rememberRepair. */
  rememberedCount(): number;
}

interface TrackedIndex {
  add(entry: Tracked): void;
  remove(entry: Tracked): void;
  /** The tracked embeds sharing a node with a detection, holding one or inside one; the stand-ins a live one replaces. */
  overlapping(detection: FoundEmbed): Tracked[];
}

export function createTrackedEmbeds(options: TrackedEmbedsOptions): TrackedEmbeds {
  const { clock, detectors, frames, isGraceOver, isFreshlyAdded } = options;
  const tracked = new Set<Tracked>();
  /** When each element was first part of a detection (the grace period survives re-detection). */
  const seen = new WeakMap<Element, number>();
  /**
   * When embeds whose card went with them (the page removed or re-rendered them) were first seen,
   * by tweet: the same tweet coming back (a framework's remount) is not made to wait out a grace
   * period again. Bounded: the least recently used is forgotten first.
   */
  const rememberedRepairs = new BoundedCache<string, number>({ maxEntries: REMEMBERED_REPAIRS });
  /** What the page's documents carry (widgets.js), learnt across scans rather than looked for in each batch. */
  const facts = createDocumentFacts();
  const scanOptions = { onFrame: options.onFrame, beforeFrame: options.beforeFrame };
  let nextKey = 1;

  const liveIds = () => {
    const ids = new Set<string>();
    for (const e of tracked) if (e.status === 'rendered' && !e.card && e.detection.tweet) ids.add(e.detection.tweet.id);
    return ids;
  };

  function scan(root: Element | Document | readonly Element[]) {
    const found = scanForEmbeds(root, { facts }, detectors, scanOptions);
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
    const roots = (isList(root) ? root : [root]).filter((r) => !isFreshlyAdded(r as Element));
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
          at = at.ownerDocument ? frames.infoOf(at.ownerDocument)?.frame : undefined;
        return !!at && inside.has(at);
      };
    }
    const answers = new Map<Node, boolean>(roots.map((r) => [r, true]));
    const isCovered = (node: Node): boolean => {
      const known = answers.get(node);
      if (known !== undefined) return known;
      let up: Node | null = node.parentNode;
      if (!up && node.nodeType === 9) up = frames.infoOf(node as Document)?.frame ?? null;
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
    const status = detection.status === 'pending' && isGraceOver(firstSeen) ? 'broken' : detection.status;
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

  function rememberRepair(entry: Tracked) {
    const id = entry.detection.tweet?.id;
    if (id === undefined) return;
    rememberedRepairs.set(id, entry.firstSeen);
  }

  return {
    all: tracked,
    scan,
    liveIds,
    rememberRepair,
    restartGrace(nodes) {
      const now = clock.now();
      for (const node of nodes) seen.set(node, now);
    },
    dropGone(restore) {
      for (const entry of tracked) {
        if (frames.isInPage(entry.detection.nodes[0])) continue;
        // Gone with its surroundings (a single-page site swapping the article, a frame showing another
        // document): so is its card.
        const card = entry.card;
        if (card) {
          restore(card);
          rememberRepair(entry);
        }
        tracked.delete(entry);
      }
    },
    rememberedCount: () => rememberedRepairs.size,
  };
}

const isList = (root: Element | Document | readonly Element[]): root is readonly Element[] => Array.isArray(root);
