import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import { listPackagedArchiveFiles } from './src/archive/packaged-files';
import { CONTENT_SCRIPT_MATCHES, FIRST_STAGE_SCRIPT } from './src/content/matches';
import { iconSet } from './src/background/icons';

// https://wxt.dev/api/config.html
export default defineConfig({
  // The polyfill is for the background and the extension's pages, which import `browser` from
  // 'wxt/browser'. The content script (both stages) uses the browser's own API object without it
  // (docs/performance.md, "Two stages": Firefox's `browser` and Chrome MV3's `chrome` return promises).
  modules: ['@wxt-dev/webextension-polyfill'],
  // No auto-imports: every file imports what it uses. WXT's unimport plugin still transforms files
  // when imports is false (https://github.com/wxt-dev/wxt/issues/2206) and takes a parameter named
  // `browser` for the global, adding `import { browser } from 'wxt/browser'` (the polyfill, ~10 KB)
  // to the file: its autoImport is switched off in the `config:resolved` hook below.
  imports: false,
  // WXT_OUT_DIR lets parallel checkouts and benchmarks build side by side.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  // Chrome gets MV3; Firefox keeps WXT's default MV2 so that <all_urls> content
  // scripts are granted at install (Firefox MV3 makes host access opt-in).
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Only what the features need, each justified in docs/store-listing.md#permissions
    // (a test compares the two): storage holds the per-site switch; the engine is injected by
    // the background into pages whose first stage found a possible embed (docs/performance.md,
    // "Two stages"), with `scripting` and host access in Chrome (MV3) and host access in
    // Firefox (MV2's tabs.executeScript), for exactly the pages the content script runs on.
    // The install warning stays the one the content script's matches already give
    // (tests/e2e/store-package.e2e.test.ts, "permission warnings").
    permissions: browser === 'firefox' ? ['storage', ...CONTENT_SCRIPT_MATCHES] : ['storage', 'scripting'],
    host_permissions: browser === 'firefox' ? undefined : [...CONTENT_SCRIPT_MATCHES],
    // Drawn from assets/icon/icon.svg by `npm run icons` (the toolbar button's
    // are set in the hook below).
    icons: iconSet('on'),
    action: { default_title: '__MSG_actionTitle__' },
    commands: {
      'toggle-site': {
        suggested_key: { default: 'Alt+Shift+M' },
        description: '__MSG_commandToggleSite__',
      },
    },
    // Extension pages may only load and connect to the extension itself:
    // the browser enforces "no network requests" for popup and background.
    content_security_policy:
      browser === 'firefox'
        ? "script-src 'self'; object-src 'self'; connect-src 'self'; img-src 'self' data:; default-src 'self'"
        : {
            extension_pages:
              "script-src 'self'; object-src 'self'; connect-src 'self'; img-src 'self' data:; default-src 'self'",
          },
    browser_specific_settings:
      browser === 'firefox'
        ? {
            gecko: {
              id: 'tweet-mender@tweet-mender.org',
              // 140 is the first ESR with data_collection_permissions.
              strict_min_version: '140.0',
              // https://extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          }
        : undefined,
  }),
  hooks: {
    'config:resolved': (wxt) => {
      Object.assign(wxt.config.imports, { autoImport: false });
    },
    // The toolbar button's icon, for MV3's action and MV2's browser_action alike:
    // WXT builds Firefox's browser_action from the popup entrypoint and drops
    // an icon given under action. The background swaps it for the greyed twin
    // on tabs whose site is switched off (src/background/start.ts).
    // The content script (the first stage; the engine it brings in is injected by the background)
    // is built as an unlisted script (entrypoints/content-script.ts) and declared
    // here, as defineContentScript would have: WXT's content-script wrapper constructs a
    // ContentScriptContext, which announces the extension on every page's document and window and
    // stops when a page repeats that announcement (docs/security.md, "Detection", "Switch-off").
    'build:manifestGenerated': (_wxt, manifest) => {
      for (const action of [manifest.action, manifest.browser_action]) {
        if (action) action.default_icon = iconSet('on', [16, 32]);
      }
      manifest.content_scripts = [
        ...(manifest.content_scripts ?? []),
        { matches: [...CONTENT_SCRIPT_MATCHES], js: [FIRST_STAGE_SCRIPT], run_at: 'document_idle' },
      ];
    },
    // The packaged archive is generated into assets/archive/packaged/ by
    // `npm run archive:build`; ship those files as-is under /archive/ so the
    // background can read only the shards a lookup needs.
    'build:publicAssets': (_wxt, files) => {
      const root = resolve(import.meta.dirname, 'assets/archive/packaged');
      for (const rel of listPackagedArchiveFiles(root)) {
        files.push({ absoluteSrc: resolve(root, rel), relativeDest: `archive/${rel}` });
      }
    },
  },
  webExt: {
    binaries: { chrome: '/usr/bin/chromium', firefox: 'firefox-esr' },
    startUrls: ['http://127.0.0.1:8717/'],
  },
});
