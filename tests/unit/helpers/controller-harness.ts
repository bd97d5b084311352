/**
 * Test harness for the content controller, shared by the controller,
 * detection and performance tests: the demo page loaded into happy-dom, the
 * real card mounter (closed shadow roots: the harness keeps each root the
 * mounter hands the controller, as the content script does), a manual clock, in-memory
 * settings and a background that answers from an in-memory archive built
 * from the seed (or from none at all).
 */
import { readFileSync } from 'node:fs';
import type { ArchiveRecords } from '../../../src/archive/build';
import { matchEmbed } from '../../../src/archive/lookup';
import { createArchiveAccess } from '../../../src/background/archive-access';
import {
  MIN_BATCH_INTERVAL_MS,
  startContentController,
  type BackgroundPort,
  type ContentController,
} from '../../../src/content/controller';
import type { Clock } from '../../../src/content/clock';
import type { Detector } from '../../../src/embeds/types';
import { MAX_EMBEDS_PER_LOOKUP, type EmbedQuery, type PageQuery } from '../../../src/messages/lookup';
import type { ReportSummary } from '../../../src/messages/report';
import { cardRenderers } from '../../../src/repair/card-renderers';
import { createCardMounter, type MountCard, type MountedCard } from '../../../src/repair/mount-card';
import type { SiteSettings as Settings } from '../../../src/sites/stored-settings';
import { buildMemoryArchive, seedRecords } from './archive';

export const DEMO_PAGE = readFileSync('tests/pages/demo-page.html', 'utf8');
export const ON: Settings = { mode: 'everywhere-except', rules: [] };
export const OFF: Settings = { mode: 'everywhere-except', rules: ['wsws.org off'] };

/** A clock the test moves by hand, so that grace periods and batch intervals pass only when a test says so. */
export class ManualClock implements Clock {
  time = 1000;
  private nextId = 1;
  private timers = new Map<number, { at: number; callback: () => void }>();
  now() {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.timers.delete(handle as number);
  }
  /**
   * Moves time on, firing due timers in order and letting the page settle after each;
   * `between` runs right after each timer, before the page settles.
   */
  async advance(ms: number, settle: () => Promise<void>, between?: () => void) {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= end)
        .sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
      between?.();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

/** Settings held in memory, so that a test can switch the site off and on as the popup would. */
export class MemorySettings {
  private watchers = new Set<(s: Settings) => void>();
  constructor(public value: Settings) {}
  read = async () => this.value;
  watch = (onChange: (s: Settings) => void) => {
    this.watchers.add(onChange);
    return () => this.watchers.delete(onChange);
  };
  set(value: Settings) {
    this.value = value;
    for (const w of this.watchers) w(value);
  }
}

/** Puts a whole page into the test's document (happy-dom gives each test file one document). */
export function loadPage(html: string) {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.head.innerHTML = parsed.head.innerHTML;
  document.body.innerHTML = parsed.body.innerHTML;
}

/** Every card the mounter put up in this test, with its closed root (the page sees host.shadowRoot === null). */
const mounted: MountedCard[] = [];
/** The marker the harness's mounter writes into each card (the content script uses its extension URL). */
export const TEST_MARKER = 'moz-extension://test-install/';

/** The mounter the content script uses, recording each card it mounts. */
function recordingMounter(): MountCard {
  // The renderers as the cards' file hands them to the engine (src/content/cards-on-demand.ts).
  const mount = createCardMounter(TEST_MARKER, async () => cardRenderers());
  return async (...args) => {
    const card = await mount(...args);
    if (card) mounted.push(card);
    return card;
  };
}

/** The hosts of the cards standing on a page (or in a frame's document), in document order. */
export const repairedHosts = (doc: Document = document) =>
  mounted
    .map((card) => card.host)
    .filter((host) => host.isConnected && host.ownerDocument === doc)
    .sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));

/** Whether an element of the page is hidden by a card of ours (the inline declaration the mounter writes). */
export const isHiddenByUs = (el: Element) =>
  (el as HTMLElement).style.getPropertyValue('display') === 'none' &&
  (el as HTMLElement).style.getPropertyPriority('display') === 'important';

/** The page's text as it shows: text under an element hidden with display: none does not count. */
export function shownText(root: Element = document.body): string {
  let text = '';
  for (const node of root.childNodes) {
    if (node.nodeType === 3) text += node.textContent ?? '';
    else if (node.nodeType === 1) {
      const el = node as HTMLElement;
      if (el.style?.getPropertyValue('display') === 'none' || getComputedStyle(el).display === 'none') continue;
      text += ` ${shownText(el)}`;
    }
  }
  return text;
}

/** A card's closed shadow root, as the content script holds it. */
export function rootOf(host: Element): ShadowRoot {
  const card = mounted.find((c) => c.host === host);
  if (!card) throw new Error('not a card of ours');
  return card.root;
}

let readyState: DocumentReadyState = 'complete';

/**
 * Makes document.readyState follow setReadyState, and start's `loaded` option:
 * happy-dom's document is always complete, and the tests of the wait for load need one that is not.
 */
export function fakeReadyState() {
  Object.defineProperty(document, 'readyState', { configurable: true, get: () => readyState });
}

/** What document.readyState says once fakeReadyState has been called. */
export function setReadyState(state: DocumentReadyState) {
  readyState = state;
}

export interface Harness {
  controller: ContentController;
  clock: ManualClock;
  settings: MemorySettings;
  /** What was asked of the background: keys only, never page text. */
  lookups: { page: PageQuery; embeds: EmbedQuery[] }[];
  /** What the badge was told. */
  reports: ReportSummary[];
  /** How many batches of page changes the controller has run (its onBatch option). */
  batches: () => number;
  settle: () => Promise<void>;
  advance: (ms: number, between?: () => void) => Promise<void>;
  /** Lets the page's mutations reach the observer, then runs the batch they scheduled. */
  changed: () => Promise<void>;
  /** The report's embeds as [kind, tweet id, status]. */
  report: () => [string, string | null, string][];
}

export interface StartOptions {
  /** The page; the demo page by default. */
  html?: string;
  /**
   * What the archive holds; the seed by default. `null`: no archive at all, every lookup answers
   * "not known" at once (the performance tests count work, not repairs).
   */
  records?: ArchiveRecords | null;
  /**
   * The user's own archive: the background then answers as the real one does
   * (src/background/archive-access.ts), for a page at `pageUrl` on which the
   * user did not choose "use my archive on this site" unless `userArchiveRules` says so.
   */
  user?: { records: ArchiveRecords; userArchiveRules?: string[] };
  settings?: Settings;
  detectors?: readonly Detector[];
  /** false: the page has not loaded yet (needs fakeReadyState). */
  loaded?: boolean;
}

let current: Harness | null = null;

/** The background the controller talks to, recording what it is asked and told. */
function createBackground(
  records: ArchiveRecords | null,
  user: StartOptions['user'],
  lookups: Harness['lookups'],
  reports: ReportSummary[],
): BackgroundPort {
  const reportChanged = (summary: ReportSummary) => reports.push(summary);
  if (records === null) {
    return {
      // The archive knows none of these: no card, the page stays as it is.
      lookup: async (page, embeds) => {
        if (embeds.length > MAX_EMBEDS_PER_LOOKUP) throw new Error('bad lookup');
        lookups.push({ page, embeds });
        return embeds.map(() => null);
      },
      askUserArchive: async () => null,
      getArticle: async () => null,
      reportChanged,
    };
  }
  const archive = buildMemoryArchive(records);
  if (user) {
    const userArchive = buildMemoryArchive(user.records).reader;
    const access = createArchiveAccess({
      packaged: archive.reader,
      user: { ...userArchive, hasRecords: async () => true },
      readSettings: async () => ({ userArchiveRules: user.userArchiveRules ?? [] }),
    });
    return {
      lookup: async (page, embeds) => {
        lookups.push({ page, embeds });
        return access.lookup(location.href, page, embeds);
      },
      askUserArchive: (page, embed) => access.askUser(location.href, page, embed),
      getArticle: (id, activated) => access.getArticleForPage(location.href, id, activated === true),
      reportChanged,
    };
  }
  return {
    lookup: async (page, embeds) => {
      // As the background does (src/background/start.ts): a lookup of too many embeds is refused whole.
      if (embeds.length > MAX_EMBEDS_PER_LOOKUP) throw new Error('bad lookup');
      lookups.push({ page, embeds });
      return Promise.all(embeds.map((query) => matchEmbed(archive.reader, page, query)));
    },
    askUserArchive: async () => null,
    getArticle: (id) => archive.reader.getArticle(id),
    reportChanged,
  };
}

/** Loads the page and starts the content controller on it, then lets it settle. Call stopController afterEach. */
export async function startController(options: StartOptions = {}): Promise<Harness> {
  loadPage(options.html ?? DEMO_PAGE);
  readyState = options.loaded === false ? 'interactive' : 'complete';
  const lookups: Harness['lookups'] = [];
  const reports: ReportSummary[] = [];
  const background = createBackground(
    options.records === undefined ? seedRecords() : options.records,
    options.user,
    lookups,
    reports,
  );
  const clock = new ManualClock();
  const settings = new MemorySettings(options.settings ?? ON);
  mounted.length = 0;
  let batches = 0;
  const controller = startContentController({
    document,
    window,
    clock,
    settings,
    detectors: options.detectors,
    background,
    mountCard: recordingMounter(),
    onBatch: () => batches++,
  });
  // Several rounds: a lookup's answer schedules a repair, which may schedule more work.
  const settle = async () => {
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      await controller.idle();
    }
  };
  await settle();
  current = {
    controller,
    clock,
    settings,
    lookups,
    reports,
    batches: () => batches,
    settle,
    advance: (ms, between) => clock.advance(ms, settle, between),
    changed: async () => {
      await settle();
      await clock.advance(MIN_BATCH_INTERVAL_MS, settle);
    },
    report: () => controller.getReport().embeds.map((e) => [e.kind, e.tweetId, e.status]),
  };
  return current;
}

/** Stops the controller a test started and empties the page, so that the next test starts clean. */
export function stopController() {
  current?.controller.stop();
  current = null;
  mounted.length = 0;
  readyState = 'complete';
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  history.replaceState(null, '', '/en/articles/2022/03/10/russ-m10.html');
}
