/**
 * The packaged copy and the user's own archive, asked as one. Neither wins
 * by being one or the other: a tweet or article both hold is merged by the
 * archive's merge rule (src/archive/merge.ts), exactly as if the user's
 * sources had been built into the packaged copy: per field the better source
 * (syndication > X export > API v1.1 > embed > like), every source kept.
 * Index lookups are united, the user's hits first.
 *
 * The user's archive lives in IndexedDB, which may be unavailable (a
 * private window, a broken profile): then the packaged copy answers alone.
 */
import { mergeArticles, mergeTweets } from './merge';
import type { ArchiveReader } from './packaged-archive';

export function combineArchives(
  user: ArchiveReader,
  packaged: ArchiveReader,
  onUserError?: (error: unknown) => void,
): ArchiveReader {
  const safely = async <T>(promise: Promise<T>, fallback: T): Promise<T> => {
    try {
      return await promise;
    } catch (error) {
      onUserError?.(error);
      return fallback;
    }
  };
  const unite = <T>(a: T[], b: T[], key: (item: T) => string) => {
    const seen = new Set(a.map(key));
    return [...a, ...b.filter((item) => !seen.has(key(item)))];
  };
  return {
    async getTweet(id) {
      const [mine, shipped] = await Promise.all([safely(user.getTweet(id), null), packaged.getTweet(id)]);
      return mine && shipped ? mergeTweets([shipped, mine]) : (mine ?? shipped);
    },
    async getArticle(id) {
      const [mine, shipped] = await Promise.all([safely(user.getArticle(id), null), packaged.getArticle(id)]);
      return mine && shipped ? mergeArticles([shipped, mine]) : (mine ?? shipped);
    },
    async findArticlesByUrl(url) {
      const [mine, shipped] = await Promise.all([
        safely(user.findArticlesByUrl(url), []),
        packaged.findArticlesByUrl(url),
      ]);
      return unite(mine, shipped, (id) => id);
    },
    async findText(fingerprint) {
      const [mine, shipped] = await Promise.all([
        safely(user.findText(fingerprint), []),
        packaged.findText(fingerprint),
      ]);
      return unite(mine, shipped, ([id, i]) => `${id}#${i}`);
    },
  };
}
