/**
 * Where the settings are stored (WXT's item is `local:settings`). A file of its own so that the
 * content script's first stage can watch the key without bringing in anything else
 * (src/content/first-stage.ts).
 */
export const SETTINGS_AREA = 'local';
export const SETTINGS_KEY = 'settings';
