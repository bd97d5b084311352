/**
 * Status objects in the shapes of the X export, API v1.1 and syndication
 * (docs/data-formats.md#x-account-export, docs/data-formats.md#api-v11-statuses,
 * docs/data-formats.md#syndication): entities, media and the display text. The
 * three share field names; they differ in whether numbers are strings
 * (docs/data-formats.md#numbers-as-strings), where
 * the author is, and how much is embedded.
 */
import { parseTweetUrl } from '../../embeds/tweet-url';
import { normalizeDateTime } from '../../embeds/extract/dates';
import type { ArchivedTweet, Indices, MediaKind, Provenance, TweetEntities, TweetMedia } from '../schema';
import { asObject, count, idString, str } from './json';
import { tweetRecord, type TweetFields } from '../../embeds/extract/tweet-record';
import { displayTextOf } from '../../embeds/extract/tweet-text';

type Json = Record<string, unknown>;

const list = (value: unknown): Json[] =>
  Array.isArray(value) ? value.map(asObject).filter((v): v is Json => v !== null) : [];

function indicesOf(value: unknown): Indices {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [a, b] = value.map(count);
  return a !== null && a !== undefined && b !== null && b !== undefined && a <= b ? [a, b] : null;
}

export function entitiesFrom(value: unknown): TweetEntities {
  const e = asObject(value) ?? {};
  return {
    urls: list(e.urls)
      .filter((u) => str(u.url))
      .map((u) => ({
        tco: str(u.url) as string,
        expandedUrl: str(u.expanded_url),
        displayUrl: str(u.display_url),
        indices: indicesOf(u.indices),
      })),
    mentions: list(e.user_mentions)
      .filter((m) => str(m.screen_name))
      .map((m) => ({
        handle: str(m.screen_name) as string,
        id: idString(m.id_str) ?? idString(m.id),
        name: str(m.name),
        indices: indicesOf(m.indices),
      })),
    hashtags: list(e.hashtags)
      .filter((h) => str(h.text))
      .map((h) => ({ tag: str(h.text) as string, indices: indicesOf(h.indices) })),
    symbols: list(e.symbols)
      .filter((s) => str(s.text))
      .map((s) => ({ symbol: str(s.text) as string, indices: indicesOf(s.indices) })),
  };
}

const MEDIA_KINDS: MediaKind[] = ['photo', 'video', 'animated_gif'];

/** The last path segment of a URL, without its query: "FWVnxzyWIAIEZU3.png". */
export function urlBasename(url: string): string {
  return url.replace(/[?#].*$/, '').replace(/^.*\//, '');
}

/**
 * The medium's own file name in an export: the photo itself, or the best mp4 of a video
 * (docs/data-formats.md#x-account-export).
 */
export function exportMediaName(medium: TweetMedia): string | null {
  if (medium.kind === 'photo') return medium.remoteUrl ? urlBasename(medium.remoteUrl) : null;
  const mp4 = medium.variants
    .filter((v) => v.contentType === 'video/mp4')
    .sort((a, b) => (b.bitrate ?? -1) - (a.bitrate ?? -1))[0];
  return mp4 ? urlBasename(mp4.url) : null;
}

export function mediaFrom(value: unknown): TweetMedia[] {
  return list(value).map((m) => {
    const info = asObject(m.video_info) ?? {};
    const original = asObject(m.original_info);
    const large = asObject(asObject(m.sizes)?.large);
    const type = str(m.type) as MediaKind;
    const remote = str(m.media_url_https) ?? str(m.media_url);
    return {
      kind: MEDIA_KINDS.includes(type) ? type : 'unknown',
      id: idString(m.id_str) ?? idString(m.id),
      tco: str(m.url),
      remoteUrl: remote && /^https?:\/\//.test(remote) ? remote : null,
      file: null,
      width: count(original?.width) ?? count(large?.w),
      height: count(original?.height) ?? count(large?.h),
      altText: str(m.ext_alt_text),
      durationMs: count(info.duration_millis),
      variants: list(info.variants)
        .filter((v) => str(v.url) && str(v.content_type))
        .map((v) => ({
          url: str(v.url) as string,
          contentType: str(v.content_type) as string,
          bitrate: count(v.bitrate),
        })),
    };
  });
}

export interface StatusContext {
  /** The provenance of this status (pointer included). */
  source: Provenance;
  /** The author when the status has no user object (the export's account owner). */
  author?: ArchivedTweet['author'];
  /** The export's copy of a medium, by tweet id and file name, relative to the sources folder. */
  mediaFile?: (tweetId: string, name: string) => string | null;
  status?: ArchivedTweet['status'];
  deletedAt?: string | null;
}

/**
 * The handle in "RT @handle: …", the export's only trace of what a retweet retweeted
 * (docs/data-formats.md#x-account-export).
 */
const RETWEET_PREFIX = /^RT @([A-Za-z0-9_]{1,15}):/;

/**
 * A status object (export item, API v1.1 status or syndication TweetBase) as
 * a tweet record, or null when it has no usable id.
 */
export function tweetFromStatus(status: Json, context: StatusContext): ArchivedTweet | null {
  // Ids from id_str, or from an export's string id; never from a number (docs/data-formats.md#ids-are-strings).
  const id = idString(status.id_str) ?? (typeof status.id === 'string' ? idString(status.id) : null);
  if (!id) return null;
  const user = asObject(status.user);
  const author = user
    ? { handle: str(user.screen_name), name: str(user.name), id: idString(user.id_str) }
    : (context.author ?? null);
  const rawText = str(status.full_text) ?? str(status.text);
  const displayTextRange = indicesOf(status.display_text_range);
  const entities = entitiesFrom(status.entities);
  const extended = asObject(status.extended_entities);
  const media = mediaFrom(status.mediaDetails ?? extended?.media ?? asObject(status.entities)?.media).map((m) => {
    const name = context.mediaFile ? exportMediaName(m) : null;
    return name ? { ...m, file: context.mediaFile!(id, name) } : m;
  });
  const createdAtRaw = str(status.created_at);
  const createdAt = normalizeDateTime(createdAtRaw);

  const retweeted = asObject(status.retweeted_status);
  const rtHandle = rawText ? (RETWEET_PREFIX.exec(rawText)?.[1] ?? null) : null;
  const retweetOf = retweeted
    ? { id: idString(retweeted.id_str), handle: str(asObject(retweeted.user)?.screen_name) }
    : rtHandle
      ? {
          // A retweet's media point at the original (source_status_id_str), when it has any.
          id:
            list(extended?.media ?? asObject(status.entities)?.media)
              .map((m) => idString(m.source_status_id_str))
              .find((v) => v !== null) ?? null,
          handle: rtHandle,
        }
      : null;

  const replyId =
    idString(status.in_reply_to_status_id_str) ??
    (typeof status.in_reply_to_status_id === 'string' ? idString(status.in_reply_to_status_id) : null);
  const quotedId = idString(status.quoted_status_id_str) ?? idString(asObject(status.quoted_tweet)?.id_str);
  const quotedStatus = asObject(status.quoted_status) ?? asObject(status.quoted_tweet);
  const quotedLink = parseTweetUrl(str(asObject(status.quoted_status_permalink)?.expanded));
  const quotedHandle = str(asObject(quotedStatus?.user)?.screen_name) ?? quotedLink?.handle ?? null;

  const likes = count(status.favorite_count);
  const retweets = count(status.retweet_count);
  const replies = count(status.reply_count);
  const text = rawText === null ? null : displayTextOf(rawText, displayTextRange, entities, media).text;

  const fields: TweetFields = {
    id,
    status: context.status ?? (user?.protected === true ? 'protected' : 'available'),
    createdAt,
    createdAtRaw: createdAt ? createdAtRaw : null,
    deletedAt: context.deletedAt ?? null,
    author,
    lang: str(status.lang),
    text,
    rawText,
    displayTextRange,
    // A retweet's own text is cut with "…"; a note tweet's text is its first 280 characters
    // (docs/data-formats.md#syndication).
    truncated:
      status.truncated === true ||
      asObject(status.note_tweet) !== null ||
      (retweetOf !== null && !!rawText && rawText.endsWith('…')),
    entities,
    media,
    inReplyTo: replyId
      ? {
          id: replyId,
          handle: str(status.in_reply_to_screen_name),
          userId:
            idString(status.in_reply_to_user_id_str) ??
            (typeof status.in_reply_to_user_id === 'string' ? idString(status.in_reply_to_user_id) : null),
        }
      : null,
    quoted: quotedId ? { id: quotedId, url: `https://x.com/${quotedHandle ?? 'i/web'}/status/${quotedId}` } : null,
    retweetOf,
    conversationRootId: idString(asObject(status.self_thread)?.id_str),
    metrics:
      likes !== null || retweets !== null || replies !== null
        ? { likes, retweets, replies, capturedAt: context.source.capturedAt }
        : null,
    sources: [context.source],
  };
  return tweetRecord(fields);
}
