import { t, type MessageKey } from './t';

/**
 * Static text in extension pages is written in English in the HTML and marked
 * with data-i18n (text), data-i18n-label (aria-label) or data-i18n-placeholder;
 * this puts the browser's language in, and sets <html lang> and dir.
 */
export function localizeDocument(document: Document): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n as MessageKey);
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel as MessageKey));
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-placeholder]')) {
    el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder as MessageKey));
  }
  document.documentElement.lang = t('@@ui_locale' as MessageKey).replace('_', '-');
  document.documentElement.dir = t('@@bidi_dir' as MessageKey);
}
