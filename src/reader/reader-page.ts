/**
 * The reader page, for long reading in a tab, from the extension's own
 * archive only:
 *   reader.html?article=<id>   an archived article (the popup's reader, larger)
 *   reader.html?tweet=<id>     an archived tweet, and the articles it was embedded in
 *   reader.html                the library: browse and search everything archived
 */
import type { ArchivedTweet } from '../archive/schema';
import { renderLibraryView } from '../library/library-view';
import { sendToBackground } from '../messages/protocol';
import type { WebExtension } from '../messages/web-extension';
import { readSettings, updateSettings } from '../sites/settings';
import { t } from '../i18n/t';
import { createElement } from '../ui/dom';
import { renderReaderArticle } from './render-reader';
import { renderReaderTools } from './reader-tools';
import { renderTweet } from '../tweet-view/tweet-view';

export interface ReaderPageOptions {
  document: Document;
  browser: WebExtension;
  search: string;
  writeClipboard: (text: string) => Promise<void>;
}

export async function startReaderPage(options: ReaderPageOptions): Promise<void> {
  const { document, browser } = options;
  const main = document.getElementById('app') as HTMLElement;
  const params = new URLSearchParams(options.search);
  const articleId = params.get('article');
  const tweetId = params.get('tweet');
  let view: HTMLElement | null;
  if (articleId) view = await renderArticleView(options, articleId);
  else if (tweetId) view = await renderTweetView(options, tweetId);
  else {
    document.title = `${t('libraryHeading')} · Tweet Mender`;
    view = renderLibraryView(
      document,
      (query, offset, limit) => sendToBackground(browser, { type: 'search-library', query, offset, limit }),
      params.get('q') ?? '',
    );
  }
  main.replaceChildren(view ?? createElement(document, 'p', { className: 'not-found', text: t('readerNotFound') }));
  main.setAttribute('aria-busy', 'false');
}

async function renderArticleView(
  { document, browser, writeClipboard }: ReaderPageOptions,
  articleId: string,
): Promise<HTMLElement | null> {
  const article = await sendToBackground(browser, { type: 'get-article', articleId }).catch(() => null);
  if (!article) return null;
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
  return reader;
}

async function renderTweetView({ document, browser }: ReaderPageOptions, tweetId: string): Promise<HTMLElement | null> {
  const [tweet] = await sendToBackground(browser, { type: 'get-tweets', ids: [tweetId] }).catch(
    () => [] as ArchivedTweet[],
  );
  if (!tweet) return null;
  const author = tweet.author?.handle ? `@${tweet.author.handle}` : (tweet.author?.name ?? tweet.id);
  const view = createElement(document, 'div', { className: 'reader tweet-view' });
  view.append(
    createElement(document, 'h1', { className: 'title', text: t('readerTweetHeading', author) }),
    renderTweet(document, tweet),
  );
  if (tweet.appearsIn.length) {
    const list = createElement(document, 'ul', { className: 'appears-in' });
    for (const { articleId } of tweet.appearsIn) {
      const article = await sendToBackground(browser, { type: 'get-article', articleId }).catch(() => null);
      if (!article) continue;
      const link = createElement(document, 'a', { text: article.title });
      link.href = `reader.html?article=${encodeURIComponent(article.id)}`;
      list.append(createElement(document, 'li', {}, link));
    }
    view.append(createElement(document, 'h2', { text: t('readerAppearsIn') }), list);
  }
  document.title = t('readerPageTitle', author);
  return view;
}
