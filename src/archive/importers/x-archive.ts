/**
 * The X account export ("Download an archive of your data",
 * docs/data-formats.md#x-account-export), from its files: a zip read by its directory (zip.ts) or a folder read
 * by the CLI. Only the data files the importer needs are read, one at a time
 * when their turn comes, so that memory holds the records and one file, never
 * the export (docs/security.md, "Hostile file"). The manifest names the data files and their parts
 * (docs/data-formats.md#multi-part-files); the
 * account owner is the author of every tweet; deleted tweets and their
 * headers give status "deleted"; like.js gives other people's tweets; media
 * files are named <tweetId>-<name> in the media folders.
 */
import { isTweetId, parseTweetUrl } from '../../embeds/tweet-url';
import { normalizeDateTime } from '../../embeds/extract/dates';
import type { ArchivedTweet } from '../schema';
import { asObject, parseScriptAssignment, str } from './json';
import { emptyResult, provenance, type ImportResult } from './record';
import { tweetFromStatus } from './status-json';
import { decodeTweetEntities } from '../../embeds/extract/tweet-text';
import { tweetRecord } from '../../embeds/extract/tweet-record';

/**
 * An export's files by path ("data/tweets.js", or with the zip's top folder
 * in front): the content, or how to read it when it is needed. Media files
 * are listed by name only (their content is never read).
 */
export type ExportFile = string | Uint8Array | (() => Promise<Uint8Array>);
export type ExportFiles = ReadonlyMap<string, ExportFile>;

const decoder = new TextDecoder('utf-8');
const asText = (content: string | Uint8Array): string =>
  typeof content === 'string' ? content : decoder.decode(content);

/** Where the export's data/ folder is among the paths, or null when this is not an export. */
export function findExportRoot(paths: Iterable<string>): string | null {
  let best: string | null = null;
  for (const path of paths) {
    const match = /^(.*?)data\/(?:manifest\.js|tweets?(?:-part\d+)?\.js|js\/tweets\/\d{4}_\d{2}\.js)$/.exec(path);
    if (match && (best === null || (match[1] as string).length < best.length)) best = match[1] as string;
  }
  return best;
}

interface DataFile {
  path: string;
  kind: 'tweets' | 'deleted' | 'deletedHeaders' | 'like';
}

const FALLBACK: [DataFile['kind'], RegExp][] = [
  ['tweets', /^data\/(?:tweets?(?:-part\d+)?\.js|js\/tweets\/\d{4}_\d{2}\.js)$/],
  ['deleted', /^data\/deleted-tweets(?:-part\d+)?\.js$/],
  ['deletedHeaders', /^data\/deleted-tweet-headers(?:-part\d+)?\.js$/],
  ['like', /^data\/like(?:-part\d+)?\.js$/],
];
const MANIFEST_TYPES: Record<string, DataFile['kind']> = {
  tweets: 'tweets',
  tweet: 'tweets',
  deletedTweets: 'deleted',
  deletedTweetHeaders: 'deletedHeaders',
  like: 'like',
};

export interface XArchiveOptions {
  /** The export's path relative to the sources folder ("x-archive/mine.zip"); provenance files go under it. */
  base: string;
}

export async function importXArchive(files: ExportFiles, options: XArchiveOptions): Promise<ImportResult> {
  const result = emptyResult();
  const root = findExportRoot(files.keys());
  if (root === null) {
    result.notes.push(`${options.base}: no data/manifest.js or data/tweets.js: not an X account export`);
    return result;
  }
  // Paths inside the export, without the zip's top folder.
  const inner = new Map<string, ExportFile>();
  for (const [path, content] of files) if (path.startsWith(root)) inner.set(path.slice(root.length), content);
  const fileOf = (path: string) => `${options.base}/${root}${path}`;
  // A file that breaks a limit stops the import (the error names it); one that does not parse is noted and skipped.
  const read = async (path: string): Promise<unknown> => {
    const content = inner.get(path);
    if (content === undefined) return undefined;
    const bytes = typeof content === 'function' ? await content() : content;
    try {
      return parseScriptAssignment(asText(bytes));
    } catch (error) {
      result.notes.push(`${fileOf(path)}: not readable (${(error as Error).message})`);
      return undefined;
    }
  };

  const manifest = asObject(await read('data/manifest.js'));
  const archiveInfo = asObject(manifest?.archiveInfo);
  const generated = str(archiveInfo?.generationDate);
  const capturedAt = normalizeDateTime(generated);
  const userInfo = asObject(manifest?.userInfo);
  const accountFile = await read('data/account.js');
  const account = asObject(asObject(Array.isArray(accountFile) ? accountFile[0] : undefined)?.account);
  const author = {
    handle: str(account?.username) ?? str(userInfo?.userName),
    name: str(account?.accountDisplayName) ?? str(userInfo?.displayName),
    id: str(account?.accountId) ?? str(userInfo?.accountId),
  };
  if (!author.handle) result.notes.push(`${options.base}: no account.js or manifest userInfo: tweets have no author`);

  // Data files: from the manifest when there is one (docs/data-formats.md#multi-part-files), else by name.
  const dataFiles: DataFile[] = [];
  const listed = new Set<string>();
  const mediaDirs = new Set<string>();
  const dataTypes = asObject(manifest?.dataTypes);
  if (dataTypes) {
    for (const [type, value] of Object.entries(dataTypes)) {
      const entry = asObject(value);
      const media = str(entry?.mediaDirectory);
      if (media) mediaDirs.add(media.replace(/\/?$/, '/'));
      // Own keys only: a manifest naming "constructor" or "__proto__" is not a data type.
      const kind = Object.hasOwn(MANIFEST_TYPES, type) ? MANIFEST_TYPES[type] : undefined;
      if (!kind || !Array.isArray(entry?.files)) continue;
      for (const f of entry.files) {
        const path = str(asObject(f)?.fileName);
        if (!path) continue;
        // Each file once, however often a (hostile) manifest lists it.
        if (inner.has(path)) {
          if (!listed.has(path)) dataFiles.push({ path, kind });
          listed.add(path);
        } else if (Number(asObject(f)?.count ?? 1) > 0)
          result.notes.push(`${fileOf(path)}: listed in the manifest, missing`);
      }
    }
  } else {
    for (const path of [...inner.keys()].sort())
      for (const [kind, pattern] of FALLBACK) if (pattern.test(path)) dataFiles.push({ path, kind });
  }
  for (const dir of ['data/tweets_media/', 'data/tweet_media/', 'data/deleted_tweets_media/']) mediaDirs.add(dir);

  // Media files by tweet id: "<mediaDir><tweetId>-<name>".
  const media = new Map<string, string>();
  for (const path of inner.keys()) {
    const slash = path.lastIndexOf('/');
    if (slash < 0 || !mediaDirs.has(path.slice(0, slash + 1))) continue;
    const name = path.slice(slash + 1);
    if (/^\d+-[^/]+$/.test(name)) media.set(name, path);
  }
  const mediaFile = (tweetId: string, name: string) => {
    const path = media.get(`${tweetId}-${name}`);
    return path ? fileOf(path) : null;
  };

  const source = (path: string, pointer: string, note: string) =>
    provenance({ format: 'x-archive', file: fileOf(path), pointer, capturedAt, capturedAtRaw: generated, note });

  for (const { path, kind } of dataFiles) {
    const items = await read(path);
    if (!Array.isArray(items)) {
      if (items !== undefined) result.notes.push(`${fileOf(path)}: not a list of items`);
      continue;
    }
    items.forEach((item, index) => {
      const wrapper = asObject(item);
      if (!wrapper) return;
      if (kind === 'like') {
        const like = asObject(wrapper.like);
        const tweet =
          like &&
          likeRecord(
            like,
            provenance({
              format: 'x-archive-like',
              file: fileOf(path),
              pointer: `[${index}].like`,
              capturedAt,
              capturedAtRaw: generated,
              note: 'liked by the account owner',
            }),
          );
        if (tweet) result.tweets.push(tweet);
        return;
      }
      // 2018–2019 exports have no "tweet" wrapper (docs/data-formats.md#x-account-export, older layouts).
      const hasWrapper = asObject(wrapper.tweet) !== null;
      const status = hasWrapper ? (wrapper.tweet as Record<string, unknown>) : wrapper;
      const pointer = hasWrapper ? `[${index}].tweet` : `[${index}]`;
      if (kind === 'deletedHeaders') {
        const id = str(status.tweet_id);
        if (!id || !isTweetId(id)) return;
        const createdAt = normalizeDateTime(str(status.created_at));
        result.tweets.push(
          tweetRecord({
            id,
            status: 'deleted',
            createdAt,
            createdAtRaw: createdAt ? str(status.created_at) : null,
            deletedAt: normalizeDateTime(str(status.deleted_at)),
            author,
            sources: [source(path, pointer, 'deleted by the account owner (header only)')],
          }),
        );
        return;
      }
      const tweet = tweetFromStatus(status, {
        source: source(
          path,
          pointer,
          kind === 'deleted' ? 'deleted by the account owner' : "the account owner's tweet",
        ),
        author,
        mediaFile,
        status: kind === 'deleted' ? 'deleted' : 'available',
      });
      if (tweet) result.tweets.push(tweet);
      else result.notes.push(`${fileOf(path)} ${pointer}: no id`);
    });
  }
  if (dataFiles.length === 0) result.notes.push(`${options.base}: the export holds no tweets`);
  return result;
}

/**
 * A like.js item: someone else's tweet, by id, maybe with its text
 * (escaped like full_text in the samples, so decoded once) and a link that
 * may name the author. No date: the id's time is used (docs/data-formats.md#time-from-the-id).
 */
function likeRecord(like: Record<string, unknown>, source: ArchivedTweet['sources'][number]): ArchivedTweet | null {
  const id = str(like.tweetId);
  if (!id || !isTweetId(id)) return null;
  const rawText = str(like.fullText);
  const link = parseTweetUrl(str(like.expandedUrl));
  const handle = link && link.id === id ? link.handle : null;
  return tweetRecord({
    id,
    status: 'unknown',
    author: handle ? { handle, name: null, id: null } : null,
    text: rawText === null ? null : decodeTweetEntities(rawText),
    rawText,
    sources: [source],
  });
}
