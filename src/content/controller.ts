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
 * This file wires the parts together and reads as the pipeline (update());
 * each part is its own module with a small interface:
 * - page-frames.ts: where things are, the page and the frames the scans looked into;
 * - page-watcher.ts: the page's changes, in bounded, spaced-out batches (docs/detection.md, "Pages that change");
 * - tracked-embeds.ts: what is on the page, under keys that hold while the page re-renders it;
 * - grace-periods.ts: when a pending embed is called broken;
 * - repairs.ts: lookups in the archive, and cards that follow their embeds;
 * - report-state.ts: what the popup lists and the badge counts.
 */
import { DETECTORS } from '../embeds/registry';
import { combinedSelector, detectorSelector } from '../embeds/scan';
import type { Detector } from '../embeds/types';
import type { MountCard } from '../repair/mount-card';
import {
  isEnabledForUrl,
  usesUserArchiveOn,
  type Settings as StoredSettings,
  type SiteSettings,
} from '../sites/stored-settings';
import type { Clock } from './clock';
import { createGracePeriods, GRACE_PERIOD_MS } from './grace-periods';
import { highlightElement } from './highlight';
import { createPageFrames } from './page-frames';
import { partsByDocument } from './page-parts';
import { createPageWatcher } from './page-watcher';
import { type PageReport, type ReportSummary } from '../messages/report';
import { createReportState } from './report-state';
import { createRepairs, type ArchivePort } from './repairs';
import { anchorOf, createTrackedEmbeds } from './tracked-embeds';

export type { Clock } from './clock';
export { COALESCE_MS, GRACE_PERIOD_MS } from './grace-periods';
export { MAX_ROOTS_PER_BATCH, MIN_BATCH_INTERVAL_MS } from './page-watcher';
export { MAX_COALESCE_MS, MAX_TAKE_BACKS } from './repairs';

/** What the content script asks of the background: the archive (repairs.ts), and the badge. */
export interface BackgroundPort extends ArchivePort {
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
  /** Called as each batch of page changes begins: tests count batches with it. */
  onBatch?: () => void;
  /**
   * Called once for each same-origin frame document, the first time a scan is about to look
   * inside it: start.ts gives the page back what an earlier copy left there. Frames no scan
   * looks into are never opened (docs/performance.md, "Frames are not opened").
   */
  onFrameDocument?: (doc: Document) => void;
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

export function startContentController(options: ContentOptions): ContentController {
  const { document, window, clock, background, settings, mountCard } = options;
  const detectors = options.detectors ?? DETECTORS;

  const inFlight = new Set<Promise<unknown>>();
  let enabled = false;
  let started = false;
  let stopped = false;
  let currentSettings: Settings | null = null;

  const track = (promise: Promise<unknown>) => {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
  };

  // ---- the parts ----

  const frames = createPageFrames(document);
  /** Frame documents a scan has opened (for onFrameDocument). */
  const openedFrames = new WeakSet<Document>();
  const grace = createGracePeriods({
    clock,
    grace: options.gracePeriodMs ?? GRACE_PERIOD_MS,
    loaded: document.readyState === 'complete',
    onDue: () => update(),
  });
  const embeds = createTrackedEmbeds({
    clock,
    detectors,
    frames,
    isGraceOver: (firstSeen) => grace.isOver(firstSeen),
    beforeFrame: (doc) => {
      if (openedFrames.has(doc)) return;
      openedFrames.add(doc);
      options.onFrameDocument?.(doc);
    },
    onFrame: (frame, doc, hosted) => {
      frames.add(frame, doc, hosted);
      watcher.watch(doc);
    },
    isFreshlyAdded: (el) => watcher.isFreshlyAdded(el),
  });
  const tracked = embeds.all;
  const watcher = createPageWatcher({
    window,
    clock,
    frames,
    tracked,
    candidate: detectorSelector(detectors),
    hooks: combinedSelector(detectors),
    onBatch: runBatch,
  });
  const { signals, mutateQuietly } = watcher;
  const repairs = createRepairs({
    document,
    clock,
    background,
    mountCard,
    embeds,
    frames,
    watcher,
    isOn: () => enabled && !stopped,
    track,
    onAnswer: () => update(),
    onRepaired: () => reportIfChanged(),
  });
  const report = createReportState({
    document,
    frames,
    tracked,
    send: (summary) => background.reportChanged(summary),
  });

  const onLoad = () => {
    grace.markLoaded();
    update();
  };
  window.addEventListener('load', onLoad, { once: true });

  // ---- the pipeline ----

  /**
   * A batch of page changes: cards first (an embed the page re-rendered is found again as the tweet
   * it was), then the changed parts, then the pipeline.
   */
  function runBatch() {
    options.onBatch?.();
    const startedAt = clock.now();
    repairs.followEmbeds();
    for (const list of watcher.takeChanges()) embeds.scan(list);
    watcher.finishBatch(startedAt);
    update();
  }

  /**
   * The pipeline, after every batch, answer, timer and switch: cards follow their embeds, what left
   * the page is forgotten, grace periods end, live embeds win; then, switched on, the broken embeds
   * are looked up and repaired (switched off, given back); the badge hears of it last.
   */
  function update() {
    if (stopped || !started) return;
    repairs.followEmbeds();
    if (signals.pageShrank) pruneDisconnected();
    settleGrace();
    repairs.yieldToLiveEmbeds();
    if (!enabled) {
      repairs.restoreAll();
      reportIfChanged();
      return;
    }
    repairs.lookUpBroken();
    repairs.repairAll();
    reportIfChanged();
  }

  function pruneDisconnected() {
    signals.pageShrank = false;
    watcher.forgetGoneDocuments(document);
    embeds.dropGone((card) => mutateQuietly(() => card.restore()));
  }

  function settleGrace() {
    grace.settle(
      tracked,
      (roots) => {
        // One scan of the surroundings of every embed whose grace period ended, per document.
        const inPage = new Set([...roots].filter((root) => frames.isInPage(root)));
        for (const list of partsByDocument(inPage)) embeds.scan(list);
      },
      enabled,
    );
  }

  const reportIfChanged = () => report.sendIfChanged(enabled, signals.pageShrank);

  function getReport(): PageReport {
    if (!enabled && !stopped) {
      // Switched off, nothing watches the page: look now, without touching it.
      pruneDisconnected();
      embeds.scan(document);
      settleGrace();
      repairs.yieldToLiveEmbeds();
    }
    return report.build(enabled);
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
      repairs.restoreAll();
      repairs.forgetAnswers();
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
      watcher.start(document);
      pruneDisconnected();
      embeds.scan(document);
    } else {
      watcher.pause();
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
        embeds.scan(document);
        update();
      }
    },
    revealEmbed(key) {
      for (const entry of tracked) {
        if (entry.key !== key) continue;
        const target = anchorOf(entry);
        if (!frames.isInPage(target)) return false;
        target.scrollIntoView({ block: 'center' });
        // The outline is drawn in the top document: around the outermost frame when the embed is in one.
        const outline = frames.chainOf(target).at(-1) ?? target;
        mutateQuietly(() => watcher.markOurs(highlightElement(document, outline, clock)));
        return true;
      }
      return false;
    },
    stop() {
      if (stopped) return;
      repairs.restoreAll();
      stopped = true;
      watcher.end();
      try {
        unwatch();
      } catch {
        // An orphaned copy (the extension went): its storage listener went with it.
      }
      window.removeEventListener('load', onLoad);
      grace.stop();
      repairs.stop();
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    counts() {
      let cards = 0;
      let pending = watcher.pendingChanges() + inFlight.size;
      for (const entry of tracked) {
        if (entry.card) cards++;
        if (entry.lookingUp || entry.mounting) pending++;
      }
      return { tracked: tracked.size, cards, pending, remembered: embeds.rememberedCount() };
    },
  };
}
