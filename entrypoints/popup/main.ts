import { browser } from 'wxt/browser';
import { localizeDocument } from '../../src/i18n/localize-document';
import { startPopup } from '../../src/popup/popup';

localizeDocument(document);
void startPopup({
  document,
  browser,
  search: location.search,
  close: () => window.close(),
  writeClipboard: (text) => navigator.clipboard.writeText(text),
});
