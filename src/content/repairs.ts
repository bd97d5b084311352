/**
 * Repairs: the broken embeds are looked up in the archive (through the
 * background, in chunks it accepts, at most every COALESCE_MS, or less often while they keep
 * coming: MAX_COALESCE_MS), and those the
 * archive holds get a card beside them, the embed hidden in place, never
 * detached (src/repair/mount-card.ts). The card follows its embed when the
 * page moves, removes or re-renders it, and steps aside when the page takes
 * the embed back or a live embed of the same tweet shows up
 * (docs/security.md, "Framework safety").
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
import { readEmbedOptions } from '../embeds/embed-options';
import { readEmbedQuery, readPageQuery } from '../page/clues';
import type { MountCard } from '../repair/mount-card';
import type { Clock } from './clock';
import { COALESCE_MS } from './grace-periods';
import type { PageFrames } from './page-frames';
import type { PageWatcher } from './page-watcher';
import type { Tracked, TrackedEmbeds } from './tracked-embeds';

/**
 * Lookups that keep following one another (a feed bringing a broken embed with every batch) wait
 * twice as long each time, up to this: each message costs the page's main thread (Chrome's messaging,
 * and the pipeline run again on its answer; docs/performance.md, "Mutations"). A lookup after a quiet
 * spell goes at once, and the wait starts again from COALESCE_MS.
 */
export const MAX_COALESCE_MS = 1000;

/** A page that takes its embed back (removes our card, or shows the embed again) this many times keeps it: no tug of war. */
export const MAX_TAKE_BACKS = 2;

/** What repairs ask of the background (the controller's BackgroundPort). */
export interface ArchivePort {
  lookup(page: PageQuery, embeds: EmbedQuery[]): Promise<LookupAnswer[]>;
  /** One embed from the user's archive too: only ever called from a trusted activation of its neutral card. */
  askUserArchive(page: PageQuery, embed: EmbedQuery): Promise<EmbedMatch | null>;
  /** `activated`: for a card the user activated (it may come from the user's archive). */
  getArticle(articleId: string, activated?: boolean): Promise<ArchivedArticle | null>;
}

export interface RepairsOptions {
  document: Document;
  clock: Clock;
  background: ArchivePort;
  mountCard: MountCard;
  embeds: TrackedEmbeds;
  frames: PageFrames;
  watcher: PageWatcher;
  /** Switched on and not stopped: a card that comes up otherwise is taken down at once. */
  isOn: () => boolean;
  /** Keeps a lookup or a mount for idle(). */
  track: (promise: Promise<unknown>) => void;
  /** An answer came: run the pipeline again. */
  onAnswer: () => void;
  /** A card came up, or a neutral card found its tweet: the counts may have changed. */
  onRepaired: () => void;
}

export interface Repairs {
  /** Asks the background about the broken embeds not looked up yet. */
  lookUpBroken(): void;
  /** Puts a card beside every embed the archive holds that has none. */
  repairAll(): void;
  /** A card follows its embed (see followEmbeds below). */
  followEmbeds(): void;
  /** A live embed of a tweet showed up: any card or pending copy of that tweet steps aside. */
  yieldToLiveEmbeds(): void;
  /** Gives every repaired embed back to the page. */
  restoreAll(): void;
  /** What the background answers may have changed: older answers are dropped, every embed is looked up again. */
  forgetAnswers(): void;
  stop(): void;
}

export function createRepairs(options: RepairsOptions): Repairs {
  const { document, clock, background, mountCard, embeds, frames, watcher, isOn, track } = options;
  const tracked = embeds.all;
  const mutateQuietly = watcher.mutateQuietly;
  /** How many times the page took an embed back from its card, by the embed's first node. */
  const takenBack = new WeakMap<Element, number>();
  let lookupTimer: unknown = null;
  let lookedUpAt = -Infinity;
  /** How long the next lookup waits after the last one (COALESCE_MS, doubling while lookups keep coming). */
  let lookupInterval = COALESCE_MS;
  /** Whether embeds waited for the next lookup since the last one: the lookups are following one another. */
  let lookupsQueued = false;
  /** The page's clues for the archive, read once per address (a single-page site changes it). */
  let pageQuery: { href: string; query: PageQuery } | null = null;
  /** Bumped when what the background answers may have changed: answers to older lookups are dropped. */
  let lookupGeneration = 0;
  /** What each embed was looked up with: a neutral card asks the user's archive the same. */
  const askedWith = new WeakMap<Tracked, { page: PageQuery; embed: EmbedQuery }>();

  const needsArchive = (entry: Tracked) => entry.status === 'broken' || entry.status === 'unavailable';

  function lookUpBroken() {
    if (lookupTimer !== null) return; // a lookup is due: it will take these too
    const waiting = [...tracked].filter((e) => needsArchive(e) && e.match === undefined && !e.lookingUp);
    if (!waiting.length) return;
    const wait = lookedUpAt + lookupInterval - clock.now();
    if (wait > 0) {
      lookupsQueued = true;
      lookupTimer = clock.setTimeout(() => {
        lookupTimer = null;
        options.onAnswer();
      }, wait);
      return;
    }
    lookedUpAt = clock.now();
    lookupInterval = lookupsQueued ? Math.min(MAX_COALESCE_MS, lookupInterval * 2) : COALESCE_MS;
    lookupsQueued = false;
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
        readEmbedQuery(e.detection.nodes, e.detection.tweet?.id ?? null, frames.chainOf(e.detection.nodes[0])),
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
            options.onAnswer();
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
    const cardOptions = readEmbedOptions(entry.detection.nodes);
    // The renderers come with the first card (src/content/cards-on-demand.ts).
    const render: Parameters<MountCard>[1] = (container, { renderCard, renderNeutralCard }) =>
      match === ASK_THE_USER
        ? // The same card for every embed only the user's archive might hold: the page learns nothing from it.
          renderNeutralCard(container, {
            tweetUrl,
            options: cardOptions,
            ask: () => background.askUserArchive(asked!.page, asked!.embed),
            loadArticle: (id) => background.getArticle(id, true),
            onAnswer: (answer) => {
              if (entry.match === ASK_THE_USER) entry.match = answer;
              options.onRepaired();
            },
          })
        : renderCard(container, {
            match,
            tweetUrl,
            options: cardOptions,
            loadArticle: (id) => background.getArticle(id),
          });
    track(
      mountCard(entry.detection.nodes, render, { quietly: mutateQuietly, onDisturbed: onCardDisturbed }).then(
        (card) => {
          entry.mounting = false;
          if (!card) return;
          watcher.markOurs(card.host);
          if (!isOn() || !tracked.has(entry) || generation !== lookupGeneration) {
            mutateQuietly(() => card.restore());
            return;
          }
          entry.card = card;
          options.onRepaired();
        },
        () => {
          entry.mounting = false;
        },
      ),
    );
  }

  /** The page restyled a node a card hides. */
  function onCardDisturbed() {
    watcher.signals.cardsMayHaveMoved = true;
    watcher.scheduleBatch();
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
    if (!watcher.signals.cardsMayHaveMoved) return;
    watcher.signals.cardsMayHaveMoved = false;
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
        embeds.rememberRepair(entry);
        continue;
      }
      if (state === 'split') embeds.rememberRepair(entry);
      else {
        const first = nodes[0];
        takenBack.set(first, (takenBack.get(first) ?? 0) + 1);
        // Back on the page, the block gets a fresh grace period: the page may be about to render it.
        embeds.restartGrace([...nodes, entry.detection.source]);
      }
      // What is left of it is looked at again with the next batch.
      for (const node of nodes) if (frames.isInPage(node)) watcher.markChanged(node);
      watcher.scheduleBatch();
    }
  }

  function yieldToLiveEmbeds() {
    const live = embeds.liveIds();
    if (!live.size) return;
    for (const entry of tracked) {
      if (entry.status === 'rendered' || !entry.detection.tweet || !live.has(entry.detection.tweet.id)) continue;
      const card = entry.card;
      if (card) mutateQuietly(() => card.restore());
      tracked.delete(entry);
    }
  }

  function restoreAll() {
    mutateQuietly(() => {
      for (const entry of tracked) {
        entry.card?.restore();
        entry.card = null;
      }
    });
  }

  return {
    lookUpBroken,
    repairAll() {
      for (const entry of tracked) if (isRepairable(entry)) repair(entry);
    },
    followEmbeds,
    yieldToLiveEmbeds,
    restoreAll,
    forgetAnswers() {
      lookupGeneration++;
      for (const entry of tracked) entry.match = undefined;
    },
    stop() {
      if (lookupTimer !== null) clock.clearTimeout(lookupTimer);
    },
  };
}
