import { browser } from 'wxt/browser';
import { localizeDocument } from '../../src/i18n/localize-document';
import { startOptions } from '../../src/options/options';

localizeDocument(document);
document.title = document.querySelector('h1')?.textContent ?? document.title;
void startOptions({ document, browser });
