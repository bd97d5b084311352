/**
 * The reader's tools: text size, copy the text, copy a citation, and (in the
 * popup) open the same reader in a tab.
 */
import type { ArchivedArticle } from '../archive/schema';
import { t } from '../i18n/t';
import { createButton, createElement } from '../ui/dom';
import { formatCitation, formatPlainText } from './citation';

/** Text sizes offered, in percent of the default. */
export const TEXT_SIZES = [80, 90, 100, 115, 130, 150, 175] as const;

export interface ReaderToolsOptions {
  article: ArchivedArticle;
  textSize: number;
  /** Applies and remembers a new text size. */
  setTextSize: (size: number) => void;
  writeClipboard: (text: string) => Promise<void>;
  /** Present in the popup only. */
  openInTab?: () => void;
}

export function renderReaderTools(document: Document, options: ReaderToolsOptions): HTMLElement {
  const tools = createElement(document, 'div', {
    className: 'reader-tools',
    attrs: { role: 'group', 'aria-label': t('readerToolsLabel') },
  });
  const status = createElement(document, 'p', { className: 'tool-status', attrs: { role: 'status' } });
  let size = closestSize(options.textSize);

  // The visible "A−" stays part of the accessible name (WCAG 2.5.3, label in name).
  const smaller = createButton(document, 'A−', 'tool text-smaller');
  smaller.append(createElement(document, 'span', { className: 'visually-hidden', text: ` ${t('readerTextSmaller')}` }));
  const larger = createButton(document, 'A+', 'tool text-larger');
  larger.append(createElement(document, 'span', { className: 'visually-hidden', text: ` ${t('readerTextLarger')}` }));
  const updateSizeButtons = () => {
    smaller.disabled = size === TEXT_SIZES[0];
    larger.disabled = size === TEXT_SIZES[TEXT_SIZES.length - 1];
  };
  const step = (direction: -1 | 1) => {
    const index = TEXT_SIZES.indexOf(size as (typeof TEXT_SIZES)[number]);
    size = TEXT_SIZES[Math.max(0, Math.min(TEXT_SIZES.length - 1, index + direction))] as number;
    options.setTextSize(size);
    updateSizeButtons();
    status.textContent = t('readerTextSize', String(size));
  };
  smaller.addEventListener('click', () => step(-1));
  larger.addEventListener('click', () => step(1));
  updateSizeButtons();

  const copy = (text: string) => {
    options.writeClipboard(text).then(
      () => (status.textContent = t('readerCopied')),
      () => (status.textContent = t('readerCopyFailed')),
    );
  };
  const copyText = createButton(document, t('readerCopyText'), 'tool copy-text');
  copyText.addEventListener('click', () => copy(formatPlainText(options.article)));
  const copyCitation = createButton(document, t('readerCopyCitation'), 'tool copy-citation');
  copyCitation.addEventListener('click', () => copy(formatCitation(options.article)));

  tools.append(smaller, larger, copyText, copyCitation);
  if (options.openInTab) {
    const open = createButton(document, t('readerOpenInTab'), 'tool open-in-tab');
    open.addEventListener('click', options.openInTab);
    tools.append(open);
  }
  tools.append(status);
  return tools;
}

function closestSize(size: number): number {
  return TEXT_SIZES.reduce((best, s) => (Math.abs(s - size) < Math.abs(best - size) ? s : best), 100);
}
