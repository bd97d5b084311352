/**
 * The pages the content script runs on: any http(s) or file page, since a
 * broken embed can be on any of them (README.md, "Privacy and permissions").
 * wxt.config.ts declares the script with these in the manifest, and the store
 * listing's permission table is checked against them
 * (tests/unit/store-listing.test.ts).
 */
export const CONTENT_SCRIPT_MATCHES = ['http://*/*', 'https://*/*', 'file:///*'] as const;
