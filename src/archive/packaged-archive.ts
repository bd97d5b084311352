/**
 * Reads the packaged copy shard by shard: a lookup loads only the shards its
 * keys fall in, and each shard is parsed once per background lifetime.
 */
import { validateManifest, type ArchiveManifest, type ArchivedArticle, type ArchivedTweet } from './schema';
import { normalizePageUrl, shardFileName, shardOf } from './keys';

/** Reads one file of the packaged copy, by its path inside it ("manifest.json", "text/0a.json"). */
export type ReadArchiveFile = (path: string) => Promise<unknown>;

/** What the matcher needs from any archive (the packaged copy, later the user's own). */
export interface ArchiveReader {
  getTweet(id: string): Promise<ArchivedTweet | null>;
  getArticle(id: string): Promise<ArchivedArticle | null>;
  /** Article ids recorded for a page URL. */
  findArticlesByUrl(url: string): Promise<string[]>;
  /** [articleId, paragraphIndex] pairs for a text fingerprint (-1 = the title). */
  findText(fingerprint: string): Promise<[string, number][]>;
}

export function openPackagedArchive(readFile: ReadArchiveFile): ArchiveReader {
  let manifest: Promise<ArchiveManifest> | undefined;
  const shards = new Map<string, Promise<Record<string, unknown>>>();

  const readManifest = () =>
    (manifest ??= readFile('manifest.json').then((value) => {
      const issues = validateManifest(value);
      if (issues.length)
        throw new Error(`packaged archive: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`);
      return value as ArchiveManifest;
    }));

  async function readEntry<T>(index: keyof ArchiveManifest['shards'], key: string): Promise<T | undefined> {
    const count = (await readManifest()).shards[index];
    const path = `${index}/${shardFileName(shardOf(key, count), count)}`;
    let shard = shards.get(path);
    if (!shard) {
      shard = readFile(path) as Promise<Record<string, unknown>>;
      shards.set(path, shard);
      // A failed read must not poison the cache: the next lookup tries again.
      shard.catch(() => shards.delete(path));
    }
    const entries = await shard;
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
  };
}
