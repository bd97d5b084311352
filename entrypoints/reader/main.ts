import { browser } from 'wxt/browser';
import { localizeDocument } from '../../src/i18n/localize-document';
import { startReaderPage } from '../../src/reader/reader-page';

localizeDocument(document);
void startReaderPage({
  document,
  browser,
  search: location.search,
  writeClipboard: (text) => navigator.clipboard.writeText(text),
});
