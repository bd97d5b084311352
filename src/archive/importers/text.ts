import type { ArchivedArticle, ArchivedEmbed } from '../schema';
import { articleIdFor } from '../ids';
import { isFallbackText } from '../../embeds/fallback-text';
import { parseTweetUrl } from '../../embeds/tweet-url';

/** What a text source cannot say about itself; kept in a `<name>.meta.json` beside it. */
export interface TextSourceMeta {
  siteName?: string | null;
  url?: string | null;
  lang?: string | null;
  byline?: string | null;
  publishedAt?: string | null;
  capturedAt?: string | null;
  note?: string | null;
}

/**
 * A plain-text (or Markdown) article as a reader saw it: the title on the first
 * line, then paragraphs separated by blank lines. A block made only of embed
 * fallback lines ("Loading Tweet ...", "Tweet not loading? See it directly on
 * Twitter") is not article text: it records where the embed stood. Paragraphs
 * are kept exactly as written; only the line endings are normalised.
 */
export function importTextArticle(
  content: string,
  file: string,
  meta: TextSourceMeta = {},
  format: 'text' | 'markdown' = 'text',
): ArchivedArticle {
  const blocks = content
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.replace(/^\n+|\n+$/g, ''))
    .filter((block) => block.trim().length > 0);
  const [rawTitle, ...rest] = blocks;
  if (rawTitle === undefined) throw new Error(`${file}: no text`);
  const title = format === 'markdown' ? rawTitle.replace(/^#{1,6}\s+/, '') : rawTitle;

  const paragraphs: string[] = [];
  const embeds: ArchivedEmbed[] = [];
  for (const block of rest) {
    const lines = block.split('\n');
    if (lines.every((line) => isFallbackText(line) || isBareTweetUrl(line))) {
      const tweet = lines.map((line) => parseTweetUrl(line.trim())).find((ref) => ref !== null);
      embeds.push({
        position: paragraphs.length,
        tweetId: tweet?.id ?? null,
        fallbackText: lines.filter((line) => !isBareTweetUrl(line)),
      });
    } else {
      paragraphs.push(block);
    }
  }
  const url = meta.url ?? null;
  return {
    v: 1,
    id: articleIdFor(url, title, paragraphs[0] ?? ''),
    title,
    urls: url ? [url] : [],
    siteName: meta.siteName ?? null,
    byline: meta.byline ?? null,
    lang: meta.lang ?? null,
    publishedAt: meta.publishedAt ?? null,
    paragraphs,
    embeds,
    sources: [{ format, file, capturedAt: meta.capturedAt ?? null, sourceUrl: url, note: meta.note ?? null }],
  };
}

function isBareTweetUrl(line: string): boolean {
  return parseTweetUrl(line.trim()) !== null;
}
