import { browser } from 'wxt/browser';
import { localizeDocument } from '../../src/i18n/localize-document';
import { startOptions } from '../../src/options/options';

localizeDocument(document);
void startOptions({ document, browser });
