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
 * The popup and the keyboard shortcut need a report from pages that have no engine (no embed
 * there, or the site switched off): 'inject-engine' from an extension page injects it into the
 * tab's top frame. The engine itself starts at most once per document (src/content/engine-once.ts),
 * which also covers a service worker that forgot what it injected.
 */
import type { Browser } from 'wxt/browser';
import { ENGINE_SCRIPT, LEARNER_SCRIPT } from '../content/matches';

type Sender = Browser.runtime.MessageSender;

/** Injects the engine into one frame of a tab, with the learner after it when `learner` says so. */
export type InjectEngine = (tabId: number, frameId: number, learner: boolean) => Promise<void>;

export interface EngineInjectorOptions {
  inject: InjectEngine;
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
  /** 'inject-engine' from an extension page: into the tab's top frame, whether or not the site is on. */
  injectInto(tabId: unknown): Promise<boolean>;
  /** The tab went: forget its documents. */
  forgetTab(tabId: number): void;
}

/** The longest document key kept (a Chrome documentId is 32 hex digits; the first stage's token the same). */
const MAX_DOCUMENT_KEY = 64;

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
        await options.inject(tabId, frameId, learner);
      } catch (error) {
        if (frames.get(frameId) === key) frames.delete(frameId);
        throw error;
      }
      return 'started';
    },
    async injectInto(tabId) {
      if (typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) throw new Error('bad tab');
      // For the report and the site switch only: a page a first stage asked about has its learner.
      await options.inject(tabId, 0, false);
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

/** Injects the engine file (and the learner's) with `scripting` (MV3) or `tabs.executeScript` (MV2). */
export function injectEngineWith(browser: InjectionApi): InjectEngine {
  return async (tabId, frameId, learner) => {
    const files = [`/${ENGINE_SCRIPT}`, ...(learner ? [`/${LEARNER_SCRIPT}`] : [])];
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
