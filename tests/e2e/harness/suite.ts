/**
 * The set-up every end-to-end suite shares: a local page server and one
 * browser with the extension for the whole describe block, and (unless told
 * otherwise) a fresh install's settings before each test.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { launch, type BrowserName, type LaunchOptions, type Session, type TestPage } from './browsers';
import { resetExtensionStorage } from './extension';
import { startPageServer, type ExtraFiles, type PageServer } from './server';

export interface BrowserFixture {
  readonly server: PageServer;
  readonly session: Session;
  /** A new tab on a test page ("demo-page.html") or a full address. */
  openPage(pathOrUrl: string): Promise<TestPage>;
}

export interface FixtureOptions extends LaunchOptions {
  /** Serve this folder instead of tests/pages. */
  pagesDir?: string;
  /** Pages made at test time, served beside the folder's. */
  extraFiles?: ExtraFiles;
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
    server = await startPageServer(0, options.pagesDir, options.extraFiles);
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
