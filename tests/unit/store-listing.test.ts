/**
 * docs/store-listing.md against what the extension declares: every access the
 * manifest asks for (wxt.config.ts's permissions, and the content script's
 * matches) is justified in its "Permissions" table for that browser, and the
 * table justifies nothing that is not asked for. The end-to-end test
 * tests/e2e/store-package.e2e.test.ts makes the same comparison on the
 * manifests inside the built packages (which is where anything WXT adds
 * would show). Also: the store-facing texts fit the stores' limits.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SCRIPT_MATCHES } from '../../src/content/matches';
import { listAsked, listJustified, type Browser, type ManifestAccess } from './helpers/permissions';

const LISTING = readFileSync('docs/store-listing.md', 'utf8');

/** The manifest's access for a browser, as wxt.config.ts and src/content/matches.ts declare it. */
async function declaredAccess(browser: Browser): Promise<ManifestAccess> {
  const { default: config } = await import('../../wxt.config');
  const env = { browser, manifestVersion: browser === 'chrome' ? 3 : 2, mode: 'production', command: 'build' } as const;
  const manifest = (typeof config.manifest === 'function' ? await config.manifest(env) : config.manifest) ?? {};
  // The content script is declared by a build hook (wxt.config.ts), from this list.
  return { ...(manifest as ManifestAccess), content_scripts: [{ matches: [...CONTENT_SCRIPT_MATCHES] }] };
}

describe('the store listing', () => {
  // Loading wxt.config.ts loads WXT itself: a generous timeout on a busy machine, not a threshold.
  it.each(['chrome', 'firefox'] as const)(
    'justifies exactly what the %s manifest asks for',
    { timeout: 60_000 },
    async (browser) => {
      const justified = listJustified(LISTING, browser);
      expect(justified.length).toBeGreaterThan(0);
      expect(listAsked(await declaredAccess(browser))).toEqual(justified);
    },
  );

  it.each(['chrome', 'firefox'] as const)(
    'keeps the %s manifest closed: no remote code or connections, nothing a page can load or message, no data collected',
    { timeout: 60_000 },
    async (browser) => {
      const { default: config } = await import('../../wxt.config');
      const env = {
        browser,
        manifestVersion: browser === 'chrome' ? 3 : 2,
        mode: 'production',
        command: 'build',
      } as const;
      const manifest = (typeof config.manifest === 'function' ? await config.manifest(env) : {}) as Record<
        string,
        unknown
      >;
      const csp = manifest.content_security_policy;
      const policy = typeof csp === 'string' ? csp : (csp as { extension_pages?: string } | undefined)?.extension_pages;
      const directives = Object.fromEntries(
        (policy ?? '').split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values];
        }),
      );
      expect(directives['connect-src']).toEqual(["'self'"]);
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['default-src']).toEqual(["'self'"]);
      expect(manifest.web_accessible_resources).toBeUndefined();
      expect(manifest.externally_connectable).toBeUndefined();
      if (browser === 'firefox') {
        const gecko = (manifest.browser_specific_settings as { gecko?: Record<string, unknown> }).gecko;
        expect(gecko?.data_collection_permissions).toEqual({ required: ['none'] });
      }
    },
  );

  it('tells what a manifest asks for apart, in MV3 and MV2 shapes', () => {
    // The comparison itself, on made-up manifests: host access is found wherever a manifest version puts it.
    expect(
      listAsked({
        permissions: ['storage', 'scripting'],
        host_permissions: ['<all_urls>'],
        content_scripts: [{ matches: ['https://*/*'] }],
      }),
    ).toEqual([
      'content script: https://*/*',
      'host permission: <all_urls>',
      'permission: scripting',
      'permission: storage',
    ]);
    expect(listAsked({ permissions: ['storage', '<all_urls>', 'https://example.com/*'] })).toEqual([
      'host permission: <all_urls>',
      'host permission: https://example.com/*',
      'permission: storage',
    ]);
    const table = [
      '## Permissions',
      '| Asked | Kind | Browsers | Why |',
      '| --- | --- | --- | --- |',
      '| `storage` | permission | Chrome, Firefox | settings |',
      '| `scripting` | permission | Chrome | a reason |',
      '| `tabs` | permission | Chrome, Firefox |  |',
      '## Next',
    ].join('\n');
    expect(listJustified(table, 'chrome')).toEqual(['permission: scripting', 'permission: storage']);
    // A row with no reason justifies nothing.
    expect(listJustified(table, 'firefox')).toEqual(['permission: storage']);
  });

  it('has a name and a short description within the stores’ limits, in every language', () => {
    for (const locale of ['en', 'ru']) {
      const messages = JSON.parse(readFileSync(`public/_locales/${locale}/messages.json`, 'utf8')) as Record<
        string,
        { message: string }
      >;
      // Chrome Web Store: description 132 characters at most; listing title 45; AMO: name 50.
      expect([...(messages.extDescription?.message ?? '')].length, locale).toBeLessThanOrEqual(132);
      expect([...(messages.extName?.message ?? '')].length, locale).toBeLessThanOrEqual(45);
    }
  });
});
