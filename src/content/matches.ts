/**
 * The pages the content script runs on: any http(s) or file page, since a
 * broken embed can be on any of them (README.md, "Privacy and permissions").
 * wxt.config.ts declares the script with these in the manifest, and the store
 * listing's permission table is checked against them
 * (tests/unit/store-listing.test.ts).
 */
export const CONTENT_SCRIPT_MATCHES = ['http://*/*', 'https://*/*', 'file:///*'] as const;

/**
 * The content script the manifest declares: the first stage (entrypoints/content-script.ts),
 * on every page above.
 */
export const FIRST_STAGE_SCRIPT = 'content-script.js';

/**
 * The engine (entrypoints/content-engine.ts), injected by the background only into frames whose
 * first stage found a hook (src/background/engine-injection.ts). Not web-accessible: only the
 * extension itself can inject it.
 */
export const ENGINE_SCRIPT = 'content-engine.js';

/**
 * Learn as you read (src/learning/learn-from-page.ts, entrypoints/content-learner.ts), injected by
 * the background beside the engine only where learning is on for the page: it is off until the
 * user turns it on, so the engine does not carry it (docs/performance.md, "Size").
 */
export const LEARNER_SCRIPT = 'content-learner.js';

/**
 * The cards (entrypoints/content-cards.ts: renderers and their style sheets), injected by the
 * background into a frame whose engine is about to mount its first card
 * (src/content/cards-on-demand.ts): most pages the engine runs on need none, so the engine does
 * not carry them (docs/performance.md, "Two stages").
 */
export const CARDS_SCRIPT = 'content-cards.js';
