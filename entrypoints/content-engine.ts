import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { claimDocument } from '../src/content/engine-once';
import { startContentScript } from '../src/content/start';

// The engine, injected by the background into a frame whose first stage found a hook
// (src/background/engine-injection.ts). An unlisted script: WXT's content-script wrapper would
// construct a ContentScriptContext, which announces the extension to every page and lets any
// page stop it (docs/security.md, "Detection" and "Switch-off").
export default defineUnlistedScript(() => {
  if (!claimDocument(globalThis, () => browser.runtime.id !== undefined)) return;
  startContentScript(browser, document, window);
});
