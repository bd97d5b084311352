/**
 * The extension API object every part that talks to the browser is handed
 * (WXT's `browser`, or WXT's fakeBrowser in tests), as a type only. It lives
 * apart from the protocol so that the settings, which the protocol's
 * messages carry, can take it without importing the protocol back.
 */
import type { browser } from 'wxt/browser';

export type WebExtension = typeof browser;
