import type messages from '../../public/_locales/en/messages.json';
import { nativeBrowser } from '../messages/web-extension';

/**
 * Every user-visible string goes through _locales (public/_locales/<lang>/messages.json). The card
 * uses these in the content script, so they read the browser's own `i18n` (the same, synchronous
 * API in both browsers), not WXT's polyfill (src/messages/web-extension.ts).
 */
export type MessageKey = keyof typeof messages;

export function t(key: MessageKey, substitutions?: string | string[]): string {
  return nativeBrowser().i18n.getMessage(key, substitutions) || key;
}

/** A date in the browser's language, or the raw value when it does not parse. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  return new Intl.DateTimeFormat(nativeBrowser().i18n.getUILanguage(), {
    dateStyle: 'long',
    ...(dateOnly ? { timeZone: 'UTC' } : { timeStyle: 'short' }),
  }).format(date);
}
