/**
 * One interface over the two browsers the extension must work in: Debian's
 * Chromium driven by playwright-core, and Firefox ESR driven by
 * puppeteer-core over WebDriver BiDi. Both load the built extension, route
 * every non-local request to a recording proxy, and can open the extension's
 * own pages (popup.html?tab=<id>) in a tab.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page as PwPage } from 'playwright-core';
import puppeteer, { type Page as PpPage } from 'puppeteer-core';
import { startRecordingProxy, type RecordingProxy } from './proxy';
import { shadowRootsOverBidi, shadowRootsOverCdp, type InShadowRoot } from './shadow-roots';
import { CHROMIUM, FIREFOX, assertBrowsersInstalled, chromiumArgs } from './system-browsers';

/**
 * Under tsx (the demo, the benchmark) esbuild keeps function names by wrapping a named inner
 * function in `__name(fn, "name")`, a helper of the script's own module that the page does not
 * have: the page would throw "__name is not defined" (https://github.com/evanw/esbuild/issues/2605).
 * Only a function that carries the wrapper gets the helper defined in its page first; under
 * vitest nothing carries it, so the tests' pages are left exactly as they are.
 */
async function defineNameHelper(run: (source: string) => Promise<unknown>, fn: unknown): Promise<void> {
  if (typeof fn === 'function' && String(fn).includes('__name(')) {
    await run('globalThis.__name = globalThis.__name || ((f) => f); undefined');
  }
}

export type BrowserName = 'chromium' | 'firefox';

/** Where `npm run build` / `build:firefox` put the extension (WXT_OUT_DIR moves it, as in wxt.config.ts). */
const OUT_DIR = resolve(import.meta.dirname, '../../..', process.env.WXT_OUT_DIR ?? '.output');
export const EXTENSION_DIRS: Record<BrowserName, string> = {
  chromium: resolve(OUT_DIR, 'chrome-mv3'),
  firefox: resolve(OUT_DIR, 'firefox-mv2'),
};

/** Firefox's add-on id (wxt.config.ts) and the fixed moz-extension:// UUID the tests give it. */
const GECKO_ID = 'tweet-mender@tweet-mender.org';
const FIREFOX_UUID = '6f1c9a52-5b7e-4c1e-9d2a-0c8f6d4b1e11';

/**
 * Host names the tests use for site rules (a site and its subdomains); both
 * browsers resolve them to 127.0.0.1 and never send them to the proxy.
 */
export const LOCAL_TEST_HOSTS = ['example.test', 'www.example.test', 'news.example.test', 'other.test'];

export interface LaunchOptions {
  /** Show a window instead of running headless (the demo, when a display is available). */
  headed?: boolean;
  /** The X display a headed browser opens on (a virtual one in tests). */
  display?: string;
  /** Browser UI language, e.g. "ru". */
  locale?: string;
  colorScheme?: 'light' | 'dark';
  /** Another extension build to load instead (the benchmark's no-op baseline, an unpacked store package). */
  extensionDir?: string;
  /** The page size in Chromium (1000 × 900 unless given; the store screenshots ask for 1280 × 800). */
  viewport?: { width: number; height: number };
}

export interface TestPage {
  url(): string;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Runs a script given as source text (a library such as axe-core) in the page. */
  evaluateScript(source: string): Promise<unknown>;
  /** Waits until fn(arg) is truthy in the page. */
  waitFor<A = undefined>(fn: (arg: A) => unknown, arg?: A, timeoutMs?: number): Promise<void>;
  click(selector: string): Promise<void>;
  /** Sets a form field's value as typing would (input and change events). */
  fill(selector: string, value: string): Promise<void>;
  /** Chooses a local file in an <input type=file>. */
  setInputFile(selector: string, path: string): Promise<void>;
  press(key: string): Promise<void>;
  /** A real mouse click at a point of the viewport (trusted input). */
  mouseClick(x: number, y: number): Promise<void>;
  /** Uncaught page errors and console errors since the page opened, as the automation protocol reports them. */
  errors(): string[];
  /** Runs fn in the page's world on every author shadow root, closed ones included (see shadow-roots.ts). */
  shadowRoots<R, A = undefined>(fn: InShadowRoot<R, A>, arg?: A): Promise<R[]>;
  screenshot(path: string, fullPage?: boolean): Promise<void>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

export interface Session {
  name: BrowserName;
  /** chrome-extension://<id> or moz-extension://<uuid> */
  extensionOrigin: string;
  newPage(): Promise<TestPage>;
  /** Opens one of the extension's pages ("popup.html?tab=3") in a new tab. */
  openExtensionPage(path: string): Promise<TestPage>;
  /** The next tab whose address starts with `prefix` (one the extension opens itself). */
  waitForPage(prefix: string): Promise<TestPage>;
  /** Cuts the browser off the network, localhost included (Chromium only; Firefox: returns false). */
  setOffline(offline: boolean): Promise<boolean>;
  /** Every URL the automation protocol saw requested by pages and extension workers. */
  requests: string[];
  /** Everything the browser tried to send beyond localhost. */
  proxy: RecordingProxy;
  close(): Promise<void>;
}

export async function launch(name: BrowserName, options: LaunchOptions = {}): Promise<Session> {
  assertBrowsersInstalled([name]);
  return name === 'chromium' ? launchChromium(options) : launchFirefox(options);
}

const DEFAULT_TIMEOUT = 20_000;

/** The same in both browsers: set the value, then fire the events a user's typing fires. */
async function fillField(page: { evaluate: PwPage['evaluate'] } | PpPage, selector: string, value: string) {
  await (page as PwPage).evaluate(
    ([sel, val]) => {
      const field = document.querySelector(sel) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
      if (!field) throw new Error(`no field ${sel}`);
      field.focus();
      field.value = val;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [selector, value] as const,
  );
}

/**
 * Puppeteer's `page.click(selector)` finds the element, then scrolls it into view and clicks it in
 * separate round trips; if the page replaces the element in between (a list redrawn by a storage
 * change), it fails with "Node is detached from document" where a user, or Playwright's
 * `page.click` in Chromium, would click the element now there. So: find it again, a few times.
 * The popup keeps its controls across refreshes (tests/unit/popup-refresh.test.ts); this keeps a
 * redrawn row from failing a Firefox test that Chromium passes.
 */
async function clickWhenAttached(page: PpPage, selector: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.click(selector);
    } catch (error) {
      if (attempt >= 5 || !/detached|not attached/i.test(String(error))) throw error;
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

async function launchChromium(options: LaunchOptions): Promise<Session> {
  // Lets playwright report the extension service worker's requests too.
  process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
  const proxy = await startRecordingProxy();
  const extension = options.extensionDir ?? EXTENSION_DIRS.chromium;
  const profile = mkdtempSync(join(tmpdir(), 'tweet-mender-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: !options.headed,
    // On Linux, Chromium takes its UI language (and so the extension's) from LANGUAGE, not --lang.
    env: {
      ...process.env,
      ...(options.display ? { DISPLAY: options.display } : {}),
      ...(options.locale
        ? { LANGUAGE: options.locale, LANG: `${options.locale}_${options.locale.toUpperCase()}.UTF-8` }
        : {}),
    } as Record<string, string>,
    locale: options.locale,
    colorScheme: options.colorScheme,
    viewport: options.viewport ?? { width: 1000, height: 900 },
    args: [
      ...chromiumArgs(extension, proxy.port),
      `--host-resolver-rules=${LOCAL_TEST_HOSTS.map((host) => `MAP ${host} 127.0.0.1`).join(', ')}`,
      `--proxy-bypass-list=${LOCAL_TEST_HOSTS.join(';')}`,
      ...(options.locale ? [`--lang=${options.locale}`] : []),
    ],
  });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionOrigin = /^chrome-extension:\/\/[a-p]{32}/.exec(worker.url())?.[0] ?? '';
  const wrap = (page: PwPage): TestPage => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    return {
      errors: () => [...errors],
      url: () => page.url(),
      goto: async (url) => void (await page.goto(url)),
      reload: async () => void (await page.reload()),
      evaluate: async (fn, arg) => {
        await defineNameHelper((source) => page.evaluate(source), fn);
        return page.evaluate(fn, arg as never);
      },
      evaluateScript: (source) => page.evaluate(source),
      waitFor: async (fn, arg, timeoutMs = DEFAULT_TIMEOUT) =>
        void (await page.waitForFunction(fn, arg as never, { timeout: timeoutMs, polling: 100 })),
      click: (selector) => page.click(selector),
      fill: (selector, value) => fillField(page, selector, value),
      setInputFile: (selector, path) => page.setInputFiles(selector, path),
      press: (key) => page.keyboard.press(key),
      mouseClick: (x, y) => page.mouse.click(x, y),
      shadowRoots: (fn, arg) => shadowRootsOverCdp(page, fn, arg as never),
      screenshot: async (path, fullPage = false) => void (await page.screenshot({ path, fullPage })),
      bringToFront: () => page.bringToFront(),
      close: () => page.close(),
    };
  };
  return {
    name: 'chromium',
    extensionOrigin,
    requests,
    proxy,
    newPage: async () => wrap(await context.newPage()),
    openExtensionPage: async (path) => {
      const page = await context.newPage();
      await page.goto(`${extensionOrigin}/${path}`);
      return wrap(page);
    },
    waitForPage: async (prefix) => {
      const page = await context.waitForEvent('page', {
        predicate: (p) => p.url().startsWith(prefix) || p.url() === 'about:blank',
      });
      await page.waitForURL((url) => url.href.startsWith(prefix));
      await page.waitForLoadState('load');
      return wrap(page);
    },
    setOffline: async (offline) => {
      await context.setOffline(offline);
      return true;
    },
    close: async () => {
      await context.close();
      await proxy.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function launchFirefox(options: LaunchOptions): Promise<Session> {
  const proxy = await startRecordingProxy();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: !options.headed,
    // Lets the automation open moz-extension:// pages (the popup in a tab).
    args: ['--remote-allow-system-access', '--width=1000', '--height=900'],
    // Lets the tests switch remote settings off (see services.settings.server below).
    env: {
      ...process.env,
      MOZ_REMOTE_SETTINGS_DEVTOOLS: '1',
      ...(options.display ? { DISPLAY: options.display } : {}),
    },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      ...(options.locale ? { 'intl.locale.requested': options.locale, 'intl.accept_languages': options.locale } : {}),
      ...(options.colorScheme
        ? {
            'layout.css.prefers-color-scheme.content-override': options.colorScheme === 'dark' ? 0 : 1,
            'ui.systemUsesDarkTheme': options.colorScheme === 'dark' ? 1 : 0,
          }
        : {}),
      // Every non-local request goes to the recording proxy.
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy.port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.no_proxies_on': ['localhost', '127.0.0.1', ...LOCAL_TEST_HOSTS].join(', '),
      'network.dns.localDomains': LOCAL_TEST_HOSTS.join(', '),
      'network.proxy.allow_hijacking_localhost': false,
      // Firefox's own background services, so that the proxy only sees what pages and add-ons send.
      'services.settings.server': 'data:,#remote-settings-dummy/v1',
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'browser.safebrowsing.downloads.enabled': false,
      'browser.safebrowsing.blockedURIs.enabled': false,
      'extensions.blocklist.enabled': false,
      'extensions.getAddons.cache.enabled': false,
      'extensions.update.enabled': false,
      'app.update.enabled': false,
      'browser.search.update': false,
      'toolkit.telemetry.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'datareporting.healthreport.uploadEnabled': false,
      'media.gmp-manager.url': 'data:,',
      'network.dns.disablePrefetch': true,
      'network.prefetch-next': false,
      'network.http.speculative-parallel-limit': 0,
      'browser.region.update.enabled': false,
      'geo.provider.network.url': '',
      'identity.fxaccounts.enabled': false,
      'app.normandy.enabled': false,
    },
  });
  await browser.installExtension(options.extensionDir ?? EXTENSION_DIRS.firefox);
  const extensionOrigin = `moz-extension://${FIREFOX_UUID}`;
  const requests: string[] = [];

  const navigate = async (page: PpPage, url: string) => {
    if (!url.startsWith('moz-extension:')) {
      await page.goto(url);
      return;
    }
    // BiDi reports no load event for extension pages: start the navigation and
    // wait for the document instead.
    await page.goto(url, { timeout: 1500 }).catch(() => undefined);
    await page.waitForFunction(
      (u: string) => location.href === u && document.readyState === 'complete',
      { polling: 100, timeout: DEFAULT_TIMEOUT },
      url,
    );
  };

  const wrap = (page: PpPage): TestPage => {
    page.on('request', (request) => requests.push(request.url()));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${(error as Error).message ?? String(error)}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    return {
      errors: () => [...errors],
      url: () => page.url(),
      goto: (url) => navigate(page, url),
      reload: async () => {
        // page.url() lags behind navigations to extension pages under BiDi: ask the page.
        const url = await page.evaluate(() => location.href);
        if (url.startsWith('moz-extension:')) {
          await page.evaluate(() => location.reload());
          await navigate(page, url);
        } else await page.reload();
      },
      evaluate: async (fn, arg) => {
        await defineNameHelper((source) => page.evaluate(source), fn);
        return page.evaluate(fn as never, arg as never) as never;
      },
      evaluateScript: (source) => page.evaluate(source),
      waitFor: async (fn, arg, timeoutMs = DEFAULT_TIMEOUT) =>
        void (await page.waitForFunction(fn as never, { polling: 100, timeout: timeoutMs }, arg as never)),
      click: (selector) => clickWhenAttached(page, selector),
      fill: (selector, value) => fillField(page, selector, value),
      setInputFile: async (selector, path) => {
        const input = await page.waitForSelector(selector);
        await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(path);
      },
      press: async (combo) => {
        // Playwright-style "Alt+Shift+KeyM": hold the modifiers, press the last key.
        const keys = combo.split('+') as never[];
        const key = keys.pop() as never;
        for (const modifier of keys) await page.keyboard.down(modifier);
        await page.keyboard.press(key);
        for (const modifier of keys.reverse()) await page.keyboard.up(modifier);
      },
      mouseClick: (x, y) => page.mouse.click(x, y),
      shadowRoots: (fn, arg) => shadowRootsOverBidi(page, fn, arg as never),
      screenshot: async (path, fullPage = false) =>
        void (await page.screenshot({ path: path as `${string}.png`, fullPage })),
      bringToFront: () => page.bringToFront(),
      close: () => page.close(),
    };
  };

  return {
    name: 'firefox',
    extensionOrigin,
    requests,
    proxy,
    newPage: async () => wrap(await browser.newPage()),
    openExtensionPage: async (path) => {
      const page = wrap(await browser.newPage());
      await page.goto(`${extensionOrigin}/${path}`);
      return page;
    },
    waitForPage: async (prefix) => {
      // Targets keep reporting about:blank for tabs the extension opens on its own
      // pages, so ask each tab where it is.
      const deadline = Date.now() + DEFAULT_TIMEOUT;
      while (Date.now() < deadline) {
        for (const page of await browser.pages()) {
          const href = await page.evaluate(() => location.href).catch(() => '');
          if (href.startsWith(prefix)) {
            await page.waitForFunction(() => document.readyState === 'complete', {
              polling: 100,
              timeout: DEFAULT_TIMEOUT,
            });
            return wrap(page);
          }
        }
        await new Promise((done) => setTimeout(done, 200));
      }
      throw new Error(`no tab opened on ${prefix}`);
    },
    // WebDriver BiDi has no offline switch; every non-local request already goes to the refusing proxy.
    setOffline: async () => false,
    close: async () => {
      await browser.close();
      await proxy.close();
    },
  };
}
