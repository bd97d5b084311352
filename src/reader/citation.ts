/**
 * Plain-text forms of an archived article, for "copy text" and "copy
 * citation". Unknown parts are left out, never guessed.
 */
import type { ArchivedArticle } from '../archive/schema';
import { formatDate, t } from '../i18n/t';

export function formatPlainText(article: ArchivedArticle): string {
  return [article.title, '', ...article.paragraphs.flatMap((p) => [p, '']), formatCitation(article)].join('\n');
}

/** Byline. "Title". Site, published date. Archived copy (source), captured date. URL */
export function formatCitation(article: ArchivedArticle): string {
  const source = article.sources[0];
  const parts: string[] = [];
  if (article.byline) parts.push(`${article.byline}.`);
  parts.push(`“${article.title}”.`);
  const where = [article.siteName, article.publishedAt ? formatDate(article.publishedAt) : null].filter(Boolean);
  if (where.length) parts.push(`${where.join(', ')}.`);
  const archived = [
    source?.note ? t('citationArchivedCopyOf', source.note) : t('citationArchivedCopy'),
    source?.capturedAt ? t('cardCaptured', formatDate(source.capturedAt)) : null,
  ].filter(Boolean);
  parts.push(`${archived.join(', ')}.`);
  if (article.urls[0]) parts.push(article.urls[0]);
  return parts.join(' ');
}
