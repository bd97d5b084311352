/**
 * cdn.syndication.twimg.com/tweet-result JSON (docs/data-formats.md#syndication): the tweet
 * an embed shows, with its reply parent and quoted tweet one level deep,
 * each stored as its own record. A tombstone or `{}` names no id: the id
 * must come from the request (a WARC's target URI) or the caller.
 */
import { isTweetId } from '../../embeds/tweet-url';
import type { ArchivedTweet, TweetStatus } from '../schema';
import { asObject, parseJsonKeepingBigInts, str } from './json';
import { tweetRecord } from '../../embeds/extract/tweet-record';
import { emptyResult, provenance, type ImportResult, type ProvenanceInput } from './record';
import { tweetFromStatus } from './status-json';

export interface SyndicationOptions {
  /** The id asked for, when known (from the request URL). */
  tweetId?: string | null;
  capturedAt?: string | null;
  capturedAtRaw?: string | null;
  /** The request URL, when known. */
  sourceUrl?: string | null;
  /** Where in a larger file (a WARC record id). */
  pointer?: string | null;
  note?: string | null;
}

/** What a tombstone's words say about the tweet. */
export function statusFromTombstone(text: string): TweetStatus {
  if (/deleted/i.test(text)) return 'deleted';
  if (/withheld/i.test(text)) return 'withheld';
  if (/protected|limits who can view|private|suspended/i.test(text)) return 'protected';
  return 'unknown';
}

export function importSyndication(content: string, file: string, options: SyndicationOptions = {}): ImportResult {
  const result = emptyResult();
  let json: unknown;
  try {
    json = parseJsonKeepingBigInts(content);
  } catch (error) {
    result.notes.push(`${file}: not JSON (${(error as Error).message})`);
    return result;
  }
  const payload = asObject(json);
  if (!payload) {
    result.notes.push(`${file}: not a syndication tweet-result object`);
    return result;
  }
  const base: ProvenanceInput = {
    format: 'syndication',
    file,
    capturedAt: options.capturedAt ?? null,
    capturedAtRaw: options.capturedAtRaw ?? null,
    sourceUrl: options.sourceUrl ?? null,
    note: options.note ?? null,
  };
  const at = (pointer: string | null) =>
    provenance({ ...base, pointer: [options.pointer, pointer].filter(Boolean).join(' ') || null });
  const askedFor = options.tweetId && isTweetId(options.tweetId) ? options.tweetId : null;

  if (payload.__typename === 'TweetTombstone') {
    const words = str(asObject(asObject(asObject(payload.tombstone)?.text))?.text) ?? '';
    if (!askedFor) {
      result.notes.push(`${file}: a tombstone names no tweet id; import it with --tweet-id to record it`);
      return result;
    }
    result.tweets.push(
      tweetRecord({
        id: askedFor,
        status: statusFromTombstone(words),
        sources: [
          provenance({ ...base, pointer: options.pointer ?? null, note: words ? `tombstone: ${words}` : 'tombstone' }),
        ],
      }),
    );
    return result;
  }
  if (Object.keys(payload).length === 0) {
    // "200 with {}" means not found: nothing to archive, whatever the id (docs/data-formats.md#syndication).
    result.notes.push(
      `${file}: not found (empty tweet-result${askedFor ? ` for ${askedFor}` : ''}); nothing to archive`,
    );
    return result;
  }

  const main = tweetFromStatus(payload, { source: at(null) });
  if (!main) {
    result.notes.push(`${file}: no id_str in the tweet-result`);
    return result;
  }
  if (askedFor && askedFor !== main.id) result.notes.push(`${file}: asked for ${askedFor}, got tweet ${main.id}`);
  const nested: [string, ArchivedTweet | null][] = [
    [
      'parent',
      asObject(payload.parent) && tweetFromStatus(payload.parent as Record<string, unknown>, { source: at('parent') }),
    ],
    [
      'quoted_tweet',
      asObject(payload.quoted_tweet) &&
        tweetFromStatus(payload.quoted_tweet as Record<string, unknown>, { source: at('quoted_tweet') }),
    ],
  ];
  result.tweets.push(main, ...nested.map(([, t]) => t).filter((t): t is ArchivedTweet => !!t));
  return result;
}
