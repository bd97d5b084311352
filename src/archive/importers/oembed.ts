/**
 * publish.twitter.com/oembed JSON (docs/data-formats.md#oembed): the embed blockquote
 * in `html`, plus the tweet URL, the author's name and profile URL.
 */
import { parseTweetUrl } from '../../embeds/tweet-url';
import type { ImportContext } from './context';
import { asObject, parseJsonKeepingBigInts, str } from './json';
import { emptyResult, provenance, type ImportResult } from './record';
import { tweetFromBlockquote } from '../../embeds/extract/blockquote';

export interface OembedOptions {
  capturedAt?: string | null;
  sourceUrl?: string | null;
  pointer?: string | null;
  note?: string | null;
}

export function isOembedJson(value: unknown): boolean {
  const o = asObject(value);
  return (
    !!o &&
    typeof o.html === 'string' &&
    /twitter-(?:tweet|video)/.test(o.html) &&
    ('author_name' in o || 'provider_name' in o)
  );
}

export function importOembed(
  content: string,
  file: string,
  context: ImportContext,
  options: OembedOptions = {},
): ImportResult {
  const result = emptyResult();
  let json: Record<string, unknown> | null;
  try {
    json = asObject(parseJsonKeepingBigInts(content));
  } catch (error) {
    result.notes.push(`${file}: not JSON (${(error as Error).message})`);
    return result;
  }
  if (!json || !isOembedJson(json)) {
    result.notes.push(`${file}: not an oEmbed response for a tweet`);
    return result;
  }
  const document = context.parseHtml(str(json.html) as string);
  const blockquote = document.querySelector('blockquote.twitter-tweet, blockquote.twitter-video, blockquote');
  const source = provenance({
    format: 'oembed',
    file,
    capturedAt: options.capturedAt ?? null,
    sourceUrl: options.sourceUrl ?? null,
    pointer: options.pointer ?? null,
    note: options.note ?? null,
  });
  const tweet = blockquote ? tweetFromBlockquote(blockquote, source) : null;
  if (!tweet) {
    result.notes.push(`${file}: the oEmbed html holds no tweet link`);
    return result;
  }
  // The response's own fields agree with the blockquote; they win where it is silent.
  const ref = parseTweetUrl(str(json.url));
  if (ref && ref.id !== tweet.id) result.notes.push(`${file}: url names ${ref.id}, the html ${tweet.id}`);
  const profile = /^https?:\/\/(?:www\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,15})\/?$/.exec(str(json.author_url) ?? '');
  const handle = tweet.author?.handle ?? profile?.[1] ?? ref?.handle ?? null;
  const name = tweet.author?.name ?? str(json.author_name);
  result.tweets.push({
    ...tweet,
    url: handle ? `https://x.com/${handle}/status/${tweet.id}` : tweet.url,
    author: { handle, name, id: null },
  });
  return result;
}
