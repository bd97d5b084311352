/**
 * Reads the packaged copy shard by shard: a lookup loads only the shards its
 * keys fall in, and each shard is parsed once and kept while it is in use.
 * The number of parsed shards kept is bounded (least recently used go first),
 * so a long-lived background holds the shards its recent lookups touched,
 * never the whole archive.
 */
import { BoundedCache, cachePromise } from '../util/bounded-cache';
import { validateManifest, type ArchiveManifest, type ArchivedArticle, type ArchivedTweet } from './schema';
import { normalizePageUrl, shardFileName, shardOf } from './keys';

/** Reads one file of the packaged copy, by its path inside it ("manifest.json", "text/0a.json"). */
export type ReadArchiveFile = (path: string) => Promise<unknown>;

/** What the matcher needs from any archive (the packaged copy, the user's own, or both). */
export interface ArchiveReader {
  getTweet(id: string): Promise<ArchivedTweet | null>;
  getArticle(id: string): Promise<ArchivedArticle | null>;
  /** Article ids recorded for a page URL. */
  findArticlesByUrl(url: string): Promise<string[]>;
  /** [articleId, paragraphIndex] pairs for a text fingerprint (-1 = the title). */
  findText(fingerprint: string): Promise<[string, number][]>;
}

export interface PackagedArchiveOptions {
  /**
   * Parsed shards kept at most. The default, 256, holds what a page with
   * dozens of broken embeds touches (about ten shards per embed), a few tens
   * of MB at most with the shard sizes of build.ts.
   */
  maxShards?: number;
}

export interface PackagedArchiveReader extends ArchiveReader {
  /** Paths of the shards held in memory now, least recently used first. */
  heldShards(): string[];
  /**
   * The function this reader reads files with, for other readers of the same
   * copy: the library reads its index (search/…) with it, keeping its own cache.
   */
  readFile: ReadArchiveFile;
}

export function openPackagedArchive(
  readFile: ReadArchiveFile,
  options: PackagedArchiveOptions = {},
): PackagedArchiveReader {
  const maxShards = Math.max(1, options.maxShards ?? 256);
  let manifest: Promise<ArchiveManifest> | undefined;
  const shards = new BoundedCache<string, Promise<Record<string, unknown>>>({ maxEntries: maxShards });

  const readManifest = () => {
    manifest ??= readFile('manifest.json').then((value) => {
      const issues = validateManifest(value);
      if (issues.length)
        throw new Error(`packaged archive: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`);
      return value as ArchiveManifest;
    });
    // A failed read must not poison the reader: the next lookup tries again.
    manifest.catch(() => (manifest = undefined));
    return manifest;
  };

  async function readEntry<T>(index: keyof ArchiveManifest['shards'], key: string): Promise<T | undefined> {
    const count = (await readManifest()).shards[index];
    const path = `${index}/${shardFileName(shardOf(key, count), count)}`;
    const entries = await cachePromise(shards, path, () => readFile(path) as Promise<Record<string, unknown>>);
    return Object.hasOwn(entries, key) ? (entries[key] as T) : undefined;
  }

  return {
    async getTweet(id) {
      return (await readEntry<ArchivedTweet>('tweets', id)) ?? null;
    },
    async getArticle(id) {
      return (await readEntry<ArchivedArticle>('articles', id)) ?? null;
    },
    async findArticlesByUrl(url) {
      const key = normalizePageUrl(url);
      return key ? ((await readEntry<string[]>('urls', key)) ?? []) : [];
    },
    async findText(fingerprint) {
      return (await readEntry<[string, number][]>('text', fingerprint)) ?? [];
    },
    heldShards: () => shards.keys(),
    readFile,
  };
}
