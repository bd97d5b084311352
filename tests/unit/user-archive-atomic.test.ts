/**
 * An import into the user's archive is all or nothing (docs/security.md,
 * "Hostile file"): a quota error part way (QuotaExceededError from a put,
 * raised inside fake-indexeddb as a real one would be), a tab closed part way
 * (its transaction aborted) or a hostile file leaves the archive exactly as
 * it was, and the options page names the file and the limit.
 */
import 'fake-indexeddb/auto';
import { IDBDatabase, IDBFactory, IDBObjectStore, IDBTransaction } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openUserArchive, type UserArchive, type UserArchiveExport } from '../../src/archive/user-archive';
import type { ArchivedTweet } from '../../src/archive/schema';
import { nodeImportContext } from '../../src/cli/sources';
import { renderYourArchiveSection } from '../../src/options/your-archive';
import { makeTweet } from './helpers/archive';
import { FORMATS_DIR } from './helpers/archive-expected';
import { zerosEntry, zipBytes } from './helpers/zip-files';
import { startSearchIndex } from '../../src/library/index-build';

const archives: UserArchive[] = [];
afterEach(() => {
  for (const a of archives.splice(0)) a.close();
  document.body.replaceChildren();
});

function fresh(): UserArchive {
  const archive = openUserArchive({ indexedDB: new IDBFactory(), searchIndex: startSearchIndex });
  archives.push(archive);
  return archive;
}

/** Everything the archive holds, as the user would export it (without the time of the export). */
async function contents(archive: UserArchive) {
  const exported: Partial<UserArchiveExport> = await archive.exportAll();
  delete exported.exportedAt;
  return { ...exported, stats: await archive.stats(), search: await archive.readSearchFile('manifest.json') };
}

const tweets = (from: number, count: number): ArchivedTweet[] =>
  Array.from({ length: count }, (_, i) =>
    makeTweet(String(1561850194110595073n + BigInt(from + i)), { text: `Tweet ${from + i}` }),
  );

/**
 * From the `nth` put on, the put's request fails with QuotaExceededError, as
 * a browser's does when the origin is out of space: the request fires its
 * error and the transaction aborts with that error (fake-indexeddb runs the
 * spec's steps for a failed request).
 */
function quotaFailsAt(nth: number) {
  const store = IDBObjectStore.prototype as unknown as { put: (...args: unknown[]) => unknown };
  const transaction = IDBTransaction.prototype as unknown as {
    _execRequestAsync: (request: { operation: () => unknown }) => unknown;
  };
  const { put } = store;
  const { _execRequestAsync: exec } = transaction;
  let puts = 0;
  let failing = false;
  vi.spyOn(store, 'put').mockImplementation(function (this: unknown, ...args: unknown[]) {
    failing = ++puts >= nth;
    try {
      return put.apply(this, args);
    } finally {
      failing = false;
    }
  });
  vi.spyOn(transaction, '_execRequestAsync').mockImplementation(function (this: unknown, request) {
    if (!failing) return exec.call(this, request);
    return exec.call(this, {
      ...request,
      operation: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    });
  });
  return { puts: () => puts };
}

describe('an import into the user archive is all or nothing', () => {
  it('a quota error part way leaves the archive exactly as it was, and the next import works', async () => {
    const archive = fresh();
    await archive.addRecords({ tweets: tweets(0, 10), articles: [] }, 'first.zip');
    const before = await contents(archive);

    const quota = quotaFailsAt(600);
    const progress: number[] = [];
    const error = await archive
      .addRecords({ tweets: tweets(5, 1000), articles: [] }, 'second.zip', (done) => progress.push(done))
      .catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('QuotaExceededError');
    // It failed part way: hundreds of records had been written in that import.
    expect(quota.puts()).toBe(600);
    expect(progress).toContain(500);
    vi.restoreAllMocks();

    expect(await contents(archive)).toEqual(before);
    await archive.addRecords({ tweets: tweets(20, 3), articles: [] }, 'third.zip');
    expect((await archive.stats()).tweets).toBe(13);
  });

  it('a tab closed part way (the browser aborts its transaction) leaves the archive as it was', async () => {
    const archive = fresh();
    await archive.addRecords({ tweets: tweets(0, 10), articles: [] }, 'first.zip');
    const before = await contents(archive);
    // What a browser does to the transactions of a page that goes away (IndexedDB 3.0 section 2.7.1): abort them.
    const opened: IDBTransaction[] = [];
    const { transaction } = IDBDatabase.prototype;
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args) {
      const tx = transaction.apply(this, args);
      opened.push(tx);
      return tx;
    });
    const error = await archive
      .addRecords({ tweets: tweets(100, 1000), articles: [] }, 'second.zip', (done) => {
        if (done === 500) for (const tx of opened) tx.abort();
      })
      .catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(error).toBeInstanceOf(DOMException);
    expect(opened.length).toBeGreaterThan(0);
    expect(await contents(archive)).toEqual(before);
  });
});

describe('the options page, when an import fails', () => {
  async function mount() {
    const archive = fresh();
    const section = await renderYourArchiveSection({
      document,
      archive,
      loadContext: async () => nodeImportContext,
      download: () => undefined,
    });
    document.body.append(section);
    const $ = <T extends Element>(selector: string) => section.querySelector(selector) as T;
    const choose = (files: File[]) => {
      const input = $<HTMLInputElement>('input[type="file"]');
      Object.defineProperty(input, 'files', { value: files, configurable: true });
      input.dispatchEvent(new Event('change'));
    };
    const idle = () => vi.waitFor(() => expect($<HTMLInputElement>('input[type="file"]').disabled).toBe(false));
    return { archive, $, choose, idle };
  }
  const hugo = () => new File([readFileSync(join(FORMATS_DIR, 'oembed/oembed.hugo-test-fixture.json'))], 'hugo.json');

  it('a zip bomb: names the file and the limit, and the archive stays as it was', async () => {
    const { archive, $, choose, idle } = await mount();
    choose([hugo()]);
    await vi.waitFor(() => expect($('.counts').getAttribute('data-tweets')).toBe('1'));
    await idle();
    const before = await contents(archive);

    // 1 MiB of zip whose data/tweets.js inflates to 1 GiB, declaring so; and one that lies about it.
    const honest = new File([zipBytes([zerosEntry('x/data/tweets.js', 1024)])], 'twitter-bomb.zip');
    choose([honest, hugo()]);
    await vi.waitFor(() => expect($('[role="status"]').textContent).toContain('Nothing was imported'));
    expect($('[role="status"]').textContent).toBe(
      'twitter-bomb.zip could not be read: twitter-bomb.zip: x/data/tweets.js would inflate to 1.0 GiB, ' +
        'over the 256 MiB limit for one data file of an X export Nothing was imported: your archive is as it was.',
    );
    await idle();
    const lying = new File([zipBytes([zerosEntry('x/data/tweets.js', 1024, 1024 * 1024)])], 'lying.zip');
    choose([lying]);
    await vi.waitFor(() => expect($('[role="status"]').textContent).toContain('lying.zip could not be read'));
    expect($('[role="status"]').textContent).toContain('inflates to more than the 1 MiB it declares');
    await idle();
    expect(await contents(archive)).toEqual(before);
    expect($('.counts').getAttribute('data-tweets')).toBe('1');
  });

  it('a quota error: says so, and the archive stays as it was', async () => {
    const { archive, $, choose, idle } = await mount();
    choose([hugo()]);
    await vi.waitFor(() => expect($('.counts').getAttribute('data-tweets')).toBe('1'));
    await idle();
    const before = await contents(archive);
    const records = JSON.stringify({ format: 'tweet-mender-user-archive', tweets: tweets(0, 800), articles: [] });
    quotaFailsAt(300);
    choose([new File([records], 'mine.json')]);
    await vi.waitFor(() => expect($('[role="status"]').textContent).toContain('Nothing was imported'));
    expect($('[role="status"]').textContent).toContain('mine.json could not be read');
    expect($('[role="status"]').textContent).toContain(
      'the browser has no more room for it (its storage quota is full)',
    );
    await idle();
    vi.restoreAllMocks();
    expect(await contents(archive)).toEqual(before);
  });
});
