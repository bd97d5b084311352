/**
 * Headless Chromium with one extension loaded, in a fresh profile, driven
 * over the DevTools protocol. The flags are those of the end-to-end harness
 * (tests/e2e/harness/browsers.ts); puppeteer-core rather than playwright-core
 * because the benchmark needs DevTools sessions on the extension's service
 * worker (its heap, stopping it), which playwright does not expose for a
 * persistent context.
 */
import puppeteer, { type Browser, type CDPSession, type Page, type Target } from 'puppeteer-core';
import { startRecordingProxy, type RecordingProxy } from '../../../tests/e2e/harness/proxy';
import { CHROMIUM, assertBrowsersInstalled, chromiumArgs } from '../../../tests/e2e/harness/system-browsers';

export interface BenchBrowser {
  browser: Browser;
  /** chrome-extension://<id> */
  extensionOrigin: string;
  /** The extension's service worker target, as it was at launch. */
  worker(): Promise<Target>;
  newPage(): Promise<Page>;
  /** Stops the extension's service worker (as Chrome does after 30 s idle) and waits until it is gone. */
  stopWorker(page: Page): Promise<void>;
  /** Every request the browser tried to send beyond localhost (none expected). */
  proxy: RecordingProxy;
  close(): Promise<void>;
}

export async function launchWith(extensionDir: string): Promise<BenchBrowser> {
  assertBrowsersInstalled(['chromium']);
  const proxy = await startRecordingProxy();
  // puppeteer makes a fresh temporary profile for every launch and removes it on close.
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    enableExtensions: true,
    defaultViewport: { width: 1000, height: 900 },
    args: [...chromiumArgs(extensionDir, proxy.port)],
  });
  const isWorker = (t: Target) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://');
  const first = await browser.waitForTarget(isWorker, { timeout: 20_000 });
  const extensionOrigin = /^chrome-extension:\/\/[a-p]{32}/.exec(first.url())?.[0] ?? '';
  return {
    browser,
    extensionOrigin,
    proxy,
    worker: () => browser.waitForTarget(isWorker, { timeout: 20_000 }),
    async newPage() {
      const page = await browser.newPage();
      // tsx (esbuild keepNames) wraps named functions in __name(); functions handed to page.evaluate carry that call.
      await page.evaluateOnNewDocument('globalThis.__name ??= (fn) => fn;');
      return page;
    },
    async stopWorker(page) {
      const session = await page.createCDPSession();
      await session.send('ServiceWorker.enable');
      await session.send('ServiceWorker.stopAllWorkers');
      await session.detach();
      for (let i = 0; i < 200 && browser.targets().some(isWorker); i++) await sleep(10);
      if (browser.targets().some(isWorker)) throw new Error('the service worker did not stop');
    },
    async close() {
      await browser.close();
      await proxy.close();
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Main-thread and heap counters of a page's renderer (CDP Performance domain). */
export async function metrics(session: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await session.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** Heap in use after a full garbage collection, for a page or a worker target's isolate. */
export async function heapAfterGc(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize;
}

/** Waits until the demo page's block is repaired: hidden in place, a card beside it. */
export async function waitForRepair(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector<HTMLElement>('.tweet-embed')?.style.display === 'none', {
    timeout: 15_000,
  });
}
