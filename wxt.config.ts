import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import { listPackagedArchiveFiles } from './src/archive/packaged-files';

// https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // WXT_OUT_DIR lets parallel checkouts and benchmarks build side by side.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  // Chrome gets MV3; Firefox keeps WXT's default MV2 so that <all_urls> content
  // scripts are granted at install (Firefox MV3 makes host access opt-in).
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Only what the features need (see README, "Privacy and permissions"):
    // storage holds the per-site switch. Nothing else.
    permissions: ['storage'],
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
    // The content script is built as an unlisted script (entrypoints/content-script.ts) and declared
    // here, as defineContentScript would have: WXT's content-script wrapper constructs a
    // ContentScriptContext, which announces the extension on every page's document and window and
    // stops when a page repeats that announcement (docs/security.md, "Detection", "Switch-off").
    'build:manifestGenerated': (_wxt, manifest) => {
      manifest.content_scripts = [
        ...(manifest.content_scripts ?? []),
        { matches: ['http://*/*', 'https://*/*', 'file:///*'], js: ['content-script.js'], run_at: 'document_idle' },
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
