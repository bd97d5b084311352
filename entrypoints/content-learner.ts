import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { claimDocument } from '../src/content/engine-once';
import { learnAsYouRead } from '../src/learning/learn-from-page';
import { nativeBrowser } from '../src/messages/web-extension';

// Learn as you read (issue 14), injected by the background beside the engine, in the same call,
// where learning is on for the page (src/background/engine-injection.ts): the page's embed code is
// read now. Off until the user turns it on, so the engine does not carry it (docs/performance.md,
// "Size"). Once per document, as the engine (src/content/engine-once.ts).
export default defineUnlistedScript(() => {
  const browser = nativeBrowser();
  if (!claimDocument(globalThis, () => browser.runtime.id !== undefined, 'learner')) return;
  learnAsYouRead(browser, document, window);
});
