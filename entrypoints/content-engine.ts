import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { claimDocument } from '../src/content/engine-once';
import { startContentScript } from '../src/content/start';
import { nativeBrowser } from '../src/messages/web-extension';

// The engine, injected by the background into a frame whose first stage found a hook
// (src/background/engine-injection.ts). An unlisted script: WXT's content-script wrapper would
// construct a ContentScriptContext, which announces the extension to every page and lets any
// page stop it (docs/security.md, "Detection" and "Switch-off"). The browser's own API object,
// without WXT's polyfill (nativeBrowser).
export default defineUnlistedScript(() => {
  const browser = nativeBrowser();
  if (!claimDocument(globalThis, () => browser.runtime.id !== undefined)) return;
  startContentScript(browser, document, window, globalThis);
});
