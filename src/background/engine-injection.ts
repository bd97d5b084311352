/**
 * Brings the content script's engine into a page (docs/performance.md, "Two stages"). The
 * first stage (src/content/first-stage.ts) asks with 'start-engine' when its page may hold a
 * tweet embed; the background checks the sender (answerMessage, as for every message), whether
 * the site is on, and injects the engine into that frame, at most once per document:
 *
 * - Chrome (MV3): `scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files })`,
 *   https://developer.chrome.com/docs/extensions/reference/api/scripting#method-executeScript
 * - Firefox (MV2): `tabs.executeScript(tabId, { file, frameId })`,
 *   https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/tabs/executeScript
 *
 * Both run the file in the frame's content-script world, beside the first stage, and only for
 * pages the extension has host access to (the content script's own matches). A page cannot ask
 * for anything: runtime messages come from the extension's own scripts only, and what the page
 * can do (add an embed) only makes the first stage ask once.
 *
 * The engine asks with 'load-cards' when its first card is about to be mounted: the cards' code
 * (CARDS_SCRIPT) is a file of its own, injected the same way into the asking frame
 * (src/content/cards-on-demand.ts). The sender is checked as for 'start-engine': only the
 * extension's own content scripts; a page cannot send it, and what a page can do (show an embed
 * the archive repairs) only makes its engine ask once.
 *
 * The popup and the keyboard shortcut need a report from pages that have no engine (no embed
 * there, or the site switched off): 'inject-engine' from an extension page injects it into the
 * tab's top frame. The engine itself starts at most once per document (src/content/engine-once.ts),
 * which also covers a service worker that forgot what it injected.
 */
import type { Browser } from 'wxt/browser';
import { CARDS_SCRIPT, ENGINE_SCRIPT, LEARNER_SCRIPT } from '../content/matches';

type Sender = Browser.runtime.MessageSender;

/** Runs the extension's files (names as in src/content/matches.ts), in order, in one frame of a tab. */
export type InjectFiles = (tabId: number, frameId: number, files: readonly string[]) => Promise<void>;

export interface EngineInjectorOptions {
  inject: InjectFiles;
  /** Whether Tweet Mender is on for this page (the site switch), from the page's address. */
  isOn: (url: string) => Promise<boolean>;
  /**
   * Whether it learns as the user reads on this page (src/learning/): then the learner
   * (LEARNER_SCRIPT) goes in with the engine. Off until the user turns it on.
   */
  learnsOn?: (url: string) => Promise<boolean>;
  /** A first stage asked on a page whose site is off: the toolbar says so. */
  onOff?: (tabId: number) => void;
}

export interface EngineInjector {
  /** 'start-engine' from a first stage (the sender already checked to be a content script). */
  startFor(sender: Sender, document: unknown): Promise<'started' | 'off'>;
  /** 'load-cards' from an engine (the sender already checked to be a content script): the cards into its frame. */
  cardsFor(sender: Sender): Promise<true>;
  /** 'inject-engine' from an extension page: into the tab's top frame, whether or not the site is on. */
  injectInto(tabId: unknown): Promise<boolean>;
  /** The tab went: forget its documents. */
  forgetTab(tabId: number): void;
}

/** The longest document key kept (a Chrome documentId is 32 hex digits; the first stage's token the same). */
const MAX_DOCUMENT_KEY = 64;

/** The engine's files, with the learner after it where learning is on for the page. */
const engineFiles = (learner: boolean) => [ENGINE_SCRIPT, ...(learner ? [LEARNER_SCRIPT] : [])];

export function createEngineInjector(options: EngineInjectorOptions): EngineInjector {
  /** Per tab, per frame: the document the engine was injected into. */
  const injected = new Map<number, Map<number, string>>();

  return {
    async startFor(sender, document) {
      const tabId = sender.tab?.id;
      const frameId = sender.frameId ?? 0;
      if (typeof tabId !== 'number' || tabId < 0) throw new Error('no tab');
      // The browser's own name for the document where it gives one (Chrome), else the first stage's token.
      const key = (sender as { documentId?: unknown }).documentId ?? document;
      if (typeof key !== 'string' || !key || key.length > MAX_DOCUMENT_KEY) throw new Error('bad document');
      const framesOf = () => {
        let frames = injected.get(tabId);
        if (!frames) injected.set(tabId, (frames = new Map<number, string>()));
        return frames;
      };
      if (framesOf().get(frameId) === key) return 'started';
      const url = sender.url ?? sender.tab?.url ?? '';
      if (!(await options.isOn(url))) {
        options.onOff?.(tabId);
        return 'off';
      }
      const learner = (await options.learnsOn?.(url)) === true;
      const frames = framesOf();
      if (frames.get(frameId) === key) return 'started'; // asked twice while the settings were read
      // Noted before injecting, so that a second request meanwhile does not inject again.
      frames.set(frameId, key);
      try {
        await options.inject(tabId, frameId, engineFiles(learner));
      } catch (error) {
        if (frames.get(frameId) === key) frames.delete(frameId);
        throw error;
      }
      return 'started';
    },
    async injectInto(tabId) {
      if (typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) throw new Error('bad tab');
      // For the report and the site switch only: a page a first stage asked about has its learner.
      await options.inject(tabId, 0, engineFiles(false));
      return true;
    },
    async cardsFor(sender) {
      const tabId = sender.tab?.id;
      if (typeof tabId !== 'number' || tabId < 0) throw new Error('no tab');
      // The engine asks once per document (cards-on-demand.ts); nothing to remember here.
      await options.inject(tabId, sender.frameId ?? 0, [CARDS_SCRIPT]);
      return true;
    },
    forgetTab(tabId) {
      injected.delete(tabId);
    },
  };
}

/** The extension APIs that inject a file, in each browser's manifest version. */
interface InjectionApi {
  runtime: { getManifest(): { manifest_version: number } };
  scripting?: {
    executeScript(injection: { target: { tabId: number; frameIds: number[] }; files: string[] }): Promise<unknown>;
  };
  tabs: { executeScript?(tabId: number, details: { file: string; frameId: number }): Promise<unknown> };
}

/** Injects files with `scripting` (MV3) or `tabs.executeScript` (MV2); resolves once they have run. */
export function injectFilesWith(browser: InjectionApi): InjectFiles {
  return async (tabId, frameId, names) => {
    const files = names.map((name) => `/${name}`);
    if (browser.runtime.getManifest().manifest_version >= 3) {
      if (!browser.scripting) throw new Error('no scripting API');
      // One call: the files run in order, in the same frame.
      await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files });
    } else {
      if (!browser.tabs.executeScript) throw new Error('no tabs.executeScript');
      for (const file of files) await browser.tabs.executeScript(tabId, { file, frameId });
    }
  };
}
