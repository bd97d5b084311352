/**
 * What an embed on a page is, as an archived article records it
 * (docs/data-formats.md#saved-pages): its form and its tweet's id, the tweet
 * itself when the embed holds it (an unrendered blockquote), and the lines of
 * a site's own fallback block ("Loading Tweet ..."), which stands where an
 * embed did.
 */
import type { ArchivedEmbed, ArchivedTweet, Provenance } from '../../archive/schema';
import { isFallbackText } from '../fallback-text';
import { parseTweetUrl, tweetRefFromId } from '../tweet-url';
import { tweetFromBlockquote } from './blockquote';
import { HTML_SPACE, verbatimText } from './html-text';

/** The embeds an archived article records: the standard embed code, what widgets.js made of it, AMP's. */
export const ARCHIVED_EMBED = [
  'blockquote.twitter-tweet',
  'blockquote.twitter-video',
  '.twitter-tweet-rendered',
  'twitter-widget',
  'iframe[data-tweet-id]',
  'iframe[src*="platform.twitter.com/embed/Tweet.html"]',
  'amp-twitter',
].join(', ');

/** An embed as an article records it (its position is set once the article's paragraphs are known), and its tweet. */
export interface EmbedRecord {
  embed: ArchivedEmbed;
  tweet: ArchivedTweet | null;
}

function renderedTweetId(el: Element): string | null {
  const frame = el.matches('iframe') ? el : el.querySelector('iframe');
  const fromAttr = tweetRefFromId(el.getAttribute('data-tweet-id') ?? frame?.getAttribute('data-tweet-id'));
  if (fromAttr) return fromAttr.id;
  const src = frame?.getAttribute('src');
  const id = src ? /[?&#]id=(\d{1,20})\b/.exec(src)?.[1] : null;
  return tweetRefFromId(id)?.id ?? null;
}

/**
 * The record of an element matching ARCHIVED_EMBED. `tweetSource` gives the
 * provenance of the tweet a blockquote holds (asked only for a blockquote).
 */
export function recordEmbed(el: Element, tweetSource: () => Provenance): EmbedRecord {
  if (el.matches('blockquote')) {
    const tweet = tweetFromBlockquote(el, tweetSource());
    return { embed: { position: 0, tweetId: tweet?.id ?? null, fallbackText: [], kind: 'blockquote' }, tweet };
  }
  if (el.matches('amp-twitter')) {
    const id = tweetRefFromId(el.getAttribute('data-tweetid'))?.id ?? null;
    return { embed: { position: 0, tweetId: id, fallbackText: [], kind: 'amp-twitter' }, tweet: null };
  }
  return {
    embed: { position: 0, tweetId: renderedTweetId(el), fallbackText: [], kind: 'rendered-iframe' },
    tweet: null,
  };
}

/**
 * A block of a site's fallback text (docs/embed-forms.md#placeholder-wording):
 * its lines as a reader sees them, and the tweet its link names; null for
 * any other block.
 */
export function readFallbackBlock(el: Element): { lines: string[]; tweetId: string | null } | null {
  const text = el.textContent ?? '';
  if (text.length > 400 || !isFallbackText(text)) return null;
  const lines = verbatimText(el)
    .split('\n')
    .map((line) => line.replace(HTML_SPACE, ' ').trim())
    .filter(Boolean);
  const tweetId =
    Array.from(el.querySelectorAll('a[href]'))
      .map((a) => parseTweetUrl(a.getAttribute('href'))?.id)
      .find((id) => id) ?? null;
  return { lines, tweetId };
}
