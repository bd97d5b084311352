/**
 * Finds the archived context of a broken embed: by tweet id when the archive
 * has the tweet, by the page's URL when the archive knows it, and by the
 * article's own text (title and the paragraphs around the embed) so that a
 * mirror or a saved copy of the article on any host matches too. The
 * question and the answer are the lookup message's shapes (src/messages/lookup.ts).
 */
import type { ArchiveReader } from './packaged-archive';
import type { ArchivedArticle, ArchivedTweet } from './schema';
import type { ArticleSummary, EmbedMatch, EmbedQuery, PageQuery } from '../messages/lookup';
import { compareText } from '../util/compare-text';

/** A text match needs this much evidence: two paragraphs, or a paragraph and the title. */
const MIN_TEXT_SCORE = 2;

export async function matchEmbed(
  archive: ArchiveReader,
  page: PageQuery,
  query: EmbedQuery,
): Promise<EmbedMatch | null> {
  const tweet = query.tweetId ? await archive.getTweet(query.tweetId) : null;
  const urlHits = (await Promise.all(page.urls.map((u) => archive.findArticlesByUrl(u)))).flat();
  const candidate = await pickArticle(archive, page, query, tweet, urlHits);
  if (!candidate && !tweet) return null;
  const article = candidate ? await archive.getArticle(candidate.articleId) : null;
  const by = tweet ? 'tweet' : (candidate?.by ?? 'text');
  if (!article) return { by, tweet, article: null, passage: null };
  const position = candidate?.position ?? null;
  return {
    by,
    tweet,
    article: summarizeArticle(article),
    passage: position === null ? null : passageAt(article, position),
  };
}

interface Candidate {
  articleId: string;
  by: 'tweet' | 'url' | 'text';
  position: number | null;
}

async function pickArticle(
  archive: ArchiveReader,
  page: PageQuery,
  query: EmbedQuery,
  tweet: ArchivedTweet | null,
  urlHits: string[],
): Promise<Candidate | null> {
  const [before, after, titles] = await Promise.all([
    Promise.all(query.before.map((fp) => archive.findText(fp))),
    Promise.all(query.after.map((fp) => archive.findText(fp))),
    Promise.all(page.titles.map((fp) => archive.findText(fp))),
  ]);

  const scores = new Map<string, number>();
  const bump = (id: string, by: number) => scores.set(id, (scores.get(id) ?? 0) + by);
  for (const hits of [...before, ...after]) for (const id of new Set(hits.map(([a]) => a))) bump(id, 1);
  for (const id of new Set(
    titles
      .flat()
      .filter(([, i]) => i === -1)
      .map(([a]) => a),
  ))
    bump(id, 1);
  for (const id of new Set(urlHits)) bump(id, 2);

  // Where the embed stood: just after the nearest matching paragraph before
  // it, or just before the nearest matching paragraph after it.
  const positionIn = (articleId: string): number | null => {
    for (const hits of before) for (const [a, i] of hits) if (a === articleId && i >= 0) return i + 1;
    for (const hits of after) for (const [a, i] of hits) if (a === articleId && i >= 0) return i;
    return null;
  };

  // A tweet the archive knows, in an article the page also matches (or the only article that records it): its
  // recorded place wins. An article may embed the same tweet more than once; then the recorded place nearest to
  // where the text around the embed puts it (the first one when the text says nothing).
  const places = tweet?.appearsIn ?? [];
  const articlesOfTweet = [...new Set(places.map(({ articleId }) => articleId))];
  for (const articleId of articlesOfTweet) {
    if (!scores.has(articleId) && articlesOfTweet.length !== 1) continue;
    const article = await archive.getArticle(articleId);
    const recorded = places
      .filter((place) => place.articleId === articleId)
      .map(({ embedIndex }) => article?.embeds[embedIndex]?.position)
      .filter((position) => position !== undefined);
    const [first] = recorded;
    if (first === undefined) continue;
    const near = positionIn(articleId);
    const position =
      near === null
        ? first
        : recorded.reduce((best, p) => (Math.abs(p - near) < Math.abs(best - near) ? p : best), first);
    return { articleId, by: 'tweet', position };
  }

  let best: Candidate | null = null;
  let bestScore = 0;
  for (const [articleId, score] of [...scores.entries()].sort(([a], [b]) => compareText(a, b))) {
    if (score < MIN_TEXT_SCORE || score <= bestScore) continue;
    bestScore = score;
    best = { articleId, by: urlHits.includes(articleId) ? 'url' : 'text', position: positionIn(articleId) };
  }
  if (best && best.position === null) {
    // The page is the article (by URL) but the text around the block did not
    // match: fall back to the recorded embed when the article has only one.
    const article = await archive.getArticle(best.articleId);
    if (article?.embeds.length === 1) best.position = article.embeds[0]?.position ?? null;
  }
  return best;
}

export function summarizeArticle(article: ArchivedArticle): ArticleSummary {
  const source = article.sources[0];
  return {
    id: article.id,
    title: article.title,
    siteName: article.siteName,
    lang: article.lang,
    url: article.urls[0] ?? null,
    paragraphCount: article.paragraphs.length,
    sourceNote: source?.note ?? null,
    capturedAt: source?.capturedAt ?? null,
  };
}

/** The paragraph before the embed and the one after it, with the embed recorded there if any. */
export function passageAt(article: ArchivedArticle, position: number): NonNullable<EmbedMatch['passage']> {
  const at = Math.max(0, Math.min(position, article.paragraphs.length));
  return {
    position: at,
    before: article.paragraphs.slice(Math.max(0, at - 1), at),
    after: article.paragraphs.slice(at, at + 1),
    embed: article.embeds.find((e) => e.position === at) ?? null,
  };
}
