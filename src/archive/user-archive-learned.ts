/**
 * The learned store of the user's archive (user-archive-db.ts): tweets kept
 * as the user read (src/learning/), one per id, with where and when each was
 * last seen, bounded by a cap (the oldest seen go first), listed newest first
 * and forgotten one by one, per site or all at once. Learning and forgetting
 * bump the archive's generation, so that the library's search index, which
 * holds the learned tweets too, is rebuilt before the next search (not at
 * each learned tweet: learning happens as pages are read).
 */
import type { IDBPObjectStore, StoreNames } from 'idb';
import { bumpGeneration, type Db, type LearnedEntry, type UserArchiveSchema } from './user-archive-db';

/** The learned store of a readwrite transaction (a tweet learned, or an import of an export). */
export type LearnedStore = IDBPObjectStore<UserArchiveSchema, StoreNames<UserArchiveSchema>[], 'learned', 'readwrite'>;

/** Drops the learned tweets seen longest ago beyond the cap. */
export async function dropOldestLearned(store: LearnedStore, cap: number): Promise<void> {
  let over = (await store.count()) - cap;
  for (let cursor = over > 0 ? await store.index('seenAt').openCursor() : null; cursor && over > 0; over--) {
    await cursor.delete();
    cursor = await cursor.continue();
  }
}

/** The learned tweets, most recently seen first, at most `limit`, and how many there are in all. */
export async function listLearned(
  d: Db,
  limit: number,
  cap: number,
): Promise<{ total: number; cap: number; entries: LearnedEntry[] }> {
  const tx = d.transaction('learned');
  const entries: LearnedEntry[] = [];
  let cursor = await tx.store.index('seenAt').openCursor(null, 'prev');
  while (cursor && entries.length < limit) {
    entries.push(cursor.value);
    cursor = await cursor.continue();
  }
  return { total: await tx.store.count(), cap, entries };
}

/** Forgets learned tweets: one (by id), those of one site, or all. Returns how many went. */
export async function forgetLearned(d: Db, which: { id: string } | { site: string } | 'all'): Promise<number> {
  const tx = d.transaction(['learned', 'meta'], 'readwrite');
  const store = tx.objectStore('learned');
  let gone = 0;
  if (which === 'all') {
    gone = await store.count();
    await store.clear();
  } else if ('id' in which) {
    if (await store.getKey(which.id)) {
      await store.delete(which.id);
      gone = 1;
    }
  } else {
    for (const key of await store.index('site').getAllKeys(which.site)) {
      await store.delete(key);
      gone++;
    }
  }
  // A forgotten tweet leaves the library's index too.
  if (gone) await bumpGeneration(tx.objectStore('meta'));
  await tx.done;
  return gone;
}
