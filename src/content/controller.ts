/**
 * The content script's work, as a plain module: find the page's tweet
 * embeds, wait out the grace period for those that may still render, ask the
 * background for the archived context of the broken ones, put a card in their
 * place while the site is switched on, and give the page its nodes back when
 * it is switched off.
 */
import type { EmbedMatch, EmbedQuery, PageQuery } from '../archive/lookup';
import type { ArchivedArticle } from '../archive/schema';
import { DETECTORS } from '../embeds/registry';
import { combinedSelector, detectElement, scanForEmbeds } from '../embeds/scan';
import type { Detector, FoundEmbed } from '../embeds/types';
import { readEmbedQuery, readPageQuery } from '../page/clues';
import { renderCard } from '../repair/card';
import { CARD_ELEMENT, type MountCard, type MountedCard } from '../repair/mount-card';
import { isEnabledForUrl, type SiteSettings as Settings } from '../sites/settings';
import { highlightElement } from './highlight';
import { summarizeReport, type EmbedStatus, type PageReport, type ReportSummary } from './report';

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface BackgroundPort {
  lookup(page: PageQuery, embeds: EmbedQuery[]): Promise<(EmbedMatch | null)[]>;
  getArticle(articleId: string): Promise<ArchivedArticle | null>;
  reportChanged(summary: ReportSummary): void;
}

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
  /** How long an embed that may still render gets after the page has loaded (embed-variants.md §1.4). */
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
}

export const GRACE_PERIOD_MS = 2500;
/** At most this many changed subtrees are scanned per batch; the rest wait for the next one. */
const MAX_ROOTS_PER_BATCH = 500;
/** Batches of page changes are at least this far apart once the page keeps changing. */
const MIN_BATCH_INTERVAL_MS = 50;

interface Tracked {
  key: number;
  detection: FoundEmbed;
  firstSeen: number;
  status: Exclude<EmbedStatus, 'repaired'>;
  /** undefined: not looked up yet; null: the archive has nothing for it. */
  match: EmbedMatch | null | undefined;
  lookingUp: boolean;
  card: MountedCard | null;
  mounting: boolean;
}

export function startContentController(options: ContentOptions): ContentController {
  const { document, window, clock, background, settings, mountCard } = options;
  const grace = options.gracePeriodMs ?? GRACE_PERIOD_MS;
  const detectors = options.detectors ?? DETECTORS;
  const selector = combinedSelector(detectors);
  const context = { document };

  const tracked = new Map<Element, Tracked>();
  const inFlight = new Set<Promise<unknown>>();
  let enabled = false;
  let started = false;
  let stopped = false;
  let loadedAt: number | null = document.readyState === 'complete' ? clock.now() : null;
  let graceTimer: unknown = null;
  let batchTimer: unknown = null;
  let lastBatchAt = -Infinity;
  let lastSummary = '';
  let nextKey = 1;
  let currentSettings: Settings | null = null;
  const dirty = new Set<Element>();

  const observer = new (window as Window & typeof globalThis).MutationObserver((records) => enqueue(records));

  function enqueue(records: MutationRecord[]) {
    for (const record of records) {
      if (record.type === 'attributes') {
        dirty.add(record.target as Element);
        continue;
      }
      for (const node of record.addedNodes) {
        const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
        if (el && el.localName !== CARD_ELEMENT) dirty.add(el);
      }
      // Text added into an existing block (a fallback that fills in late) changes its parent's verdict.
      if (record.target.nodeType === 1 && record.addedNodes.length) dirty.add(record.target as Element);
    }
    if (dirty.size) scheduleBatch();
  }

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

  function observe() {
    observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  }

  function scan(root: Element | Document) {
    for (const detection of scanForEmbeds(root, context, detectors)) {
      const key = detection.nodes[0];
      const known = tracked.get(key);
      if (known) {
        if (!known.card) known.detection = detection;
        continue;
      }
      tracked.set(key, {
        key: nextKey++,
        detection,
        firstSeen: clock.now(),
        status: detection.status,
        match: undefined,
        lookingUp: false,
        card: null,
        mounting: false,
      });
    }
  }

  function scheduleBatch() {
    if (batchTimer !== null || stopped) return;
    const wait = Math.max(0, lastBatchAt + MIN_BATCH_INTERVAL_MS - clock.now());
    batchTimer = clock.setTimeout(runBatch, wait);
  }

  function runBatch() {
    batchTimer = null;
    lastBatchAt = clock.now();
    let budget = MAX_ROOTS_PER_BATCH;
    for (const el of dirty) {
      dirty.delete(el);
      if (!el.isConnected) continue;
      if (el.matches(selector) || el.querySelector(selector)) scan(el);
      else if (el.parentElement && el.parentElement !== document.body) scan(el.parentElement);
      if (--budget === 0) break;
    }
    if (dirty.size) scheduleBatch();
    update();
  }

  function pruneDisconnected() {
    for (const [key, entry] of tracked) {
      const anchor = entry.card ? entry.card.host : key;
      if (!anchor.isConnected) tracked.delete(key);
    }
  }

  /**
   * Pending embeds whose grace period is over are looked at again: widgets.js
   * may have rendered them or marked them as failed meanwhile; if not, they
   * are broken. While the site is switched on, a timer wakes this up at the
   * next deadline; while it is off, the report settles them when asked.
   */
  function settleGrace() {
    if (graceTimer !== null) clock.clearTimeout(graceTimer);
    graceTimer = null;
    if (loadedAt === null) return; // the load event will call update()
    let next = Infinity;
    for (const [key, entry] of tracked) {
      if (entry.status !== 'pending') continue;
      const deadline = Math.max(loadedAt, entry.firstSeen) + grace;
      if (clock.now() < deadline) {
        next = Math.min(next, deadline);
        continue;
      }
      const source = entry.detection.source;
      const fresh = source.isConnected ? detectElement(source, context, detectors) : null;
      if (!fresh) {
        tracked.delete(key);
        continue;
      }
      const nodes = entry.detection.nodes.every((n) => n.isConnected) ? entry.detection.nodes : fresh.nodes;
      entry.detection = { ...fresh, nodes };
      entry.status = fresh.status === 'pending' ? 'broken' : fresh.status;
    }
    if (enabled && next < Infinity) graceTimer = clock.setTimeout(update, next - clock.now());
  }

  function lookUpBroken() {
    const batch = [...tracked.values()].filter((e) => e.status === 'broken' && e.match === undefined && !e.lookingUp);
    if (!batch.length) return;
    for (const entry of batch) entry.lookingUp = true;
    const page = readPageQuery(document);
    const queries = batch.map((e) => readEmbedQuery(e.detection.nodes, e.detection.tweet?.id ?? null));
    track(
      background.lookup(page, queries).then(
        (matches) => {
          batch.forEach((entry, i) => {
            entry.lookingUp = false;
            entry.match = matches[i] ?? null;
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

  function repair(entry: Tracked) {
    const match = entry.match;
    if (!match) return;
    entry.mounting = true;
    track(
      mountCard(
        entry.detection.nodes,
        (container) =>
          renderCard(container, {
            match,
            tweetUrl: entry.detection.tweet?.url ?? null,
            loadArticle: (id) => background.getArticle(id),
          }),
        mutateQuietly,
      ).then(
        (card) => {
          entry.mounting = false;
          if (!card) return;
          if (!enabled || stopped || !tracked.has(entry.detection.nodes[0])) {
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

  function restoreAll() {
    mutateQuietly(() => {
      for (const entry of tracked.values()) {
        entry.card?.restore();
        entry.card = null;
      }
    });
  }

  function update() {
    if (stopped || !started) return;
    pruneDisconnected();
    settleGrace();
    if (!enabled) {
      restoreAll();
      reportIfChanged();
      return;
    }
    lookUpBroken();
    for (const entry of tracked.values()) {
      if (entry.status === 'broken' && entry.match && !entry.card && !entry.mounting) repair(entry);
    }
    reportIfChanged();
  }

  function getReport(): PageReport {
    if (!enabled && !stopped) {
      // Switched off, nothing watches the page: look now, without touching it.
      pruneDisconnected();
      scan(document);
      settleGrace();
    }
    return buildReport();
  }

  function buildReport(): PageReport {
    const entries = [...tracked.entries()].filter(([key, e]) => (e.card ? e.card.host : key).isConnected);
    entries.sort(([a, ea], [b, eb]) => {
      const x = ea.card ? ea.card.host : a;
      const y = eb.card ? eb.card.host : b;
      return x.compareDocumentPosition(y) & 4 /* FOLLOWING */ ? -1 : 1;
    });
    return {
      url: document.location?.href ?? '',
      hostname: document.location?.hostname ?? '',
      enabled,
      embeds: entries.map(([, e]) => ({
        key: e.key,
        kind: e.detection.kind,
        status: e.card ? 'repaired' : e.status,
        reason: e.detection.reason ?? null,
        tweetId: e.detection.tweet?.id ?? null,
        tweetUrl: e.detection.tweet?.url ?? null,
        match: e.match
          ? { by: e.match.by, articleId: e.match.article?.id ?? null, articleTitle: e.match.article?.title ?? null }
          : null,
        tweet: e.match?.tweet
          ? {
              handle: e.match.tweet.author?.handle ?? null,
              name: e.match.tweet.author?.name ?? null,
              createdAt: e.match.tweet.createdAt,
            }
          : null,
      })),
    };
  }

  function reportIfChanged() {
    const summary = summarizeReport(buildReport());
    const key = JSON.stringify(summary);
    if (key === lastSummary) return;
    lastSummary = key;
    background.reportChanged(summary);
  }

  function applySettings(value: Settings) {
    currentSettings = value;
    const next = isEnabledForUrl(value, document.location?.href ?? '');
    const wasStarted = started;
    started = true;
    if (next === enabled && wasStarted) return;
    enabled = next;
    if (enabled) {
      pruneDisconnected();
      scan(document);
      observe();
    } else {
      observer.disconnect();
      dirty.clear();
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
      if (enabled) {
        scan(document);
        update();
      }
    },
    revealEmbed(key) {
      for (const [anchor, entry] of tracked) {
        if (entry.key !== key) continue;
        const target = entry.card ? entry.card.host : anchor;
        if (!target.isConnected) return false;
        target.scrollIntoView({ block: 'center' });
        mutateQuietly(() => highlightElement(document, target, clock));
        return true;
      }
      return false;
    },
    stop() {
      if (stopped) return;
      restoreAll();
      stopped = true;
      observer.disconnect();
      unwatch();
      window.removeEventListener('load', onLoad);
      if (graceTimer !== null) clock.clearTimeout(graceTimer);
      if (batchTimer !== null) clock.clearTimeout(batchTimer);
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
