import { browser } from 'wxt/browser';
import { startPopup } from '../../src/popup/popup';

void startPopup({ document, browser, search: location.search });
