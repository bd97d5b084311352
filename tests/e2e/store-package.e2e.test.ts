/**
 * The packages that go to the stores, judged as a user gets them: the zips
 * `npm run zip` (Chrome Web Store) and `npm run zip:firefox` (AMO) write are
 * unpacked into a temporary folder and installed from there. Each must ask for
 * exactly what docs/store-listing.md justifies, carry the icons its manifest
 * declares, repair the demo page and send nothing beyond localhost; the
 * Firefox one must pass `web-ext lint`, and its sources zip must hold what a
 * reviewer rebuilds it from. The Chromium run takes the store screenshots
 * (docs/store-listing.md#screenshots) from the packaged extension.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { listAsked, listJustified, type ManifestAccess } from '../unit/helpers/permissions';
import type { BrowserName } from './harness/browsers';
import { openPopupFor } from './harness/extension';
import { FIREFOX } from './harness/system-browsers';
import { STORE_SCREENSHOTS, STORE_SIZE, composePopupOverPage, showCard } from './harness/screenshots';
import { SEED } from './harness/seed';
import { expectNothingBeyondLocalhost } from './harness/no-network';
import { waitForCards } from './harness/shadow-roots';
import { useBrowser } from './harness/suite';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = resolve(ROOT, process.env.WXT_OUT_DIR ?? '.output');
const { name, version } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
/** What `wxt zip` writes (its default artifact names). */
const PACKAGES: Record<BrowserName, string> = {
  chromium: resolve(OUT, `${name}-${version}-chrome.zip`),
  firefox: resolve(OUT, `${name}-${version}-firefox.zip`),
};
const SOURCES = resolve(OUT, `${name}-${version}-sources.zip`);
const LISTING = readFileSync(resolve(ROOT, 'docs/store-listing.md'), 'utf8');

/** Unpacks a zip into a new temporary folder. */
function unpack(zip: string): string {
  if (!existsSync(zip)) throw new Error(`No package at ${zip}: run "npm run zip && npm run zip:firefox" first.`);
  const dir = mkdtempSync(join(tmpdir(), 'tweet-mender-package-'));
  for (const [path, bytes] of Object.entries(unzipSync(readFileSync(zip)))) {
    if (path.endsWith('/')) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return dir;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe.each(['chromium', 'firefox'] as BrowserName[])('%s: the store package', (browserName) => {
  let packageDir = '';
  const fixture = useBrowser(browserName, {
    viewport: STORE_SIZE,
    colorScheme: 'light',
    prepare: async () => {
      packageDir = unpack(PACKAGES[browserName]);
      return { extensionDir: packageDir, close: () => rmSync(packageDir, { recursive: true, force: true }) };
    },
  });

  it('asks for exactly what docs/store-listing.md justifies, and lets no page load or message it', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'manifest.json'), 'utf8')) as ManifestAccess &
      Record<string, unknown>;
    const store = browserName === 'chromium' ? 'chrome' : 'firefox';
    expect(listAsked(manifest)).toEqual(listJustified(LISTING, store));
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.externally_connectable).toBeUndefined();
  });

  it('warns at install exactly as before the engine was injected (the browser’s own warnings)', async () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'manifest.json'), 'utf8')) as ManifestAccess &
      Record<string, unknown>;
    // What decides the warnings, from the package; the name is a plain one (no locale files to resolve it).
    const now = {
      manifest_version: manifest.manifest_version,
      name: 'Tweet Mender',
      version: manifest.version,
      permissions: manifest.permissions,
      ...(manifest.host_permissions ? { host_permissions: manifest.host_permissions } : {}),
      content_scripts: manifest.content_scripts,
      ...(manifest.browser_specific_settings ? { browser_specific_settings: manifest.browser_specific_settings } : {}),
    };
    // Before the two stages (main at 4464a39): `storage`, and the content script on the same pages.
    const before = { ...now, permissions: ['storage'] } as Record<string, unknown>;
    delete before.host_permissions;
    expect(listAsked(before)).not.toEqual(listAsked(now));
    if (browserName === 'firefox') {
      // Firefox has no management.getPermissionWarningsByManifest: what its install prompt lists is read
      // from the installed Firefox's own code (Extension.sys.mjs, ExtensionPermissionMessages.sys.mjs in
      // omni.ja): the origins of getManifestOrigins() (permissions, host_permissions and content-script
      // matches), classified by pattern, and the named permissions in PERMISSIONS_WITH_MESSAGE.
      const omni = join(dirname(realpathSync(FIREFOX)), 'omni.ja');
      const read = (path: string) => execFileSync('unzip', ['-p', omni, path], { encoding: 'utf8' });
      const extension = read('modules/Extension.sys.mjs');
      const origins = /getManifestOrigins\(\) \{([\s\S]*?)\n {2}\}/.exec(extension)?.[1] ?? '';
      expect(origins).toMatch(/this\.manifest\.permissions,\s*this\.manifest\.host_permissions/);
      expect(origins).toMatch(/for \(let entry of this\.manifest\.content_scripts \|\| \[\]\)/);
      const withMessage = new Set(
        [
          ...(
            /PERMISSIONS_WITH_MESSAGE = new Set\(\[([\s\S]*?)\]\)/.exec(
              read('modules/ExtensionPermissionMessages.sys.mjs'),
            )?.[1] ?? ''
          ).matchAll(/"([^"]+)"/g),
        ].map((m) => m[1]),
      );
      expect(withMessage.has('tabs')).toBe(true); // the list was found
      const prompt = (m: ManifestAccess) => ({
        origins: [
          ...new Set([
            ...(m.permissions ?? []).filter((p) => p.includes('://') || p === '<all_urls>'),
            ...(m.host_permissions ?? []),
            ...(m.content_scripts ?? []).flatMap((c) => c.matches ?? []),
          ]),
        ].sort(),
        permissions: (m.permissions ?? []).filter((p) => withMessage.has(p)).sort(),
      });
      expect(prompt(now as ManifestAccess)).toEqual(prompt(before as ManifestAccess));
      // Every origin reaches all hosts (host "*" or none): one line, "Access your data for all websites".
      expect(prompt(now as ManifestAccess).origins.every((o) => /^[a-z*]+:\/\/\*?\//.test(o))).toBe(true);
      expect(prompt(now as ManifestAccess).permissions).toEqual([]);
      return;
    }
    const page = await fixture.session.openExtensionPage('popup.html?tab=none');
    const [warningsNow, warningsBefore] = await page.evaluate(
      async (manifests: string[]) => {
        type Api = { management: { getPermissionWarningsByManifest(manifest: string): Promise<string[]> } };
        const api = ((globalThis as { browser?: unknown }).browser ??
          (globalThis as { chrome?: unknown }).chrome) as Api;
        return Promise.all(manifests.map((m) => api.management.getPermissionWarningsByManifest(m)));
      },
      [JSON.stringify(now), JSON.stringify(before)],
    );
    await page.close();
    expect(warningsNow).toEqual(warningsBefore);
    // As the store shows it (docs/store-listing.md#permissions).
    expect(warningsNow).toEqual(['Read and change all your data on all websites']);
  });

  it('carries every icon its manifest declares, at its size', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'manifest.json'), 'utf8')) as {
      icons: Record<string, string>;
      action?: { default_icon: Record<string, string> };
      browser_action?: { default_icon: Record<string, string> };
    };
    const button = (manifest.action ?? manifest.browser_action)?.default_icon ?? {};
    expect(Object.keys(manifest.icons).sort()).toEqual(['128', '16', '32', '48', '96']);
    expect(Object.keys(button).sort()).toEqual(['16', '32']);
    // And the greyed twins the background puts on the button of a tab whose site is off.
    const off = { 16: 'icon/off-16.png', 32: 'icon/off-32.png' };
    for (const [size, path] of [...Object.entries(manifest.icons), ...Object.entries(button), ...Object.entries(off)]) {
      expect(pngSize(join(packageDir, path)), path).toEqual({ width: Number(size), height: Number(size) });
    }
  });

  it('repairs the demo page, and the toolbar button takes the greyed icon and back', async () => {
    const page = await fixture.openPage('demo-page.html');
    const [card] = await waitForCards(page);
    expect(card?.text).toContain(SEED.title);
    // The icon set the background swaps to when the site is off (src/background/start.ts),
    // accepted by this browser's own toolbar API from this package. (Chromium refuses a path it
    // cannot load; Firefox accepts any: the files themselves are checked above.)
    const { popup, tabId } = await openPopupFor(fixture.session, page.url());
    const results = await popup.evaluate(async (id: number) => {
      type Action = { setIcon(details: { tabId: number; path: Record<number, string> }): Promise<void> };
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as {
        action?: Action;
        browserAction?: Action;
      };
      const action = (api.action ?? api.browserAction)!;
      const outcomes: string[] = [];
      for (const path of [
        { 16: '/icon/off-16.png', 32: '/icon/off-32.png' },
        { 16: '/icon/16.png', 32: '/icon/32.png' },
      ]) {
        outcomes.push(
          await action.setIcon({ tabId: id, path }).then(
            () => 'set',
            (error: Error) => error.message,
          ),
        );
      }
      return outcomes;
    }, tabId);
    expect(results).toEqual(['set', 'set']);
    await popup.close();
    await page.close();
  });

  if (browserName === 'chromium') {
    it('takes the store screenshots at 1280 × 800 from the packaged extension', async () => {
      mkdirSync(STORE_SCREENSHOTS, { recursive: true });
      const shot = (file: string) => resolve(STORE_SCREENSHOTS, file);

      const page = await fixture.openPage('demo-page.html');
      await waitForCards(page);
      await showCard(page);
      await page.screenshot(shot('1-repaired-page.png'));

      const { popup } = await openPopupFor(fixture.session, page.url());
      await popup.waitFor(() => document.querySelectorAll('.archived-article .paragraph').length > 0);
      const popupPng = join(packageDir, '..', `${Date.now()}-popup.png`);
      await popup.screenshot(popupPng);
      await composePopupOverPage(fixture.session, shot('1-repaired-page.png'), popup, popupPng, shot('2-popup.png'));
      rmSync(popupPng, { force: true });

      const dark = await fixture.openPage('demo-dark.html');
      await waitForCards(dark);
      await showCard(dark);
      await dark.screenshot(shot('3-dark-page.png'));

      const articleId = await popup.evaluate(() =>
        document.querySelector('.archived-article')?.getAttribute('data-article-id'),
      );
      const reader = await fixture.session.openExtensionPage(`reader.html?article=${articleId}`);
      await reader.waitFor(() => document.querySelectorAll('.archived-article .paragraph').length > 0);
      await reader.screenshot(shot('4-reader.png'));

      const library = await fixture.session.openExtensionPage('reader.html');
      await library.waitFor(() => document.querySelectorAll('.library-item').length > 0);
      await library.fill('#library-search', 'russian socialist');
      await library.waitFor(() => document.querySelector('.library-item mark') !== null);
      await library.screenshot(shot('5-library.png'));

      for (const file of ['1-repaired-page', '2-popup', '3-dark-page', '4-reader', '5-library']) {
        expect(pngSize(shot(`${file}.png`)), file).toEqual(STORE_SIZE);
      }
      for (const p of [library, reader, dark, popup, page]) await p.close();
    });
  }

  if (browserName === 'firefox') {
    it('passes web-ext lint, warnings as errors', () => {
      // The same command as `npm run lint:ext`, on the unpacked package instead of the build folder.
      const output = execFileSync(
        resolve(ROOT, 'node_modules/.bin/web-ext'),
        [
          'lint',
          '--source-dir',
          packageDir,
          '--warnings-as-errors',
          '--no-input',
          '--output',
          'json',
          '--ignore-files',
          'chunks/readability-*.js',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const report = JSON.parse(output.slice(output.indexOf('{'))) as {
        count: number;
        errors: unknown[];
        warnings: unknown[];
      };
      expect({ errors: report.errors, warnings: report.warnings }).toEqual({ errors: [], warnings: [] });
    });

    it('comes with the sources a reviewer rebuilds it from', () => {
      const listed = new Set<string>();
      unzipSync(readFileSync(SOURCES), {
        filter: (file) => {
          listed.add(file.name);
          return false;
        },
      });
      for (const file of ['package.json', 'package-lock.json', 'wxt.config.ts', 'src/background/start.ts']) {
        expect(listed.has(file), file).toBe(true);
      }
      // The icons are in the sources as PNGs: rebuilding needs no browser.
      expect(listed.has('public/icon/16.png')).toBe(true);
    });
  }

  it('sends no request beyond localhost', async () => {
    // Everything above ran in this browser: the repairs, the popup, the reader and the library.
    // The proxy records what this browser sends (a request made on purpose reaches it), and got nothing else.
    const page = await fixture.openPage('demo-page.html');
    await expectNothingBeyondLocalhost(fixture.session, browserName, page);
    await page.close();
  });
});
