import { parseTweetUrl } from '../embeds/tweet-url';
import { parseUrl } from '../util/parse-url';

/** Links the extension writes point only to https: tweet permalinks or https: article pages. */
export function safeTweetUrl(url: string | null | undefined): string | null {
  return parseTweetUrl(url)?.url ?? null;
}

export function safeArticleUrl(url: string | null | undefined): string | null {
  const parsed = url ? parseUrl(url) : null;
  return parsed?.protocol === 'https:' && !parsed.username && !parsed.password ? parsed.href : null;
}
