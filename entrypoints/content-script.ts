import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { FIRST_STAGE_SELECTOR } from '../src/content/first-stage-selector';
import { startFirstStage, type FirstStageBrowser } from '../src/content/first-stage';
import { SETTINGS_AREA, SETTINGS_KEY } from '../src/sites/settings-key';

// The content script the manifest declares (wxt.config.ts): the first stage, which brings in the
// engine (content-engine.ts) only on pages that may hold a tweet embed. It uses the browser's own
// API object, without WXT's polyfill: Chrome's MV3 `chrome.*` and Firefox's `browser.*` both
// return promises (docs/performance.md, "Two stages").
export default defineUnlistedScript(() => {
  const api = globalThis as unknown as { browser?: FirstStageBrowser; chrome?: FirstStageBrowser };
  startFirstStage({
    document,
    window,
    browser: (api.browser ?? api.chrome) as FirstStageBrowser,
    selector: FIRST_STAGE_SELECTOR,
    settings: { area: SETTINGS_AREA, key: SETTINGS_KEY },
  });
});
