/**
 * The reader: an archived article laid out for reading, with its title,
 * byline, dates, provenance ("archived copy of <source>, captured <date>"), the
 * text with its embeds in place, and the sources it was built from. Shared by
 * the popup and the reader page (reader.html?article=<id>).
 */
import type { ArchivedArticle, ArchivedTweet } from '../archive/schema';
import { formatDate, t } from '../i18n/t';
import { createElement, createExternalLink } from '../ui/dom';
import { renderArticleBody } from './render-article';
import { hostOf } from '../util/host-of';

export interface ReaderContent {
  article: ArchivedArticle;
  /** Archived tweets embedded in the article, shown in place. */
  tweets: ReadonlyMap<string, ArchivedTweet>;
  /** Heading level of the title: 1 on the reader page, 3 in the popup. */
  headingLevel: 1 | 2 | 3;
}

export function renderReaderArticle(document: Document, { article, tweets, headingLevel }: ReaderContent): HTMLElement {
  const root = createElement(document, 'article', {
    className: 'archived-article',
    attrs: { 'data-article-id': article.id },
  });
  if (article.lang) root.lang = article.lang;
  root.dir = 'auto';

  const header = createElement(document, 'header', { className: 'article-header' });
  header.append(createElement(document, `h${headingLevel}`, { className: 'title', text: article.title }));
  const meta = [article.byline, article.publishedAt ? t('readerPublished', formatDate(article.publishedAt)) : null];
  const byline = meta.filter((part): part is string => !!part);
  if (byline.length) header.append(createElement(document, 'p', { className: 'byline', text: byline.join(' · ') }));
  header.append(createElement(document, 'p', { className: 'provenance', text: describeArchivedCopy(article) }));
  if (article.urls[0]) {
    header.append(
      createElement(
        document,
        'p',
        { className: 'source-link' },
        createExternalLink(document, article.urls[0], t('cardOpenArticle'), 'article'),
      ),
    );
  }
  root.append(header);

  const body = createElement(document, 'div', { className: 'body' });
  body.append(renderArticleBody(document, article, tweets));
  root.append(body);

  const sources = createElement(document, 'footer', { className: 'sources' });
  const sourcesHeading = `h${headingLevel + 1}` as 'h2' | 'h3' | 'h4';
  sources.append(createElement(document, sourcesHeading, { className: 'sources-heading', text: t('readerSources') }));
  const list = createElement(document, 'ul');
  for (const source of article.sources) {
    const parts = [
      source.note,
      source.file,
      source.capturedAt ? t('cardCaptured', formatDate(source.capturedAt)) : null,
    ];
    list.append(createElement(document, 'li', { text: parts.filter(Boolean).join(' · ') }));
  }
  sources.append(list);
  root.append(sources);
  return root;
}

/** "Archived copy of World Socialist Web Site, captured 9 March 2022" */
export function describeArchivedCopy(article: ArchivedArticle): string {
  const source = article.siteName ?? hostOf(article.urls[0]) ?? t('readerUnknownSource');
  const capturedAt = article.sources.map((s) => s.capturedAt).find((d): d is string => !!d);
  return capturedAt ? t('readerProvenance', [source, formatDate(capturedAt)]) : t('readerProvenanceUndated', source);
}
