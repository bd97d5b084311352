/**
 * Builds tweet records with every field present and in one fixed order, so
 * that importers set only what their source says and the packaged bytes never
 * depend on which importer (or the content script) made a record.
 */
import type { ArchivedTweet, Provenance } from '../../archive/schema';
import { canonicalTweetUrl } from '../tweet-url';
import { snowflakeTime } from './dates';

export type TweetFields = Partial<Omit<ArchivedTweet, 'v' | 'id' | 'url' | 'sources'>> & {
  id: string;
  sources: Provenance[];
};

/**
 * A complete tweet record. Without a stated creation time, the time in the
 * id is used (docs/data-formats.md#time-from-the-id) and marked as such; the URL is the canonical x.com one.
 */
export function tweetRecord(fields: TweetFields): ArchivedTweet {
  const stated = fields.createdAt ?? null;
  const decoded = stated ? null : snowflakeTime(fields.id);
  const author = fields.author ?? null;
  return {
    v: 1,
    id: fields.id,
    url: canonicalTweetUrl(fields.id, author?.handle ?? null),
    status: fields.status ?? 'unknown',
    createdAt: stated ?? decoded,
    createdAtFrom: stated ? (fields.createdAtFrom ?? 'source') : decoded ? 'snowflake' : null,
    createdAtRaw: fields.createdAtRaw ?? null,
    deletedAt: fields.deletedAt ?? null,
    author: author ? { handle: author.handle ?? null, name: author.name ?? null, id: author.id ?? null } : null,
    lang: fields.lang ?? null,
    text: fields.text ?? null,
    rawText: fields.rawText ?? null,
    displayTextRange: fields.displayTextRange ?? null,
    truncated: fields.truncated ?? false,
    entities: {
      urls: fields.entities?.urls ?? [],
      mentions: fields.entities?.mentions ?? [],
      hashtags: fields.entities?.hashtags ?? [],
      symbols: fields.entities?.symbols ?? [],
    },
    media: fields.media ?? [],
    inReplyTo: fields.inReplyTo ?? null,
    quoted: fields.quoted ?? null,
    retweetOf: fields.retweetOf ?? null,
    conversationRootId: fields.conversationRootId ?? null,
    metrics: fields.metrics ?? null,
    appearsIn: fields.appearsIn ?? [],
    sources: fields.sources,
  };
}
