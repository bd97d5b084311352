import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startContentScript } from '../src/content/start';

// An unlisted script, declared as the content script by wxt.config.ts: WXT's content-script
// wrapper would construct a ContentScriptContext, which announces the extension to every page
// and lets any page stop it (docs/security.md, "Detection" and "Switch-off").
export default defineUnlistedScript(() => {
  startContentScript(browser, document, window);
});
