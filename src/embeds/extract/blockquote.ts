/**
 * The tweet inside an embed blockquote: what oEmbed returns (docs/data-formats.md#oembed)
 * and what publishers paste into articles (docs/data-formats.md#saved-pages):
 *
 *   <blockquote class="twitter-tweet"><p lang="en">text, <a>links</a>, <br></p>
 *   &mdash; Name (@handle) <a href="https://twitter.com/handle/status/ID">May 14, 2023</a></blockquote>
 *
 * It gives the id, the author's name and handle, the text with t.co links
 * unexpanded and media only as a pic.twitter.com link, the language and a
 * date label. The exact time comes from the id (docs/data-formats.md#time-from-the-id).
 */
import type { ArchivedTweet, Provenance, TweetEntities, TweetMedia } from '../../archive/schema';
import { parseTweetUrl } from '../tweet-url';
import { parseDateLabel, snowflakeTime } from './dates';
import { verbatimText } from './html-text';
import { tweetRecord } from './tweet-record';

const WAYBACK_PREFIX = /^(?:https?:)?\/\/web\.archive\.org\/web\/\d{1,14}(?:[a-z]{2}_)?\//i;
const MEDIA_LINK_TEXT = /^(?:https?:\/\/)?pic\.(?:twitter|x)\.com\//i;
const TRIM = /^[ \t\n\r\f]+|[ \t\n\r\f]+$/g;

/** A link's target as the page first had it (Wayback rewrites every link, docs/data-formats.md#saved-pages). */
export function originalHref(href: string | null): string | null {
  return href ? href.replace(WAYBACK_PREFIX, '') : null;
}

function withoutMediaLinks(node: Node): string {
  let out = '';
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) out += child.nodeValue ?? '';
    else if (child.nodeType === 1) {
      const el = child as Element;
      const tag = el.tagName.toLowerCase();
      if (tag === 'br') out += '\n';
      else if (tag === 'a' && MEDIA_LINK_TEXT.test((el.textContent ?? '').trim())) continue;
      else out += withoutMediaLinks(el);
    }
  }
  return out;
}

export function tweetFromBlockquote(blockquote: Element, source: Provenance): ArchivedTweet | null {
  const links = Array.from(blockquote.querySelectorAll('a[href]'));
  const permalink = [...links].reverse().find((a) => parseTweetUrl(a.getAttribute('href')) !== null);
  const ref = parseTweetUrl(permalink?.getAttribute('href'));
  if (!ref) return null;
  const paragraph = blockquote.querySelector('p');

  const entities: TweetEntities = { urls: [], mentions: [], hashtags: [], symbols: [] };
  const media: TweetMedia[] = [];
  for (const a of paragraph ? Array.from(paragraph.querySelectorAll('a[href]')) : []) {
    const href = originalHref(a.getAttribute('href')) as string;
    const label = (a.textContent ?? '').replace(TRIM, '');
    let match: RegExpExecArray | null;
    if (/^https?:\/\/t\.co\//i.test(href)) {
      if (MEDIA_LINK_TEXT.test(label)) {
        media.push({
          kind: 'unknown',
          id: null,
          tco: href,
          remoteUrl: null,
          file: null,
          width: null,
          height: null,
          altText: null,
          durationMs: null,
          variants: [],
        });
      } else entities.urls.push({ tco: href, expandedUrl: null, displayUrl: label || null, indices: null });
    } else if ((match = /\/hashtag\/([^/?#]+)/i.exec(href))) {
      entities.hashtags.push({ tag: decodeURIComponent(match[1] as string), indices: null });
    } else if (label.startsWith('$')) {
      entities.symbols.push({ symbol: label.slice(1), indices: null });
    } else if (
      (match = /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,15})\/?(?:[?#].*)?$/i.exec(href))
    ) {
      if (label.startsWith('@'))
        entities.mentions.push({ handle: match[1] as string, id: null, name: null, indices: null });
    }
  }

  // "— Name (@handle)" between the text and the date link.
  let credit = '';
  let seenParagraph = paragraph === null;
  for (const child of Array.from(blockquote.childNodes)) {
    if (child === paragraph) {
      seenParagraph = true;
      continue;
    }
    if (!seenParagraph || child === permalink) continue;
    credit += child.textContent ?? '';
  }
  const byline = /^\s*[—–-]?\s*(.*?)\s*\(@([A-Za-z0-9_]{1,15})\)\s*$/.exec(credit);
  const label = (permalink?.textContent ?? '').replace(TRIM, '') || null;
  // Before snowflake ids (docs/data-formats.md#time-from-the-id) the label is the only date: keep its day.
  const day = !snowflakeTime(ref.id) && label ? parseDateLabel(label) : null;

  const rawText = paragraph ? verbatimText(paragraph).replace(TRIM, '') : null;
  return tweetRecord({
    id: ref.id,
    status: 'unknown',
    createdAt: day,
    createdAtRaw: label,
    author: {
      handle: byline?.[2] ?? ref.handle,
      name: byline?.[1] ? byline[1] : null,
      id: null,
    },
    lang: paragraph?.getAttribute('lang') ?? null,
    text: paragraph ? withoutMediaLinks(paragraph).replace(TRIM, '') : null,
    rawText,
    entities,
    media,
    sources: [source],
  });
}
