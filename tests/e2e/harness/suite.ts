/**
 * The set-up every end-to-end suite shares: a local page server and one
 * browser with the extension for the whole describe block, and (unless told
 * otherwise) a fresh install's settings before each test.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { launch, type BrowserName, type LaunchOptions, type Session, type TestPage } from './browsers';
import { resetExtensionStorage } from './extension';
import { hostOf } from './proxy';
import { startPageServer, type PageServer } from './server';

export interface BrowserFixture {
  readonly server: PageServer;
  readonly session: Session;
  /** A new tab on a test page ("demo-page.html") or a full address. */
  openPage(pathOrUrl: string): Promise<TestPage>;
}

export interface FixtureOptions extends LaunchOptions {
  /** Serve this folder instead of tests/pages. */
  pagesDir?: string;
  /** Reset the extension's settings before each test (default true). */
  freshSettings?: boolean;
  /** Runs before the browser starts (a virtual display, say); its result is passed to launch options. */
  prepare?: () => Promise<Partial<LaunchOptions> & { close?: () => void }>;
}

export function useBrowser(browserName: BrowserName, options: FixtureOptions = {}): BrowserFixture {
  let server: PageServer | undefined;
  let session: Session | undefined;
  let cleanUp: (() => void) | undefined;

  beforeAll(async () => {
    const { close, ...prepared } = (await options.prepare?.()) ?? {};
    cleanUp = close;
    server = await startPageServer(0, options.pagesDir);
    session = await launch(browserName, { ...options, ...prepared });
  });
  if (options.freshSettings !== false) beforeEach(() => resetExtensionStorage(session!));
  afterAll(async () => {
    await session?.close();
    await server?.close();
    cleanUp?.();
  });

  return {
    get server() {
      return server!;
    },
    get session() {
      return session!;
    },
    async openPage(pathOrUrl) {
      const page = await session!.newPage();
      await page.goto(/^https?:/.test(pathOrUrl) ? pathOrUrl : server!.url(pathOrUrl));
      return page;
    },
  };
}

/** In a page: whether a repaired card stands on it. */
export const cardIsShown = () => document.querySelector('[data-tweet-mender="repaired"]') !== null;
/** In a page: whether no card of ours is left on it. */
export const cardIsGone = () => document.querySelector('[data-tweet-mender]') === null;

/** Chromium's own update and sign-in services, which call home in headless mode with or without any extension. */
const CHROMIUM_SERVICES = /(^|\.)(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)$/;

/**
 * What the browser tried to send beyond localhost so far: requests the automation protocol saw
 * (other than the extension's own files, the local test pages, and data:, about: and blob: URLs),
 * and everything the recording proxy was asked for (which catches contexts the protocol cannot
 * see). Chromium's own services are not counted; nothing else may appear.
 */
export function readRequestsBeyondLocalhost(fixture: BrowserFixture): { seen: string[]; proxied: string[] } {
  const { session } = fixture;
  const seen = session.requests.filter((url) => {
    const { protocol, hostname } = new URL(url);
    if (url.startsWith(session.extensionOrigin)) return false;
    return !(
      (protocol === 'http:' && hostname === '127.0.0.1') ||
      protocol === 'data:' ||
      protocol === 'about:' ||
      protocol === 'blob:'
    );
  });
  const proxied = session.proxy.requests.filter(
    (request) => !(session.name === 'chromium' && CHROMIUM_SERVICES.test(hostOf(request))),
  );
  return { seen, proxied };
}
