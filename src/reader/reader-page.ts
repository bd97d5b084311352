/**
 * The reader page, reader.html?article=<id>: the popup's reader in a tab, for
 * long reading. Everything comes from the extension's own archive.
 */
import { sendToBackground, type WebExtension } from '../messages/protocol';
import { readSettings, updateSettings } from '../sites/settings';
import { t } from '../i18n/t';
import { createElement } from '../ui/dom';
import { renderReaderArticle } from './render-reader';
import { renderReaderTools } from './reader-tools';

export interface ReaderPageOptions {
  document: Document;
  browser: WebExtension;
  search: string;
  writeClipboard: (text: string) => Promise<void>;
}

export async function startReaderPage({ document, browser, search, writeClipboard }: ReaderPageOptions): Promise<void> {
  const main = document.getElementById('app') as HTMLElement;
  const articleId = new URLSearchParams(search).get('article');
  const article = articleId
    ? await sendToBackground(browser, { type: 'get-article', articleId }).catch(() => null)
    : null;
  if (!article) {
    main.replaceChildren(createElement(document, 'p', { className: 'not-found', text: t('readerNotFound') }));
    main.setAttribute('aria-busy', 'false');
    return;
  }
  const tweetIds = article.embeds.map((e) => e.tweetId).filter((id): id is string => !!id);
  const tweets = tweetIds.length
    ? await sendToBackground(browser, { type: 'get-tweets', ids: tweetIds }).catch(() => [])
    : [];
  const settings = await readSettings();
  const reader = createElement(document, 'div', { className: 'reader' });
  reader.style.setProperty('--reader-scale', String(settings.readerTextSize / 100));
  reader.append(
    renderReaderTools(document, {
      article,
      textSize: settings.readerTextSize,
      setTextSize: (size) => {
        reader.style.setProperty('--reader-scale', String(size / 100));
        void updateSettings((s) => ({ ...s, readerTextSize: size }));
      },
      writeClipboard,
    }),
    renderReaderArticle(document, {
      article,
      tweets: new Map(tweets.map((tweet) => [tweet.id, tweet])),
      headingLevel: 1,
    }),
  );
  document.title = t('readerPageTitle', article.title);
  main.replaceChildren(reader);
  main.setAttribute('aria-busy', 'false');
}
