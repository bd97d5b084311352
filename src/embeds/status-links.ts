/**
 * Where an embed names its tweet (docs/embed-forms.md#where-the-tweet-id-comes-from):
 * its status links, or an address kept in an attribute, a JSON value or a
 * query parameter.
 */
import { parseUrl } from '../util/parse-url';
import { parseTweetUrl, type TweetRef } from './tweet-url';

/**
 * Links that can be tweet permalinks: every status URL shape has "/status" in its path
 * (docs/embed-forms.md#status-urls).
 */
export const STATUS_LINK = 'a[href*="/status" i]';

/**
 * The permalink of an embed: its last status link; earlier links are mentions, hashtags, t.co
 * (docs/embed-forms.md#where-the-tweet-id-comes-from).
 */
export function readPermalink(container: Element): TweetRef | null {
  const links = container.matches(STATUS_LINK) ? [container] : [...container.querySelectorAll(STATUS_LINK)];
  for (let i = links.length - 1; i >= 0; i--) {
    const tweet = parseTweetUrl(links[i]?.getAttribute('href'));
    if (tweet) return tweet;
  }
  return null;
}

/** The tweet named by the `url` key of a JSON attribute or comment (Substack's data-attrs, WordPress's block). */
export function readJsonTweetUrl(json: string | null | undefined): TweetRef | null {
  if (!json) return null;
  try {
    const url = (JSON.parse(json) as { url?: unknown }).url;
    return typeof url === 'string' ? parseTweetUrl(url) : null;
  } catch {
    return null;
  }
}

/** A query parameter of a (possibly relative) URL, decoded; null when absent or unparsable. */
export function readQueryParam(url: string | null | undefined, name: string): string | null {
  if (!url) return null;
  return parseUrl(url, 'https://example.invalid/')?.searchParams.get(name) ?? null;
}
